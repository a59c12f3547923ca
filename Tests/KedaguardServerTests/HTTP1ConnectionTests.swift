import KedaguardCore
import KedaguardServer
import Testing

/// The admission listener's HTTP/1.1 connections over real TLS: what a keep-alive client that
/// pipelines, or sends a body that is too large, sees.
@Suite("HTTP/1.1 connections")
struct HTTP1ConnectionTests {
    @Test func pipelinedRequestsAreAnsweredInOrder() async throws {
        try await expectAnsweredInOrder(uids: (1...5).map { "p\($0)" }) { admissionRequest(uid: $0) }
    }

    /// Thousands of small requests sent in one go (hundreds per read) are all answered, in
    /// order, and the connection stays open.
    @Test func thousandsOfPipelinedRequestsAreAnsweredInOrder() async throws {
        try await expectAnsweredInOrder(uids: (1...2_000).map { "d\($0)" }) { uid in
            let body = Array(#"{"apiVersion":"admission.k8s.io/v1","kind":"AdmissionReview","request":{"uid":"\#(uid)","operation":"DELETE"}}"#.utf8)
            return Array("POST /validate HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: \(body.count)\r\n\r\n".utf8) + body
        }
    }

    /// Sends the requests for `uids` in one write and expects a 200 for each, in order, on a
    /// connection that stays open.
    private func expectAnsweredInOrder(uids: [String], request: (String) -> [UInt8],
                                       sourceLocation: SourceLocation = #_sourceLocation) async throws {
        try await withServer(try await TestServer.start()) { server, _ in
            let connection = try await RawConnection.tls(port: server.ports.admission, caPEM: server.certificates.caPEM)
            try await connection.send(uids.flatMap(request))
            try await waitFor { completeResponses(connection.received) == uids.count }
            let responses = parseResponses(connection.received)
            #expect(responses.map(\.status) == Array(repeating: 200, count: uids.count), sourceLocation: sourceLocation)
            #expect(responses.map(answeredUID) == uids, sourceLocation: sourceLocation)
            #expect(connection.channel.isActive, sourceLocation: sourceLocation)
            await connection.close()
        }
    }

    /// 413 for a body over the limit, and the same connection answers the next request.
    @Test func theConnectionOutlivesA413() async throws {
        let handler = AdmissionHandler(settings: AdmissionSettings(maxBodyBytes: 2000))
        try await withServer(try await TestServer.start(handler: handler)) { server, _ in
            let connection = try await RawConnection.tls(port: server.ports.admission, caPEM: server.certificates.caPEM)
            let big = [UInt8](repeating: UInt8(ascii: " "), count: 50_000)
            try await connection.send(Array("POST /validate HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: \(big.count)\r\n\r\n".utf8) + big)
            try await connection.send(admissionRequest(uid: "next"))
            try await waitFor { completeResponses(connection.received) == 2 }
            let responses = parseResponses(connection.received)
            #expect(responses.map(\.status) == [413, 200])
            #expect(responses.last.flatMap(answeredUID) == "next")
            #expect(connection.channel.isActive)
            await connection.close()
        }
    }
}
