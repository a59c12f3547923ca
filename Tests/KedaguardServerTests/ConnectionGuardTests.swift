import NIOCore
import NIOEmbedded
import Testing
@testable import KedaguardServer

/// Swallows close, so the channel stays open to see what the handlers do after one.
private final class CloseSwallower: ChannelOutboundHandler {
    typealias OutboundIn = NIOAny
    func close(context: ChannelHandlerContext, mode: CloseMode, promise: EventLoopPromise<Void>?) {
        promise?.succeed()
    }
}

struct ConnectionGuardTests {
    /// Seen in the drain benchmark: during graceful shutdown an idle keep-alive connection is
    /// closed, but TLS keeps reading until the client's close_notify; a request arriving then was
    /// checked and its answer lost. Bytes after a close must not reach HTTP.
    @Test func bytesAfterACloseAreDropped() throws {
        let channel = EmbeddedChannel()
        try channel.pipeline.syncOperations.addHandlers([CloseSwallower(), RequestReadDeadlineHandler(readTimeout: .seconds(10))])
        try channel.writeInbound(ByteBuffer(string: "POST /validate HTTP/1.1\r\n"))
        #expect(try channel.readInbound(as: ByteBuffer.self) == ByteBuffer(string: "POST /validate HTTP/1.1\r\n"))
        channel.pipeline.close(mode: .all, promise: nil)
        try channel.writeInbound(ByteBuffer(string: "POST /validate HTTP/1.1\r\n"))
        #expect(try channel.readInbound(as: ByteBuffer.self) == nil)
        _ = try? channel.finish()
    }

    /// A connected channel with a 10 s read deadline.
    static func connectedWithReadDeadline() throws -> (EmbeddedChannel, RequestReadDeadlineHandler) {
        let channel = EmbeddedChannel()
        let handler = RequestReadDeadlineHandler(readTimeout: .seconds(10))
        try channel.pipeline.syncOperations.addHandler(handler)
        try channel.connect(to: SocketAddress(ipAddress: "127.0.0.1", port: 9443)).wait()
        return (channel, handler)
    }

    /// The read deadline closes a connection whose request does not complete in time, however
    /// often bytes arrive; a request read to its end stops it.
    @Test func readDeadlineRunsFromTheFirstByteToTheEndOfTheRequest() throws {
        let (channel, _) = try Self.connectedWithReadDeadline()
        try channel.writeInbound(ByteBuffer(string: "P"))
        channel.embeddedEventLoop.advanceTime(by: .seconds(9))
        #expect(channel.isActive)
        try channel.writeInbound(ByteBuffer(string: "O"))
        channel.embeddedEventLoop.advanceTime(by: .seconds(2))
        #expect(!channel.isActive)

        let (second, handler) = try Self.connectedWithReadDeadline()
        try second.writeInbound(ByteBuffer(string: "POST / HTTP/1.1\r\n\r\n"))
        handler.requestRead(answerPending: false)
        second.embeddedEventLoop.advanceTime(by: .seconds(60))
        #expect(second.isActive)
        _ = try? second.finish()
    }

    /// The timer outlives the request that armed it: a later request on the same connection gets
    /// its full time, counted from its own first byte, and is still cut off when it runs over.
    @Test func aLaterRequestOnTheConnectionGetsItsOwnDeadline() throws {
        let (channel, handler) = try Self.connectedWithReadDeadline()
        try channel.writeInbound(ByteBuffer(string: "POST / HTTP/1.1\r\n\r\n"))
        handler.requestRead(answerPending: false)
        channel.embeddedEventLoop.advanceTime(by: .seconds(8))
        try channel.writeInbound(ByteBuffer(string: "P"))
        // The first request's timer fires at 10 s; the second request started at 8 s.
        channel.embeddedEventLoop.advanceTime(by: .seconds(9))
        #expect(channel.isActive)
        channel.embeddedEventLoop.advanceTime(by: .seconds(2))
        #expect(!channel.isActive)
    }

    /// A pipelined request that starts arriving while the server works on the answer before it
    /// waits on the server: its time starts when that answer goes out, and it is still cut off
    /// when it runs over from there.
    @Test func timeSpentAnsweringDoesNotCountAgainstTheNextRequest() throws {
        let (channel, handler) = try Self.connectedWithReadDeadline()
        try channel.writeInbound(ByteBuffer(string: "POST / HTTP/1.1\r\nContent-Length: 0\r\n\r\n"))
        handler.requestRead(answerPending: true)
        try channel.writeInbound(ByteBuffer(string: "POST / HT"))
        channel.embeddedEventLoop.advanceTime(by: .seconds(30))
        #expect(channel.isActive)
        handler.answerSent()
        channel.embeddedEventLoop.advanceTime(by: .seconds(9))
        #expect(channel.isActive)
        channel.embeddedEventLoop.advanceTime(by: .seconds(2))
        #expect(!channel.isActive)
    }
}
