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
/// complete, and the idle timeout only counts whole requests. The timer starts with the first
/// byte after the previous request was read in full and stops when the HTTP handler reports the
/// end of the request (`requestRead`).
///
/// The timer is lazy: one per connection, armed by the first request and left running. When it
/// fires it closes the connection if the request in progress started too long ago, else it
/// re-arms itself for that request's deadline, or lapses when no request is in progress.
/// Scheduling and cancelling a timer for every request of a keep-alive connection costs more
/// than reading the clock.
///
/// While the server works on an answer, the time does not count: a pipelined request that
/// arrives meanwhile waits in `AdmissionHTTP1Handler`'s backlog, on the server, not on the
/// client. Its time starts when the answer before it is sent.
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

    /// When the first byte of the request in progress arrived; nil between requests.
    private var readingSince: NIODeadline?
    /// A request has been read and its answer is not out yet.
    private var answerPending = false
    private var deadline: LazyDeadline
    private var closing = false
    /// Set while the handler is in a pipeline; the HTTP handler's reports arrive as calls.
    private var context: ChannelHandlerContext?

    init(readTimeout: TimeAmount) {
        self.deadline = LazyDeadline(timeout: readTimeout)
    }

    func handlerAdded(context: ChannelHandlerContext) {
        self.context = context
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        deadline.cancel()
        self.context = nil
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        if closing { return }
        if readingSince == nil, unwrapInboundIn(data).readableBytes > 0 {
            let now = context.eventLoop.now
            readingSince = now
            if !answerPending { startDeadline(from: now, context) }
        }
        context.fireChannelRead(data)
    }

    /// A request has been read to its end. `answerPending`: its answer is still to come (false
    /// when the server answered before the body ended).
    func requestRead(answerPending: Bool) {
        readingSince = nil
        self.answerPending = answerPending
    }

    /// The answer to the request read last is going out.
    func answerSent() {
        answerPending = false
        guard readingSince != nil, let context else { return }
        let now = context.eventLoop.now
        readingSince = now
        startDeadline(from: now, context)
    }

    private func startDeadline(from start: NIODeadline, _ context: ChannelHandlerContext) {
        deadline.start(from: start, context) { [self] context in
            // Between requests, or answering (`answerSent` starts it again): nothing to time.
            if deadline.expired(since: answerPending ? nil : readingSince, context) { context.close(promise: nil) }
        }
    }

    func close(context: ChannelHandlerContext, mode: CloseMode, promise: EventLoopPromise<Void>?) {
        closing = true
        context.close(mode: mode, promise: promise)
    }
}

/// Bounds how large an HTTP/2 stream's request body may grow and how long it may take to arrive
/// (head to end of body). Against slow clients that trickle a body byte by byte: the idle
/// timeout alone would never fire for them. (HTTP/1.1 connections have
/// `RequestReadDeadlineHandler` and `AdmissionHTTP1Handler` for both.)
final class RequestDeadlineHandler: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPRequestPart
    typealias InboundOut = HTTPRequestPart

    private let readTimeout: TimeAmount
    /// Past this many body bytes the stream is closed. The responder already answered 413
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
