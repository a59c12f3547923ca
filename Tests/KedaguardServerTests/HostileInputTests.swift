import AsyncHTTPClient
import Foundation
import KedaguardCore
import KedaguardServer
import NIOCore
import NIOPosix
import NIOSSL
import Testing

/// What the webhook must survive from a client: broken and malicious bodies, HTTP smuggling
/// shapes, slow and silent clients, many connections. For each: the answer (if any) is
/// well-formed, other clients keep being served, and memory stays bounded. Serialized, so the
/// memory readings are not another test's.
@Suite("hostile input", .serialized)
struct HostileInputTests {
    static let realReview: [UInt8] = Array(try! Data(contentsOf: testdata("admission/validate/scaledobject-create-valid.json")))
    static let realUID = "7f3e2a1c-5b4d-4e8f-9a0b-1c2d3e4f5a6b"

    enum Expect {
        /// An AdmissionReview answer for this uid (allowed or denied).
        case review(String)
        /// A plain-text HTTP error with this status.
        case http(Int)
    }

    /// Bodies no API server sends, each with the answer it must get.
    static func hostileBodies() -> [(String, [UInt8], Expect)] {
        var cases: [(String, [UInt8], Expect)] = []
        let real = realReview
        for cut in stride(from: 1, to: real.count, by: real.count / 9) {
            cases.append(("truncated at \(cut)", Array(real.prefix(cut)), .http(400)))
        }
        let deepArrays = String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000)
        let deepObjects = String(repeating: #"{"a":"#, count: 100_000) + "1" + String(repeating: "}", count: 100_000)
        cases.append(("100k nested arrays in the object", review(#"{"apiVersion":"keda.sh/v1alpha1","kind":"ScaledObject","spec":"# + deepArrays + "}", uid: "d1"), .http(400)))
        cases.append(("100k nested objects in the object", review(#"{"apiVersion":"keda.sh/v1alpha1","kind":"ScaledObject","spec":"# + deepObjects + "}", uid: "d2"), .http(400)))
        cases.append(("100k nested arrays in skipped managedFields",
                      review(#"{"apiVersion":"keda.sh/v1alpha1","kind":"ScaledObject","metadata":{"managedFields":"# + deepArrays + "}}", uid: "d3"), .http(400)))
        cases.append(("100k nested objects at the top", Array(deepObjects.utf8), .http(400)))

        for (i, number) in ["1e999999", "-1e999999", "1e-400", "-0", "18446744073709551616", "-9223372036854775809",
                            String(repeating: "9", count: 100_000), "0." + String(repeating: "0", count: 50_000) + "1"].enumerated() {
            let so = #"{"apiVersion":"keda.sh/v1alpha1","kind":"ScaledObject","metadata":{"name":"web","generation":\#(number)},"spec":{"scaleTargetRef":{"name":"web"},"minReplicaCount":\#(number),"maxReplicaCount":\#(number),"pollingInterval":\#(number),"advanced":{"horizontalPodAutoscalerConfig":{"behavior":{"scaleUp":{"stabilizationWindowSeconds":\#(number),"policies":[{"type":"Pods","value":\#(number),"periodSeconds":\#(number)}]}}}},"triggers":[{"type":"cpu","metricType":"Utilization","metadata":{"value":"50"}}]}}"#
            cases.append(("huge number \(i)", review(so, uid: "n\(i)"), .review("n\(i)")))
        }

        let invalidUTF8: [[UInt8]] = [[0xFF], [0xC0, 0xAF], [0xED, 0xA0, 0x80], [0xE2, 0x82], [0x80], [0xF4, 0x90, 0x80, 0x80]]
        for (i, bad) in invalidUTF8.enumerated() {
            let before = Array(#"{"apiVersion":"keda.sh/v1alpha1","kind":"ScaledObject","metadata":{"name":"w"#.utf8)
            let after = Array(#""},"spec":{"scaleTargetRef":{"name":"web"}}}"#.utf8)
            cases.append(("invalid UTF-8 in a value \(i)", review(String(decoding: [], as: UTF8.self), uid: "u", rawObject: before + bad + after), .http(400)))
            let key = Array(#"{"apiVersion":"keda.sh/v1alpha1","kind":"ScaledObject","metadata":{"k"#.utf8) + bad + Array(#"":1}}"#.utf8)
            cases.append(("invalid UTF-8 in a key \(i)", review("", uid: "u", rawObject: key), .http(400)))
            cases.append(("invalid UTF-8 between tokens \(i)", Array(#"{"apiVersion":"#.utf8) + bad + Array(#""x"}"#.utf8), .http(400)))
        }

        cases.append(("duplicate uid: the last wins", Array(#"{"apiVersion":"admission.k8s.io/v1","kind":"AdmissionReview","request":{"uid":"first","uid":"second","kind":{"group":"keda.sh","version":"v1alpha1","kind":"ScaledObject"},"operation":"CREATE","object":\#(soValid)}}"#.utf8), .review("second")))
        cases.append(("duplicate request", Array(#"{"apiVersion":"admission.k8s.io/v1","kind":"AdmissionReview","request":{"uid":"gone"},"request":{"uid":"kept","operation":"DELETE"}}"#.utf8), .review("kept")))
        cases.append(("duplicate spec fields", review(#"{"apiVersion":"keda.sh/v1alpha1","kind":"ScaledObject","metadata":{"name":"web"},"spec":{"scaleTargetRef":{"name":"web"},"minReplicaCount":1,"minReplicaCount":"x","triggers":[],"triggers":[{"type":"cpu","metricType":"Utilization","metadata":{"value":"50"}}]}}"#, uid: "dup"), .review("dup")))

        for (i, object) in [#""a string""#, "5", "true", "null", "[]", "[{}]"].enumerated() {
            cases.append(("object that is not an object \(i)", review(object, uid: "o\(i)"), .review("o\(i)")))
        }
        cases.append(("no request", Array(#"{"apiVersion":"admission.k8s.io/v1","kind":"AdmissionReview"}"#.utf8), .http(400)))
        cases.append(("request is a list", Array(#"{"apiVersion":"admission.k8s.io/v1","kind":"AdmissionReview","request":[]}"#.utf8), .http(400)))
        cases.append(("request is null", Array(#"{"apiVersion":"admission.k8s.io/v1","kind":"AdmissionReview","request":null}"#.utf8), .http(400)))
        cases.append(("review is a list", Array("[]".utf8), .http(400)))
        cases.append(("empty body", [], .http(400)))
        cases.append(("NUL bytes", [UInt8](repeating: 0, count: 1000), .http(400)))
        return cases + wrongTypes()
    }

    /// Every field of a real review replaced by a value of every other JSON type.
    static func wrongTypes() -> [(String, [UInt8], Expect)] {
        let base = parsedRealReview()
        let values: [Node] = [Node(.null), Node(.bool(true)), .int(7), .string("s"), Node(.sequence([])), Node(.mapping([]))]
        let paths = ["/apiVersion", "/kind", "/request", "/request/kind", "/request/kind/kind", "/request/operation", "/request/name",
                     "/request/namespace", "/request/dryRun", "/request/userInfo", "/request/object", "/request/object/apiVersion",
                     "/request/object/kind", "/request/object/metadata", "/request/object/metadata/name",
                     "/request/object/metadata/labels", "/request/object/metadata/annotations", "/request/object/metadata/managedFields",
                     "/request/object/spec", "/request/object/spec/scaleTargetRef", "/request/object/spec/triggers",
                     "/request/object/spec/triggers/0", "/request/object/spec/triggers/0/metadata", "/request/object/spec/triggers/0/type",
                     "/request/object/spec/minReplicaCount", "/request/object/spec/advanced", "/request/object/spec/fallback"]
        var cases: [(String, [UInt8], Expect)] = []
        for path in paths {
            for value in values {
                let pointer = try! JSONPointer(parsing: path)
                guard let changed = try? JSONPatch.apply([.replace(pointer, value)], to: base) else { continue }
                // Without a readable review (version, kind, request, uid) there is no one to answer.
                let answerable = ["/apiVersion", "/kind", "/request"].allSatisfy { path != $0 }
                cases.append(("\(path) = \(JSONWriter.write(value))", Array(JSONWriter.write(changed).utf8),
                              answerable ? .review(realUID) : .http(400)))
            }
        }
        return cases
    }

    static func parsedRealReview() -> Node {
        var bytes = realReview
        return JSONParser.parse(bytes: &bytes).documents[0].root!
    }

    @Test("hostile bodies get well-formed answers", arguments: [false, true])
    func hostileBodies(http2: Bool) async throws {
        try await withServer(try await TestServer.start(http2: http2)) { server, clients in
            let client = try clients.make(trusting: server.certificates.caPEM, http2: http2)
            let url = server.baseURL + "/validate?timeout=10s"
            let before = residentBytes()
            for (name, body, expect) in Self.hostileBodies() {
                let reply = try await post(client, url, body: body)
                switch expect {
                case .review(let uid):
                    let response = expectAcceptableToKubeAPIServer(reply, uid: uid, mutating: false)
                    #expect(response != nil, "\(name)")
                case .http(let status):
                    #expect(reply.status == status, "\(name): \(reply.status) \(reply.body.prefix(200))")
                    #expect(reply.contentType?.hasPrefix("text/plain") == true, "\(name)")
                }
                // /mutate reads the same bodies; its answers must be as well-formed.
                let mutated = try await post(client, server.baseURL + "/mutate", body: body)
                if case .review(let uid) = expect { expectAcceptableToKubeAPIServer(mutated, uid: uid, mutating: true) }
            }
            // The bodies above total a few MB; the server must not keep them.
            #expect(residentBytes() - before < memoryBudget(mebibytes: 128))
            expectAcceptableToKubeAPIServer(try await post(client, url, body: review(soValid, uid: "after")), uid: "after", mutating: false)
        }
    }

    @Test func contentTypes() async throws {
        try await withServer(try await TestServer.start()) { server, clients in
            let client = try clients.make(trusting: server.certificates.caPEM, http2: false)
            let url = server.baseURL + "/validate"
            for type in ["application/json-patch+json", "application/jsonx", "application/yaml", "text/json", "multipart/form-data; boundary=x", ""] {
                #expect(try await post(client, url, body: review(soValid, uid: "c"), contentType: type).status == 415, "\(type)")
            }
            for type in ["application/json; charset=utf-8", "Application/JSON", " application/json ;charset=UTF-8"] {
                expectAcceptableToKubeAPIServer(try await post(client, url, body: review(soValid, uid: "c"), contentType: type), uid: "c", mutating: false)
            }
        }
    }

    /// A request with `Connection: close` is answered with `Connection: close` and the server
    /// closes: a client must not send another request into that connection.
    @Test func connectionCloseIsAnnounced() async throws {
        try await withServer(try await TestServer.start()) { server, _ in
            let connection = try await RawConnection.tls(port: server.ports.admission, caPEM: server.certificates.caPEM)
            let body = review(soValid, uid: "cc")
            try await connection.send(Array("POST /validate HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\nContent-Type: application/json\r\nContent-Length: \(body.count)\r\n\r\n".utf8) + body)
            #expect(await connection.closed(within: .seconds(30)))
            let responses = parseResponses(connection.received)
            #expect(responses.map(\.status) == [200])
            #expect(responses.first?.header("connection")?.lowercased() == "close")
        }
    }

    /// A 100 MB upload: refused with 413, and the connection is closed long before the body ends,
    /// without the server holding it in memory.
    @Test("a 100 MB body is refused without being read", arguments: [true, false])
    func hundredMegabyteBody(declaresLength: Bool) async throws {
        try await withServer(try await TestServer.start()) { server, clients in
            let total = 100 * 1_000_000
            let connection = try await RawConnection.tls(port: server.ports.admission, caPEM: server.certificates.caPEM)
            let framing = declaresLength ? "Content-Length: \(total)" : "Transfer-Encoding: chunked"
            try await connection.send("POST /validate HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n\(framing)\r\n\r\n")
            let chunk = [UInt8](repeating: UInt8(ascii: " "), count: 64 * 1024)
            let chunkFrame = Array(String(chunk.count, radix: 16).utf8) + [13, 10] + chunk + [13, 10]
            let before = residentBytes()
            var peak = before, sent = 0
            while sent < total {
                do {
                    // A server that stopped reading leaves the write pending: bound each one.
                    let written = connection.channel.eventLoop.makePromise(of: Void.self)
                    connection.channel.writeAndFlush(ByteBuffer(bytes: declaresLength ? chunk : chunkFrame), promise: written)
                    guard try await withTimeout(.seconds(20), { try await written.futureResult.get() }) else { break }
                } catch {
                    break
                }
                sent += chunk.count
                peak = max(peak, residentBytes())
            }
            #expect(sent < total / 4, "the server read \(sent) bytes of a refused body")
            #expect(await connection.closed(within: .seconds(30)))
            // The 413 goes out when the body passes the admission limit, the close follows 1 MiB later.
            #expect(parseResponses(connection.received).map(\.status) == [413])
            #expect(peak - before < memoryBudget(mebibytes: 64), "memory grew by \((peak - before) / mebibyte) MiB")

            let client = try clients.make(trusting: server.certificates.caPEM, http2: false)
            expectAcceptableToKubeAPIServer(try await post(client, server.baseURL + "/validate", body: review(soValid, uid: "b")), uid: "b", mutating: false)
        }
    }

    /// Requests whose framing two HTTP implementations could read differently (RFC 9112 §6.3).
    /// The server must refuse them and close: never answer a second, smuggled request.
    @Test("request smuggling shapes", arguments: [
        "Content-Length: 4\r\nTransfer-Encoding: chunked",
        "Transfer-Encoding: chunked\r\nContent-Length: 4",
        "Content-Length: 4\r\nContent-Length: 40",
        "Content-Length: 4, 40",
        "Content-Length: +4",
        "Content-Length : 4",
        "Transfer-Encoding: chunked, identity",
        "Transfer-Encoding: xchunked",
        "Transfer-Encoding: chunked\r\nTransfer-Encoding: identity",
        "Transfer-Encoding:\tchunked\r\n Content-Length: 4",
    ])
    func smuggling(framing: String) async throws {
        try await withServer(try await TestServer.start()) { server, clients in
            let connection = try await RawConnection.tls(port: server.ports.admission, caPEM: server.certificates.caPEM)
            let smuggled = "GET /smuggled HTTP/1.1\r\nHost: localhost\r\n\r\n"
            try? await connection.send("POST /validate HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n\(framing)\r\n\r\n0\r\n\r\n\(smuggled)")
            #expect(await connection.closed(within: .seconds(30)))
            let responses = parseResponses(connection.received)
            #expect(responses.count <= 1, "answered \(responses.map(\.status))")
            #expect(responses.allSatisfy { $0.status == 400 }, "\(responses.map(\.status))")
            let client = try clients.make(trusting: server.certificates.caPEM, http2: false)
            expectAcceptableToKubeAPIServer(try await post(client, server.baseURL + "/validate", body: review(soValid, uid: "s")), uid: "s", mutating: false)
        }
    }

    /// A bad chunk size (overflowing, negative, not hex): refused, no smuggled answer.
    @Test func brokenChunks() async throws {
        try await withServer(try await TestServer.start()) { server, _ in
            for size in ["ffffffffffffffffffff", "-1", "zz", "4;" + String(repeating: "x", count: 100_000)] {
                let connection = try await RawConnection.tls(port: server.ports.admission, caPEM: server.certificates.caPEM)
                try? await connection.send("POST /validate HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n\(size)\r\n{}\r\n0\r\n\r\nGET /smuggled HTTP/1.1\r\nHost: localhost\r\n\r\n")
                #expect(await connection.closed(within: .seconds(30)), "\(size.prefix(20))")
                let responses = parseResponses(connection.received)
                #expect(responses.count <= 1 && responses.allSatisfy { $0.status >= 400 }, "\(size.prefix(20)): \(responses.map(\.status))")
            }
        }
    }

    /// Slowloris: a request line and headers dribbled a byte at a time. The read deadline counts
    /// from the request's first byte, so the connection is closed although bytes keep coming.
    @Test func dribbledHeadersAreCutOff() async throws {
        let limits = ConnectionLimits(handshakeTimeout: .seconds(5), requestReadTimeout: .milliseconds(500), idleTimeout: .seconds(300))
        try await withServer(try await TestServer.start(limits: limits)) { server, clients in
            let connection = try await RawConnection.tls(port: server.ports.admission, caPEM: server.certificates.caPEM)
            try await connection.send("POST /validate HTTP/1.1\r\n")
            // Valid header lines, one byte every 50 ms.
            let line = Array("X-Slow: aaaaaaaaaaaaaaaa\r\n".utf8)
            let dribble = Task {
                for i in 0..<600 {
                    try await Task.sleep(for: .milliseconds(50))
                    try await connection.send([line[i % line.count]])
                }
            }
            // The idle timeout is five minutes: only the read deadline can close it this soon.
            #expect(await connection.closed(within: .seconds(25)))
            dribble.cancel()
            #expect(parseResponses(connection.received).allSatisfy { $0.status >= 400 })
            let client = try clients.make(trusting: server.certificates.caPEM, http2: false)
            expectAcceptableToKubeAPIServer(try await post(client, server.baseURL + "/validate", body: review(soValid, uid: "l")), uid: "l", mutating: false)
        }
    }

    /// 1,000 connections that finished the handshake and send nothing: the server still serves
    /// others, and each costs little memory.
    @Test func thousandIdleConnections() async throws {
        let wanted = 1000
        let count = min(wanted, (raiseOpenFileLimit() - 200) / 2)
        #expect(count == wanted, "open-file limit allows only \(count) connections")
        try await withServer(try await TestServer.start()) { server, clients in
            let before = residentBytes()
            var connections: [RawConnection] = []
            for batch in stride(from: 0, to: count, by: 50) {
                try await withThrowingTaskGroup(of: RawConnection.self) { group in
                    for _ in batch..<min(batch + 50, count) {
                        group.addTask { try await RawConnection.tls(port: server.ports.admission, caPEM: server.certificates.caPEM) }
                    }
                    for try await c in group { connections.append(c) }
                }
            }
            let client = try clients.make(trusting: server.certificates.caPEM, http2: false)
            expectAcceptableToKubeAPIServer(try await post(client, server.baseURL + "/validate", body: review(soValid, uid: "i")), uid: "i", mutating: false)
            let grown = residentBytes() - before
            // Both ends of every connection live in this process; 1,000 of them must stay well
            // below what 1,000 buffered requests would take.
            #expect(grown < memoryBudget(mebibytes: 256), "\(count) idle connections took \(grown / mebibyte) MiB on both ends")
            #expect(connections.allSatisfy { $0.channel.isActive }, "idle connections must not be dropped before the idle timeout")
            for c in connections { await c.close() }
        }
    }

    /// TLS handshakes that start and never finish: closed after the handshake timeout, while the
    /// server keeps serving.
    @Test func handshakesThatNeverFinish() async throws {
        let limits = ConnectionLimits(handshakeTimeout: .seconds(1), requestReadTimeout: .seconds(10), idleTimeout: .seconds(120))
        try await withServer(try await TestServer.start(limits: limits)) { server, clients in
            // The first bytes of a ClientHello record announcing 512 bytes that never come.
            let partialHello: [UInt8] = [0x16, 0x03, 0x01, 0x02, 0x00, 0x01, 0x00, 0x01, 0xFC, 0x03, 0x03]
            var stalled: [RawConnection] = []
            for i in 0..<200 {
                let c = try await RawConnection.tcp(port: server.ports.admission)
                if i % 2 == 0 { try await c.send(partialHello) }
                stalled.append(c)
            }
            let client = try clients.make(trusting: server.certificates.caPEM, http2: false)
            expectAcceptableToKubeAPIServer(try await post(client, server.baseURL + "/validate", body: review(soValid, uid: "h")), uid: "h", mutating: false)
            var closedCount = 0
            for c in stalled where await c.closed(within: .seconds(30)) { closedCount += 1 }
            #expect(closedCount == stalled.count)
        }
    }
}

/// Runs `body`, giving up after `limit`; false when it gave up.
func withTimeout(_ limit: Duration, _ body: @escaping @Sendable () async throws -> Void) async throws -> Bool {
    try await withThrowingTaskGroup(of: Bool.self) { group in
        group.addTask {
            try await body()
            return true
        }
        group.addTask {
            try await Task.sleep(for: limit)
            return false
        }
        let first = try await group.next()!
        group.cancelAll()
        return first
    }
}

/// An AdmissionReview around raw object bytes (for bytes that are not valid text).
func review(_ object: String, uid: String, rawObject: [UInt8]) -> [UInt8] {
    let head = #"{"apiVersion":"admission.k8s.io/v1","kind":"AdmissionReview","request":{"uid":"\#(uid)","kind":{"group":"keda.sh","version":"v1alpha1","kind":"ScaledObject"},"operation":"CREATE","object":"#
    return Array(head.utf8) + rawObject + Array("}}".utf8)
}
