import Foundation
import NIOConcurrencyHelpers
import NIOCore
import NIOHPACK
import NIOHTTP2
import NIOPosix
import NIOSSL
import Testing

/// Records the frames an HTTP/2 client receives.
final class FrameCollector: ChannelInboundHandler, Sendable {
    typealias InboundIn = HTTP2Frame
    private let goAway = NIOLockedValueBox<HTTP2ErrorCode?>(nil)

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        if case .goAway(_, let code, _) = unwrapInboundIn(data).payload {
            goAway.withLockedValue { $0 = code }
        }
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        context.close(promise: nil)
    }

    var goAwayCode: HTTP2ErrorCode? { goAway.withLockedValue { $0 } }
}

@Suite("HTTP/2 abuse", .serialized)
struct HTTP2AbuseTests {
    /// CVE-2023-44487 "rapid reset": streams opened and cancelled at once, as fast as the client
    /// can write. The server must end that connection (GOAWAY) and keep serving everyone else.
    @Test func rapidResetEndsTheConnection() async throws {
        try await withServer(try await TestServer.start(http2: true)) { server, clients in
            var tls = TLSConfiguration.makeClientConfiguration()
            tls.trustRoots = .certificates(try NIOSSLCertificate.fromPEMBytes(Array(server.certificates.caPEM.utf8)))
            tls.applicationProtocols = ["h2"]
            let context = try NIOSSLContext(configuration: tls)
            let frames = FrameCollector()
            let channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
                .channelInitializer { channel in
                    channel.eventLoop.makeCompletedFuture {
                        try channel.pipeline.syncOperations.addHandler(try NIOSSLClientHandler(context: context, serverHostname: "localhost"))
                        try channel.pipeline.syncOperations.addHandler(NIOHTTP2Handler(mode: .client))
                        try channel.pipeline.syncOperations.addHandler(frames)
                    }
                }
                .connect(host: "127.0.0.1", port: server.ports.admission).get()
            let headers = HPACKHeaders([(":method", "POST"), (":scheme", "https"), (":path", "/validate"),
                                        (":authority", "localhost"), ("content-type", "application/json")])
            let before = residentBytes()
            let attempted = 5000
            var sent = 0
            for i in 0..<attempted {
                guard channel.isActive, frames.goAwayCode == nil else { break }
                let stream = HTTP2StreamID(1 + 2 * i)
                channel.write(HTTP2Frame(streamID: stream, payload: .headers(.init(headers: headers, endStream: false))), promise: nil)
                channel.write(HTTP2Frame(streamID: stream, payload: .rstStream(.cancel)), promise: nil)
                sent += 1
                if i % 25 == 24 {
                    do {
                        try await channel.writeAndFlush(HTTP2Frame(streamID: .rootStream, payload: .ping(HTTP2PingData(withInteger: UInt64(i)), ack: false)))
                    } catch {
                        break
                    }
                }
            }
            channel.flush()
            let ended = await closes(channel, within: .seconds(30))
            #expect(ended || frames.goAwayCode != nil, "the server kept a connection open after \(sent) reset streams")
            #expect(sent < attempted, "all \(sent) rapid resets were accepted")
            if let code = frames.goAwayCode { #expect(code == .enhanceYourCalm || code == .protocolError, "\(code)") }
            #expect(residentBytes() - before < memoryBudget(mebibytes: 64))

            let client = try clients.make(trusting: server.certificates.caPEM, http2: true)
            let reply = try await post(client, server.baseURL + "/validate", body: review(soValid, uid: "rr"))
            #expect(reply.version == .http2)
            expectAcceptableToKubeAPIServer(reply, uid: "rr", mutating: false)
        }
    }
}
