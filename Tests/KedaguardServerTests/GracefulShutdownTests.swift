import AsyncHTTPClient
import Foundation
import KedaguardCore
import NIOConcurrencyHelpers
import NIOCore
import Testing

/// A request body that sends its first half, then waits until released.
final class HeldBody: Sendable {
    private let gate = NIOLockedValueBox<CheckedContinuation<Void, Never>?>(nil)
    private let released = NIOLockedValueBox(false)
    let firstHalfSent = NIOLockedValueBox(false)

    func release() {
        released.withLockedValue { $0 = true }
        gate.withLockedValue { $0?.resume(); $0 = nil }
    }

    func waitForRelease() async {
        await withCheckedContinuation { (c: CheckedContinuation<Void, Never>) in
            let already = released.withLockedValue { $0 }
            if already { c.resume() } else { gate.withLockedValue { $0 = c } }
        }
    }
}

@Suite("graceful shutdown of the real binary")
struct GracefulShutdownTests {
    @Test func sigtermFinishesInFlightRequestsAndExitsZero() async throws {
        let dir = temporaryDirectory()
        let server = try ServeProcess.start(["--self-signed", "--cert-dir", dir, "--port", "0", "--host", "127.0.0.1",
                                             "--metrics-bind-address", "127.0.0.1:0", "--health-probe-bind-address", "127.0.0.1:0",
                                             "--log-format", "json", "--log-level", "info"])
        let process = server.process
        defer { if process.isRunning { process.terminate() } }

        let ports = try await server.ports(of: "admission webhook serving", "health endpoint serving", "metrics endpoint serving")
        let (port, health, metrics) = (ports[0], ports[1], ports[2])
        let ca = try String(contentsOfFile: dir + "/ca.crt", encoding: .utf8)
        let clients = Clients()
        do {
            let client = try clients.make(trusting: ca, http2: false)
            #expect(try await plainGet("http://127.0.0.1:\(health)/readyz").status == 200)

            // A request whose body is only half sent when SIGTERM arrives.
            let body = review(soValid, uid: "in-flight")
            let half = body.count / 2
            let held = HeldBody()
            var request = HTTPClientRequest(url: "https://localhost:\(port)/validate?timeout=10s")
            request.method = .POST
            request.headers.add(name: "Content-Type", value: "application/json")
            request.body = .stream(AsyncStream<ByteBuffer> { continuation in
                Task {
                    continuation.yield(ByteBuffer(bytes: body[..<half]))
                    held.firstHalfSent.withLockedValue { $0 = true }
                    await held.waitForRelease()
                    continuation.yield(ByteBuffer(bytes: body[half...]))
                    continuation.finish()
                }
            }, length: .known(Int64(body.count)))
            let inFlight = Task { () -> Reply in
                let response = try await client.execute(request, timeout: .seconds(60))
                let bytes = try await response.body.collect(upTo: 1 << 20)
                return Reply(status: Int(response.status.code), contentType: response.headers.first(name: "Content-Type"),
                             body: String(buffer: bytes), version: response.version)
            }
            try await waitFor { held.firstHalfSent.withLockedValue { $0 } }
            // The responder has the request (head read, body still coming).
            try await waitFor { try await plainGet("http://127.0.0.1:\(metrics)/metrics").body.contains("kedaguard_webhook_requests_in_flight 1") }

            kill(process.processIdentifier, SIGTERM)
            // Readiness goes off first, so Kubernetes stops sending new requests.
            try await waitFor { (try? await plainGet("http://127.0.0.1:\(health)/readyz").status) == 503 }
            #expect(process.isRunning, "the server must wait for the in-flight request")

            held.release()
            let reply = try await inFlight.value
            expectAcceptableToKubeAPIServer(reply, uid: "in-flight", mutating: false)

            try await waitFor { !process.isRunning }
            #expect(process.terminationReason == .exit)
            #expect(process.terminationStatus == 0)
        } catch {
            Issue.record(error)
        }
        await clients.shutdown()
        server.stopReadingLogs()
        try? FileManager.default.removeItem(atPath: dir)
    }
}


@Suite("draining before shutdown")
struct DrainTests {
    /// With a shutdown delay, an open keep-alive connection gets its next answer with
    /// `Connection: close` and is then closed by the server, while new connections are still
    /// served: no client writes a request into a connection the server is about to close.
    @Test func keepAliveConnectionsAreClosedAfterTheirNextAnswer() async throws {
        let server = try await TestServer.start(shutdownDelay: .seconds(3))
        let body = review(soValid, uid: "d")
        let request = Array("POST /validate HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: \(body.count)\r\n\r\n".utf8) + body
        let connection = try await RawConnection.tls(port: server.ports.admission, caPEM: server.certificates.caPEM)
        try await connection.send(request)
        try await waitFor { parseResponses(connection.received).count == 1 }
        #expect(parseResponses(connection.received).first?.header("connection") == nil)

        await server.group.triggerGracefulShutdown()
        try await waitFor { (try? await plainGet("http://127.0.0.1:\(server.ports.health!)/readyz").status) == 503 }
        try await connection.send(request)
        #expect(await connection.closed(within: .seconds(20)))
        let answers = parseResponses(connection.received)
        #expect(answers.map(\.status) == [200, 200])
        #expect(answers.last?.header("connection")?.lowercased() == "close")

        // The listener still accepts during the delay (the pod may still be in the endpoints).
        let late = try await RawConnection.tls(port: server.ports.admission, caPEM: server.certificates.caPEM)
        try await late.send(request)
        #expect(await late.closed(within: .seconds(20)))
        #expect(parseResponses(late.received).map(\.status) == [200])
        try await server.task.value
    }
}
