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

/// Bounds how long one HTTP/1.1 request may take to arrive, from its first byte to the end of
/// its body. It sits between TLS and the HTTP decoder, so a client that dribbles the request
/// line or headers a byte at a time is cut off too: the HTTP layers see nothing until the head is
/// complete, and Hummingbird's idle timeout only counts whole HTTP parts. The timer starts with
/// the first byte after the previous request was read in full and stops when
/// `RequestDeadlineHandler` reports the end of the request.
///
/// The timer is lazy: one per connection, armed by the first request and left running. When it
/// fires it closes the connection if the request in progress started too long ago, else it
/// re-arms itself for that request's deadline, or lapses when no request is in progress.
/// Scheduling and cancelling a timer for every request of a keep-alive connection costs more
/// than reading the clock.
///
/// Once the server has decided to close the connection (graceful shutdown of an idle
/// connection, `Connection: close`), bytes that still arrive are dropped: a TLS close waits for
/// the peer's close_notify, and a request read in that window would be checked but its answer
/// never sent. Dropped, the client sees the connection close without an answer and knows the
/// request was not processed.
final class RequestReadDeadlineHandler: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = ByteBuffer
    typealias InboundOut = ByteBuffer
    typealias OutboundIn = NIOAny

    /// Sent outbound by `RequestDeadlineHandler` when a request's end has been read.
    struct RequestRead: Sendable {}

    private let readTimeout: TimeAmount
    /// When the first byte of the request in progress arrived; nil between requests.
    private var readingSince: NIODeadline?
    private var timer: Scheduled<Void>?
    private var closing = false

    init(readTimeout: TimeAmount) {
        self.readTimeout = readTimeout
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        timer?.cancel()
        timer = nil
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        if closing { return }
        if readingSince == nil, unwrapInboundIn(data).readableBytes > 0 {
            let now = context.eventLoop.now
            readingSince = now
            if timer == nil { arm(context, at: now + readTimeout) }
        }
        context.fireChannelRead(data)
    }

    private func arm(_ context: ChannelHandlerContext, at deadline: NIODeadline) {
        let loopBound = NIOLoopBound((self, context), eventLoop: context.eventLoop)
        timer = context.eventLoop.assumeIsolated().scheduleTask(deadline: deadline) {
            let (handler, context) = loopBound.value
            handler.fired(context)
        }
    }

    private func fired(_ context: ChannelHandlerContext) {
        timer = nil
        guard let since = readingSince else { return }
        let deadline = since + readTimeout
        if context.eventLoop.now >= deadline {
            context.close(promise: nil)
        } else {
            arm(context, at: deadline)
        }
    }

    func close(context: ChannelHandlerContext, mode: CloseMode, promise: EventLoopPromise<Void>?) {
        closing = true
        context.close(mode: mode, promise: promise)
    }

    func triggerUserOutboundEvent(context: ChannelHandlerContext, event: Any, promise: EventLoopPromise<Void>?) {
        guard event is RequestRead else {
            context.triggerUserOutboundEvent(event, promise: promise)
            return
        }
        readingSince = nil
        promise?.succeed()
    }
}

/// Bounds how large a request's body may grow and, for HTTP/2 streams, how long it may take to
/// arrive (head to end of body). Against slow clients that trickle a body byte by byte: the idle
/// timeout alone would never fire for them. Over HTTP/1.1 the time is bounded from the first
/// byte by `RequestReadDeadlineHandler`, which this one tells when a request has been read.
final class RequestDeadlineHandler: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPRequestPart
    typealias InboundOut = HTTPRequestPart

    /// nil over HTTP/1.1, where the connection-level handler owns the deadline.
    private let readTimeout: TimeAmount?
    /// Past this many body bytes the connection is closed. The responder already answered 413
    /// when the body passed the admission limit; this stops reading what follows.
    private let hardBodyLimit: Int
    private var bodyBytes = 0
    private var scheduled: Scheduled<Void>?

    init(readTimeout: TimeAmount?, hardBodyLimit: Int) {
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
            if let readTimeout {
                let loopBound = NIOLoopBound(context, eventLoop: context.eventLoop)
                scheduled = context.eventLoop.assumeIsolated().scheduleTask(in: readTimeout) {
                    loopBound.value.close(promise: nil)
                }
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
            if readTimeout == nil {
                context.triggerUserOutboundEvent(RequestReadDeadlineHandler.RequestRead(), promise: nil)
            }
        }
        context.fireChannelRead(data)
    }
}
