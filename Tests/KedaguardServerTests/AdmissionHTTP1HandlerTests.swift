import KedaguardCore
import NIOConcurrencyHelpers
import NIOCore
import NIOEmbedded
import NIOHTTP1
import Testing
@testable import KedaguardServer

/// Holds callers until released; counts who waits.
final class Gate: Sendable {
    private let state = NIOLockedValueBox<(open: Bool, waiting: [CheckedContinuation<Void, Never>])>((false, []))

    func wait() async {
        await withCheckedContinuation { (c: CheckedContinuation<Void, Never>) in
            let resumeNow = state.withLockedValue { s -> Bool in
                if s.open { return true }
                s.waiting.append(c)
                return false
            }
            if resumeNow { c.resume() }
        }
    }

    var waiters: Int { state.withLockedValue { $0.waiting.count } }

    func open() {
        let waiting = state.withLockedValue { s -> [CheckedContinuation<Void, Never>] in
            s.open = true
            defer { s.waiting = [] }
            return s.waiting
        }
        for c in waiting { c.resume() }
    }
}

/// Knows nothing, like `NoLookup`, but a workload named "slow" is looked up only once the gate
/// opens: a request that is being answered for as long as a test wants.
struct GatedLookup: ObjectLookup {
    let gate: Gate
    private let none = NoLookup()

    func workload(_ ref: WorkloadRef) async -> Lookup<WorkloadInfo> {
        if ref.name == "slow" { await gate.wait() }
        return await none.workload(ref)
    }
    func horizontalPodAutoscalers(targeting target: WorkloadRef) async -> Lookup<[HPAInfo]> { await none.horizontalPodAutoscalers(targeting: target) }
    func scaledObjects(targeting target: WorkloadRef) async -> Lookup<[ScaledObjectInfo]> { await none.scaledObjects(targeting: target) }
    func scaledObjects(namespace: String, hpaName: String) async -> Lookup<[ScaledObjectInfo]> { await none.scaledObjects(namespace: namespace, hpaName: hpaName) }
    func limitRanges(namespace: String) async -> Lookup<[LimitRangeInfo]> { await none.limitRanges(namespace: namespace) }
    func authentication(kind: ResourceKind, namespace: String?, name: String) async -> Lookup<AuthenticationInfo> {
        await none.authentication(kind: kind, namespace: namespace, name: name)
    }
    func secret(namespace: String, name: String) async -> Lookup<SecretInfo> { await none.secret(namespace: namespace, name: name) }
}

/// The HTTP/1.1 pipeline the admission listener builds, on a test channel without TLS, with
/// time that moves only when a test says so.
struct HTTP1Connection {
    let channel: NIOAsyncTestingChannel
    let readiness = Readiness()
    let metrics = WebhookMetrics()
    private let received = NIOLockedValueBox<[UInt8]>([])

    init(maxBodyBytes: Int = AdmissionSettings.defaultMaxBodyBytes, hardBodyLimit: Int? = nil, idleTimeout: Duration = .seconds(120),
         lookup: any ObjectLookup = NoLookup(), first: (any ChannelHandler & Sendable)? = nil) async throws {
        let handler = AdmissionHandler(settings: AdmissionSettings(maxBodyBytes: maxBodyBytes), lookup: lookup)
        let responder = AdmissionResponder(handler: handler, metrics: metrics, readiness: readiness, logger: TestServer.quietLogger)
        let limits = ConnectionLimits(idleTimeout: idleTimeout, hardBodyLimit: hardBodyLimit ?? maxBodyBytes + 1024 * 1024)
        let channel = NIOAsyncTestingChannel()
        try await channel.testingEventLoop.executeInContext {
            if let first { try channel.pipeline.syncOperations.addHandler(first) }
            try AdmissionChannel.addHTTP1Handlers(to: channel, responder: responder, limits: limits)
        }
        try await channel.connect(to: SocketAddress(ipAddress: "127.0.0.1", port: 9443))
        self.channel = channel
    }

    func send(_ bytes: [UInt8]) async throws {
        try await channel.writeInbound(ByteBuffer(bytes: bytes))
    }

    func send(_ text: String) async throws { try await send(Array(text.utf8)) }

    /// Sends `bytes`, whose first request names the workload "slow", and waits until the
    /// responder is held at `gate` answering it.
    func sendHeld(_ bytes: [UInt8], at gate: Gate) async throws {
        try await send(bytes)
        // The answer is a task queued on the connection's loop, which this test loop runs only
        // when told to.
        try await waitFor {
            await channel.testingEventLoop.run()
            return gate.waiters == 1
        }
    }

    /// Waits until `count` whole responses have been written (bounded), and returns every
    /// response written so far.
    func responses(_ count: Int, sourceLocation: SourceLocation = #_sourceLocation) async throws -> [RawResponse] {
        for _ in 0..<3000 {
            await channel.testingEventLoop.run()
            while let part = try await channel.readOutbound(as: IOData.self) {
                guard case .byteBuffer(let buffer) = part else { continue }
                received.withLockedValue { $0 += buffer.readableBytesView }
            }
            let bytes = received.withLockedValue { $0 }
            if completeResponses(bytes) >= count { return parseResponses(bytes, sourceLocation: sourceLocation) }
            try await Task.sleep(for: .milliseconds(10))
        }
        Issue.record("\(count) responses not written within 30 s", sourceLocation: sourceLocation)
        return parseResponses(received.withLockedValue { $0 }, sourceLocation: sourceLocation)
    }

    func advance(by amount: TimeAmount) async {
        await channel.testingEventLoop.advanceTime(by: amount)
    }

    var isActive: Bool { channel.isActive }

    var inFlight: Bool { metrics.render().contains("kedaguard_webhook_requests_in_flight 1") }
}

/// Counts the reads that reach the channel.
final class ReadCounter: ChannelOutboundHandler, Sendable {
    typealias OutboundIn = NIOAny
    private let reads = NIOLockedValueBox(0)

    func read(context: ChannelHandlerContext) {
        reads.withLockedValue { $0 += 1 }
        context.read()
    }

    var count: Int { reads.withLockedValue { $0 } }
}

/// Whole responses at the start of `bytes` (each has a Content-Length).
func completeResponses(_ bytes: [UInt8]) -> Int {
    var count = 0
    var rest = bytes[...]
    while let end = rest.firstRange(of: [13, 10, 13, 10]) {
        let head = String(decoding: rest[rest.startIndex..<end.lowerBound], as: UTF8.self).lowercased()
        guard let line = head.components(separatedBy: "\r\n").first(where: { $0.hasPrefix("content-length:") }),
              let length = Int(line.dropFirst("content-length:".count).trimmingCharacters(in: .whitespaces)),
              rest.count - (end.upperBound - rest.startIndex) >= length else { break }
        rest = rest[(end.upperBound + length)...]
        count += 1
    }
    return count
}

func admissionRequest(uid: String, workload: String = "web", extraHeaders: String = "", version: String = "HTTP/1.1") -> [UInt8] {
    let object = soValid.replacingOccurrences(of: #""scaleTargetRef":{"name":"web"}"#, with: #""scaleTargetRef":{"name":"\#(workload)"}"#)
    let body = review(object, uid: uid)
    return Array("POST /validate \(version)\r\nHost: localhost\r\nContent-Type: application/json\r\n\(extraHeaders)Content-Length: \(body.count)\r\n\r\n".utf8) + body
}

/// The uid in an AdmissionReview answer.
func answeredUID(_ response: RawResponse) -> String? {
    parseJSON(String(decoding: response.body, as: UTF8.self))?["response"]?["uid"]?.stringValue
}

@Suite("HTTP/1.1 admission handler")
struct AdmissionHTTP1HandlerTests {
    /// Pipelined requests are answered one at a time, in order: the second is not even looked at
    /// while the first is being answered.
    @Test func pipelinedRequestsAreAnsweredInOrder() async throws {
        let gate = Gate()
        let connection = try await HTTP1Connection(lookup: GatedLookup(gate: gate))
        try await connection.sendHeld(admissionRequest(uid: "p1", workload: "slow") + admissionRequest(uid: "p2") + admissionRequest(uid: "p3"), at: gate)
        await connection.channel.testingEventLoop.run()
        #expect(try await connection.channel.readOutbound(as: IOData.self) == nil)
        gate.open()
        let responses = try await connection.responses(3)
        #expect(responses.map(\.status) == [200, 200, 200])
        #expect(responses.map(answeredUID) == ["p1", "p2", "p3"])
        #expect(responses.allSatisfy { $0.header("connection") == nil })
        #expect(connection.isActive)
    }

    /// Hundreds of requests pipelined behind an answer that waits are taken up in order once it
    /// is written.
    @Test func manyRequestsQueuedBehindAHeldAnswerAreAnsweredInOrder() async throws {
        let gate = Gate()
        let connection = try await HTTP1Connection(lookup: GatedLookup(gate: gate))
        let uids = (1...300).map { "q\($0)" }
        try await connection.sendHeld(admissionRequest(uid: "first", workload: "slow") + uids.flatMap { admissionRequest(uid: $0) }, at: gate)
        gate.open()
        let responses = try await connection.responses(uids.count + 1)
        #expect(responses.map(answeredUID) == ["first"] + uids)
        #expect(responses.allSatisfy { $0.status == 200 })
        #expect(connection.isActive)
    }

    /// The idle timeout closes a connection that has nothing in progress, counted from its last
    /// answer; a connection waiting for an answer is not idle, however long the answer takes.
    @Test func idleTimeoutSparesConnectionsWaitingForAnAnswer() async throws {
        let gate = Gate()
        let connection = try await HTTP1Connection(idleTimeout: .seconds(5), lookup: GatedLookup(gate: gate))
        await connection.advance(by: .seconds(4))
        #expect(connection.isActive)
        try await connection.sendHeld(admissionRequest(uid: "i1", workload: "slow"), at: gate)
        // Far past both the idle timeout and the read deadline: the request was read in full.
        await connection.advance(by: .seconds(60))
        #expect(connection.isActive)
        gate.open()
        #expect(try await connection.responses(1).map(\.status) == [200])
        await connection.advance(by: .seconds(4))
        #expect(connection.isActive)
        await connection.advance(by: .seconds(2))
        #expect(!connection.isActive)
    }

    @Test func anIdleConnectionIsClosed() async throws {
        let connection = try await HTTP1Connection(idleTimeout: .seconds(5))
        await connection.advance(by: .seconds(4))
        #expect(connection.isActive)
        await connection.advance(by: .seconds(2))
        #expect(!connection.isActive)
    }

    /// A body over the admission limit gets 413, as soon as its declared length or its bytes
    /// pass the limit; the rest of it is read and dropped, and the connection serves the next
    /// request (closing would make the client's upload fail before it reads the 413).
    @Test func aBodyOverTheLimitGets413AndTheConnectionStaysUsable() async throws {
        let connection = try await HTTP1Connection(maxBodyBytes: 2000)
        let big = [UInt8](repeating: UInt8(ascii: " "), count: 3000)
        try await connection.send(Array("POST /validate HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: 3000\r\n\r\n".utf8))
        #expect(try await connection.responses(1).map(\.status) == [413])
        try await connection.send(big)
        // Chunked: no length up front, refused once the bytes pass the limit.
        let chunk = Array("3e8\r\n".utf8) + big.prefix(1000) + Array("\r\n".utf8)
        try await connection.send(Array("POST /validate HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n".utf8)
                                  + chunk + chunk + chunk)
        #expect(try await connection.responses(2).map(\.status) == [413, 413])
        try await connection.send(chunk + Array("0\r\n\r\n".utf8) + admissionRequest(uid: "after"))
        let responses = try await connection.responses(3)
        #expect(responses.map(\.status) == [413, 413, 200])
        #expect(answeredUID(responses[2]) == "after")
        #expect(connection.isActive)
        #expect(!connection.inFlight)
    }

    /// Past the hard limit the connection is closed: the client was told 413 long before.
    @Test func aBodyPastTheHardLimitClosesTheConnection() async throws {
        let connection = try await HTTP1Connection(maxBodyBytes: 1000, hardBodyLimit: 5000)
        try await connection.send("POST /validate HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: 100000\r\n\r\n")
        for _ in 0..<4 {
            try await connection.send([UInt8](repeating: UInt8(ascii: " "), count: 1000))
        }
        #expect(try await connection.responses(1).map(\.status) == [413])
        #expect(connection.isActive)
        try await connection.send([UInt8](repeating: UInt8(ascii: " "), count: 2000))
        #expect(!connection.isActive)
    }

    /// The client asks to close (`Connection: close`, or HTTP/1.0 without keep-alive), or the
    /// server drains before shutdown: the answer says `Connection: close` and the connection
    /// closes after it.
    @Test("answers that close the connection", arguments: ["close", "http/1.0", "draining"])
    func answersThatClose(reason: String) async throws {
        let connection = try await HTTP1Connection()
        if reason == "draining" { connection.readiness.update { $0.shuttingDown = true } }
        try await connection.send(admissionRequest(uid: "c", extraHeaders: reason == "close" ? "Connection: close\r\n" : "",
                                                   version: reason == "http/1.0" ? "HTTP/1.0" : "HTTP/1.1"))
        let responses = try await connection.responses(1)
        #expect(responses.map(\.status) == [200])
        #expect(responses.first?.header("connection") == "close")
        await connection.channel.testingEventLoop.run()
        #expect(!connection.isActive)
    }

    /// Wrong method and unknown paths are answered from the head; the connection goes on.
    @Test func methodsAndPathsAreAnsweredFromTheHead() async throws {
        let connection = try await HTTP1Connection()
        try await connection.send("GET /validate HTTP/1.1\r\nHost: localhost\r\n\r\n")
        try await connection.send("POST /nowhere?x=1 HTTP/1.1\r\nHost: localhost\r\nContent-Length: 3\r\n\r\nabc")
        try await connection.send(admissionRequest(uid: "m"))
        let responses = try await connection.responses(3)
        #expect(responses.map(\.status) == [405, 404, 200])
        #expect(responses[0].header("allow") == "POST")
        #expect(String(decoding: responses[1].body, as: UTF8.self).contains("/nowhere"))
        #expect(answeredUID(responses[2]) == "m")
        #expect(connection.isActive)
    }

    /// The handler writes its answers' bytes itself: a HEAD gets the headers a GET would get
    /// and no body, and the request after it is answered in full on the same connection.
    @Test func aHEADIsAnsweredWithoutABody() async throws {
        let connection = try await HTTP1Connection()
        try await connection.send("HEAD /validate HTTP/1.1\r\nHost: localhost\r\n\r\n")
        try await connection.send("GET /validate HTTP/1.1\r\nHost: localhost\r\n\r\n")
        // The two answers: the HEAD's headers, then a whole 405 (its body per Content-Length).
        func answers(_ bytes: [UInt8]) -> [String] {
            String(decoding: bytes, as: UTF8.self).components(separatedBy: "HTTP/1.1 ").dropFirst().map { $0 }
        }
        var bytes: [UInt8] = []
        for _ in 0..<3000 {
            await connection.channel.testingEventLoop.run()
            while let part = try await connection.channel.readOutbound(as: IOData.self) {
                if case .byteBuffer(let buffer) = part { bytes += buffer.readableBytesView }
            }
            if let last = answers(bytes).dropFirst().last, completeResponses(Array(("HTTP/1.1 " + last).utf8)) == 1 { break }
            try await Task.sleep(for: .milliseconds(10))
        }
        let written = answers(bytes)
        #expect(written.count == 2)
        let head = written.first ?? ""
        #expect(head.hasPrefix("405 Method Not Allowed\r\n"))
        #expect(head.lowercased().contains("allow: post\r\n"))
        #expect(head.hasSuffix("\r\n\r\n"), "the HEAD answer ends with its headers: \(head)")
        let get = parseResponses(Array(("HTTP/1.1 " + (written.last ?? "")).utf8))
        #expect(get.map(\.status) == [405])
        #expect(get.first.map { String(decoding: $0.body, as: UTF8.self).contains("use POST") } == true)
        #expect(connection.isActive)
    }

    /// Graceful shutdown of the listener while a body is still arriving: the request finishes,
    /// its answer says `Connection: close` and the connection closes after it.
    @Test func quiescingLetsTheRequestInProgressFinish() async throws {
        let connection = try await HTTP1Connection()
        let request = admissionRequest(uid: "q")
        try await connection.send(Array(request.prefix(request.count - 10)))
        connection.channel.pipeline.fireUserInboundEventTriggered(ChannelShouldQuiesceEvent())
        #expect(connection.isActive)
        try await connection.send(Array(request.suffix(10)))
        let responses = try await connection.responses(1)
        #expect(responses.map(\.status) == [200])
        #expect(responses.first?.header("connection")?.lowercased() == "close")
        await connection.channel.testingEventLoop.run()
        #expect(!connection.isActive)
    }

    @Test func malformedRequestsGet400AndTheConnectionCloses() async throws {
        let connection = try await HTTP1Connection()
        try await connection.send("POST /validate HTTP/1.1\r\nContent-Length: 4\r\nContent-Length: 40\r\n\r\n")
        #expect(try await connection.responses(1).map(\.status) == [400])
        await connection.channel.testingEventLoop.run()
        #expect(!connection.isActive)
    }

    /// A malformed request behind a pending answer gets its 400 in turn, after that answer.
    @Test func aMalformedPipelinedRequestIsRefusedInTurn() async throws {
        let gate = Gate()
        let connection = try await HTTP1Connection(lookup: GatedLookup(gate: gate))
        try await connection.sendHeld(admissionRequest(uid: "first", workload: "slow"), at: gate)
        try await connection.send("POST /validate HTTP/1.1\r\nContent-Length: 4\r\nContent-Length: 40\r\n\r\n")
        try await connection.send("more bytes after the malformed request\r\n")
        #expect(connection.isActive)
        gate.open()
        let responses = try await connection.responses(2)
        #expect(responses.map(\.status) == [200, 400])
        #expect(answeredUID(responses[0]) == "first")
        #expect(responses[1].header("connection") == "close")
        await connection.channel.testingEventLoop.run()
        #expect(!connection.isActive)
    }

    /// Graceful shutdown while an answer is pending and more requests wait behind it: that
    /// answer says `Connection: close` and the connection closes; the waiting ones are dropped
    /// unanswered (the client knows they were not processed).
    @Test func quiescingDropsPipelinedRequestsNotYetStarted() async throws {
        let gate = Gate()
        let connection = try await HTTP1Connection(lookup: GatedLookup(gate: gate))
        try await connection.sendHeld(admissionRequest(uid: "q1", workload: "slow") + admissionRequest(uid: "q2"), at: gate)
        connection.channel.pipeline.fireUserInboundEventTriggered(ChannelShouldQuiesceEvent())
        await connection.channel.testingEventLoop.run()
        #expect(connection.isActive)
        gate.open()
        let responses = try await connection.responses(1)
        #expect(responses.map(\.status) == [200])
        #expect(answeredUID(responses[0]) == "q1")
        #expect(responses[0].header("connection") == "close")
        await connection.channel.testingEventLoop.run()
        #expect(!connection.isActive)
        #expect(!connection.inFlight)
    }

    /// A client that half-closes after pipelining its requests gets all their answers, then
    /// the connection closes.
    @Test func aHalfClosedClientGetsItsAnswers() async throws {
        let gate = Gate()
        let connection = try await HTTP1Connection(lookup: GatedLookup(gate: gate))
        try await connection.sendHeld(admissionRequest(uid: "h1", workload: "slow") + admissionRequest(uid: "h2"), at: gate)
        connection.channel.pipeline.fireUserInboundEventTriggered(ChannelEvent.inputClosed)
        gate.open()
        let responses = try await connection.responses(2)
        #expect(responses.map(answeredUID) == ["h1", "h2"])
        await connection.channel.testingEventLoop.run()
        #expect(!connection.isActive)
    }

    /// Reads are held back only while pipelined requests wait, not while an answer is pending:
    /// holding them makes NIO take the socket out of epoll and put it back for every request.
    @Test func readsAreHeldOnlyWhileRequestsWait() async throws {
        let gate = Gate()
        let reads = ReadCounter()
        let connection = try await HTTP1Connection(lookup: GatedLookup(gate: gate), first: reads)
        try await connection.sendHeld(admissionRequest(uid: "r1", workload: "slow"), at: gate)
        connection.channel.pipeline.read()
        await connection.channel.testingEventLoop.run()
        #expect(reads.count == 1)
        try await connection.send(admissionRequest(uid: "r2"))
        connection.channel.pipeline.read()
        await connection.channel.testingEventLoop.run()
        #expect(reads.count == 1)
        gate.open()
        #expect(try await connection.responses(2).map(answeredUID) == ["r1", "r2"])
        #expect(reads.count == 2)
    }

    /// A request whose connection closes mid-body leaves the in-flight gauge.
    @Test func aRequestCutOffMidBodyIsNoLongerInFlight() async throws {
        let connection = try await HTTP1Connection()
        try await connection.send(Array(admissionRequest(uid: "x").dropLast(20)))
        #expect(connection.inFlight)
        try await connection.channel.close()
        #expect(!connection.inFlight)
    }
}
