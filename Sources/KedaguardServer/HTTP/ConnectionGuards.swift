import NIOCore
import NIOHTTPTypes
import NIOTLS

/// Closes a connection whose TLS handshake has not finished in time, so a client that connects
/// and stays silent cannot hold a socket. Removes itself once the handshake is done.
final class HandshakeDeadlineHandler: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = NIOAny

    private let timeout: TimeAmount
    private var scheduled: Scheduled<Void>?

    init(timeout: TimeAmount) {
        self.timeout = timeout
    }

    func handlerAdded(context: ChannelHandlerContext) {
        if context.channel.isActive { schedule(context) }
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        scheduled?.cancel()
        scheduled = nil
    }

    func channelActive(context: ChannelHandlerContext) {
        schedule(context)
        context.fireChannelActive()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        context.fireChannelRead(data)
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        let done: Bool
        if let tls = event as? TLSUserEvent, case .handshakeCompleted = tls { done = true } else { done = false }
        context.fireUserInboundEventTriggered(event)
        if done {
            scheduled?.cancel()
            scheduled = nil
            context.pipeline.syncOperations.removeHandler(context: context, promise: nil)
        }
    }

    private func schedule(_ context: ChannelHandlerContext) {
        guard scheduled == nil else { return }
        let loopBound = NIOLoopBound(context, eventLoop: context.eventLoop)
        scheduled = context.eventLoop.assumeIsolated().scheduleTask(in: timeout) {
            loopBound.value.close(promise: nil)
        }
    }
}

/// Bounds how long one request may take to arrive (head to end of body) and how large its body
/// may grow, per HTTP/1.1 connection or HTTP/2 stream. Against slow clients that trickle a
/// body byte by byte: the idle timeout alone would never fire for them.
final class RequestDeadlineHandler: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPRequestPart
    typealias InboundOut = HTTPRequestPart

    private let readTimeout: TimeAmount
    /// Past this many body bytes the connection is closed. The responder already answered 413
    /// when the body passed the admission limit; this stops reading what follows.
    private let hardBodyLimit: Int
    private var bodyBytes = 0
    private var scheduled: Scheduled<Void>?

    init(readTimeout: TimeAmount, hardBodyLimit: Int) {
        self.readTimeout = readTimeout
        self.hardBodyLimit = hardBodyLimit
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        scheduled?.cancel()
        scheduled = nil
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head:
            bodyBytes = 0
            scheduled?.cancel()
            let loopBound = NIOLoopBound(context, eventLoop: context.eventLoop)
            scheduled = context.eventLoop.assumeIsolated().scheduleTask(in: readTimeout) {
                loopBound.value.close(promise: nil)
            }
        case .body(let buffer):
            bodyBytes += buffer.readableBytes
            if bodyBytes > hardBodyLimit {
                scheduled?.cancel()
                scheduled = nil
                context.close(promise: nil)
                return
            }
        case .end:
            scheduled?.cancel()
            scheduled = nil
        }
        context.fireChannelRead(data)
    }
}
