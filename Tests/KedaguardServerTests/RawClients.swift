import Foundation
import NIOConcurrencyHelpers
import NIOCore
import NIOPosix
import NIOSSL
import NIOTLS
import Testing

/// Collects every byte a connection receives.
final class ByteCollector: ChannelInboundHandler, Sendable {
    typealias InboundIn = ByteBuffer
    private let box = NIOLockedValueBox<[UInt8]>([])

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let buffer = unwrapInboundIn(data)
        box.withLockedValue { $0 += buffer.readableBytesView }
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        context.close(promise: nil)
    }

    var bytes: [UInt8] { box.withLockedValue { $0 } }
}

/// A client connection that writes whatever bytes a test wants, over TLS or plain TCP, and keeps
/// what comes back: for requests no well-behaved client library would send.
struct RawConnection {
    let channel: any Channel
    let collector: ByteCollector

    /// TLS to the test server, trusting its CA, with the given ALPN offer. Returns once the
    /// handshake is done.
    static func tls(port: Int, caPEM: String, alpn: [String] = ["http/1.1"]) async throws -> RawConnection {
        var tls = TLSConfiguration.makeClientConfiguration()
        tls.trustRoots = .certificates(try NIOSSLCertificate.fromPEMBytes(Array(caPEM.utf8)))
        tls.applicationProtocols = alpn
        let context = try NIOSSLContext(configuration: tls)
        let collector = ByteCollector()
        let handshake = NIOLockedValueBox<EventLoopFuture<Void>?>(nil)
        let channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    let ssl = try NIOSSLClientHandler(context: context, serverHostname: "localhost")
                    try channel.pipeline.syncOperations.addHandler(ssl)
                    try channel.pipeline.syncOperations.addHandler(collector)
                    let done = channel.eventLoop.makePromise(of: Void.self)
                    try channel.pipeline.syncOperations.addHandler(HandshakeWaiter(done: done), position: .after(ssl))
                    handshake.withLockedValue { $0 = done.futureResult }
                }
            }
            .connect(host: "127.0.0.1", port: port).get()
        try await handshake.withLockedValue { $0! }.get()
        return RawConnection(channel: channel, collector: collector)
    }

    /// Plain TCP: for clients that never finish (or never start) a TLS handshake.
    static func tcp(port: Int) async throws -> RawConnection {
        let collector = ByteCollector()
        let channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .channelInitializer { $0.pipeline.addHandler(collector) }
            .connect(host: "127.0.0.1", port: port).get()
        return RawConnection(channel: channel, collector: collector)
    }

    func send(_ text: String) async throws { try await send(Array(text.utf8)) }

    func send(_ bytes: [UInt8]) async throws {
        try await channel.writeAndFlush(ByteBuffer(bytes: bytes))
    }

    var received: [UInt8] { collector.bytes }

    func closed(within limit: Duration) async -> Bool { await closes(channel, within: limit) }

    func close() async { try? await channel.close() }
}

/// Completes a promise when the TLS handshake is done (or fails).
private final class HandshakeWaiter: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = NIOAny
    let done: EventLoopPromise<Void>

    init(done: EventLoopPromise<Void>) { self.done = done }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if let tls = event as? TLSUserEvent, case .handshakeCompleted = tls {
            done.succeed()
        }
        context.fireUserInboundEventTriggered(event)
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        done.fail(error)
        context.fireErrorCaught(error)
    }

    func channelInactive(context: ChannelHandlerContext) {
        done.fail(ChannelError.ioOnClosedChannel)
        context.fireChannelInactive()
    }
}

/// One HTTP/1.1 response as it came over the wire.
struct RawResponse {
    var status: Int
    var headers: [(String, String)]
    var body: [UInt8]

    func header(_ name: String) -> String? { headers.first { $0.0.lowercased() == name.lowercased() }?.1 }
}

/// Splits received bytes into HTTP/1.1 responses (Content-Length or chunked bodies). Anything
/// that is not a well-formed response, or bytes left over that do not start one, is an issue.
func parseResponses(_ bytes: [UInt8], sourceLocation: SourceLocation = #_sourceLocation) -> [RawResponse] {
    var responses: [RawResponse] = []
    var rest = bytes[...]
    let crlfcrlf: [UInt8] = [13, 10, 13, 10]
    func fail(_ why: String) {
        Issue.record(Comment(rawValue: "malformed response (\(why)): \(String(decoding: rest.prefix(300), as: UTF8.self))"), sourceLocation: sourceLocation)
    }
    while !rest.isEmpty {
        guard let end = rest.firstRange(of: crlfcrlf) else { fail("no end of head"); return responses }
        let head = String(decoding: rest[rest.startIndex..<end.lowerBound], as: UTF8.self)
        var lines = head.components(separatedBy: "\r\n")
        let statusLine = lines.removeFirst().split(separator: " ", maxSplits: 2)
        guard statusLine.count >= 2, statusLine[0] == "HTTP/1.1", let status = Int(statusLine[1]), (100...599).contains(status) else {
            fail("status line"); return responses
        }
        var headers: [(String, String)] = []
        for line in lines {
            guard let colon = line.firstIndex(of: ":") else { fail("header line \(line)"); return responses }
            headers.append((String(line[..<colon]), line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)))
        }
        var response = RawResponse(status: status, headers: headers, body: [])
        rest = rest[end.upperBound...]
        if let length = response.header("content-length").flatMap(Int.init) {
            guard rest.count >= length else { fail("body shorter than Content-Length"); return responses }
            response.body = Array(rest.prefix(length))
            rest = rest.dropFirst(length)
        } else if response.header("transfer-encoding")?.lowercased() == "chunked" {
            while true {
                guard let lineEnd = rest.firstRange(of: [13, 10]),
                      let size = Int(String(decoding: rest[rest.startIndex..<lineEnd.lowerBound], as: UTF8.self), radix: 16),
                      rest.count >= lineEnd.upperBound - rest.startIndex + size + 2 else {
                    fail("chunk"); return responses
                }
                rest = rest[lineEnd.upperBound...]
                response.body += rest.prefix(size)
                rest = rest.dropFirst(size + 2)
                if size == 0 { break }
            }
        } else if status >= 200, status != 204, status != 304 {
            fail("no length"); return responses
        }
        responses.append(response)
    }
    return responses
}

/// The process's resident memory; the servers under test run in this process.
func residentBytes() -> Int {
    guard let text = try? String(contentsOfFile: "/proc/self/statm", encoding: .utf8) else { return 0 }
    let fields = text.split(separator: " ")
    guard fields.count > 1, let pages = Int(fields[1]) else { return 0 }
    return pages * Int(sysconf(Int32(_SC_PAGESIZE)))
}

/// Raises the soft limit on open files to the hard limit; returns the limit now in force.
func raiseOpenFileLimit() -> Int {
    var limit = rlimit()
    guard getrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit) == 0 else { return 1024 }
    if limit.rlim_cur < limit.rlim_max {
        limit.rlim_cur = limit.rlim_max
        _ = setrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit)
        _ = getrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit)
    }
    return Int(clamping: limit.rlim_cur)
}

let mebibyte = 1024 * 1024

/// A memory bound of `n` MiB for this build. Under ThreadSanitizer every allocation carries
/// shadow memory and history (its manual puts the overhead at 5-10x), under AddressSanitizer
/// redzones and quarantine (about 3x); scripts/sanitize.sh says which one runs.
func memoryBudget(mebibytes n: Int) -> Int {
    switch ProcessInfo.processInfo.environment["KEDAGUARD_SANITIZER"] {
    case "thread": n * mebibyte * 8
    case "address": n * mebibyte * 3
    default: n * mebibyte
    }
}
