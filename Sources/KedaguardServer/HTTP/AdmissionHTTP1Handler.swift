import HummingbirdCore
import NIOCore
import NIOHTTP1

/// Answers admission requests over HTTP/1.1 on the connection's event loop, behind NIO's HTTP/1.1
/// server pipeline (decoder, encoder, `HTTPServerPipelineHandler`, `HTTPServerProtocolErrorHandler`).
/// Hummingbird's HTTP/1.1 channel hands every request part through an async sequence and every
/// answer through an async writer, converting to and from its own request types, at a cost of
/// several task switches per request; here the parts arrive as calls, the body is collected in
/// one array, and the only asynchronous step is the responder itself, started as a task that
/// runs on this event loop (the server makes the event loops Swift's global executor) and
/// writes its answer from there.
///
/// Per request: `begin` at the head; an answer from the head alone (404, 405, declared length
/// above the limit) goes out at once and the body is dropped; otherwise the body is collected
/// (413 as soon as it passes the admission limit, then dropped) and the responder judges it.
/// Head, body and end are written and flushed once. The connection stays open for the next
/// request unless the client asked to close, it is draining for shutdown, or NIO's pipelining
/// handler closes it (graceful shutdown of the listener: it sends `Connection: close` on the
/// answer in progress and closes after it). A body is never read past `hardBodyLimit`: the
/// connection is closed there.
///
/// Pipelined requests are held back by `HTTPServerPipelineHandler` until the answer before them
/// is written; it delivers them from inside that write, so this handler settles its state before
/// every write and never touches it after one.
///
/// The idle timeout closes a connection that has had no request in progress for `idleTimeout`:
/// counted from the end of an answer (or the connection's start) to the next request's head. A
/// connection whose request is being read or answered is not idle. The timer is lazy, like the
/// read deadline's: one per connection, re-armed when it fires early.
final class AdmissionHTTP1Handler: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundOut = HTTPServerResponsePart

    private enum State {
        /// Waiting for a request's head.
        case idle
        /// Collecting the body for the responder.
        case reading
        /// Answered before the body ended: the rest of it is dropped.
        case discarding
        /// The request has been read; the responder is working on its answer.
        case answering
        /// The connection is closing: nothing more is read or answered.
        case closed
    }

    private let responder: AdmissionResponder
    private let readDeadline: RequestReadDeadlineHandler?
    private let idleTimeout: TimeAmount
    private let hardBodyLimit: Int

    private var state = State.idle
    /// The request being read.
    private var exchange: AdmissionExchange?
    private var body: [UInt8] = []
    /// Body bytes of the request in progress, kept or dropped.
    private var bodyBytes = 0
    /// The client half-closed while its request was being answered: close after the answer.
    private var closeAfterAnswer = false
    /// Since when no request has been in progress; nil while one is.
    private var idleSince: NIODeadline?
    private var idleTimer: Scheduled<Void>?

    /// - Parameters:
    ///   - readDeadline: the connection's read deadline, told when a request has been read and
    ///     when its answer goes out.
    ///   - hardBodyLimit: never below the responder's body limit, so an oversized body is always
    ///     answered with 413 before the connection is cut.
    init(responder: AdmissionResponder, readDeadline: RequestReadDeadlineHandler?, idleTimeout: TimeAmount, hardBodyLimit: Int) {
        self.responder = responder
        self.readDeadline = readDeadline
        self.idleTimeout = idleTimeout
        self.hardBodyLimit = max(hardBodyLimit, responder.maxBodyBytes)
    }

    // MARK: Connection events

    func handlerAdded(context: ChannelHandlerContext) {
        if context.channel.isActive { becomeIdle(context) }
    }

    func channelActive(context: ChannelHandlerContext) {
        if case .idle = state, idleSince == nil { becomeIdle(context) }
        context.fireChannelActive()
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        idleTimer?.cancel()
        idleTimer = nil
    }

    func channelInactive(context: ChannelHandlerContext) {
        abandonRequest(ConnectionClosedBeforeBodyEnded())
        state = .closed
        idleTimer?.cancel()
        idleTimer = nil
        context.fireChannelInactive()
    }

    /// HTTP parse errors have been answered with 400 by NIO's protocol error handler; those and
    /// any other error (TLS, I/O) end the connection.
    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        abandonRequest(error)
        close(context)
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if let event = event as? ChannelEvent, event == .inputClosed {
            // The client will send nothing more: answer what it has sent in full, then close.
            if case .answering = state {
                closeAfterAnswer = true
            } else {
                abandonRequest(ConnectionClosedBeforeBodyEnded())
                close(context)
            }
        }
        context.fireUserInboundEventTriggered(event)
    }

    // MARK: Requests

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let head): receivedHead(head, context)
        case .body(let buffer): receivedBody(buffer, context)
        case .end: receivedEnd(context)
        }
    }

    private func receivedHead(_ head: HTTPRequestHead, _ context: ChannelHandlerContext) {
        // Closed: dropped. The pipelining handler delivers a head only once the request before
        // it has been read and answered, so no other state is possible.
        guard case .idle = state else { return }
        idleSince = nil
        bodyBytes = 0
        let exchange = responder.begin(AdmissionRequestHead(head))
        if let reply = responder.answerBeforeBody(exchange) {
            state = reply.close ? .closed : .discarding
            write(reply, context)
            return
        }
        self.exchange = exchange
        state = .reading
        // The head was answered above when the declared length is over the limit.
        if let length = exchange.head.contentLength { body.reserveCapacity(length) }
    }

    private func receivedBody(_ buffer: ByteBuffer, _ context: ChannelHandlerContext) {
        bodyBytes += buffer.readableBytes
        switch state {
        case .reading:
            if bodyBytes <= responder.maxBodyBytes {
                body.append(contentsOf: buffer.readableBytesView)
                return
            }
            let reply = responder.answerBodyTooLarge(exchange!)
            exchange = nil
            body = []
            state = reply.close ? .closed : .discarding
            write(reply, context)
        case .discarding:
            if bodyBytes > hardBodyLimit { close(context) }
        case .idle, .answering, .closed:
            return
        }
    }

    private func receivedEnd(_ context: ChannelHandlerContext) {
        switch state {
        case .reading:
            let exchange = self.exchange!
            let body = self.body
            self.exchange = nil
            self.body = []
            state = .answering
            readDeadline?.requestRead(answerPending: true)
            startAnswer(exchange, body: body, context)
        case .discarding:
            state = .idle
            readDeadline?.requestRead(answerPending: false)
            becomeIdle(context)
        case .idle, .answering, .closed:
            return
        }
    }

    /// Runs the responder as a task: on this event loop when the event loops are Swift's global
    /// executor (the task then starts after the current reads and, unless a rule waits on the
    /// cluster cache, finishes in one go), on Swift's pool otherwise (tests); the answer is
    /// written on the event loop either way.
    private func startAnswer(_ exchange: AdmissionExchange, body: [UInt8], _ context: ChannelHandlerContext) {
        let responder = self.responder
        let loop = context.eventLoop
        let loopBound = NIOLoopBound((self, context), eventLoop: loop)
        Task {
            let reply = await responder.answer(exchange, body: body)
            if loop.inEventLoop {
                let (handler, context) = loopBound.value
                handler.answered(reply, context)
            } else {
                loop.execute {
                    let (handler, context) = loopBound.value
                    handler.answered(reply, context)
                }
            }
        }
    }

    private func answered(_ reply: AdmissionReply, _ context: ChannelHandlerContext) {
        // The connection closed while the responder worked: nobody to answer.
        guard case .answering = state else { return }
        var reply = reply
        reply.close = reply.close || closeAfterAnswer
        if reply.close {
            state = .closed
        } else {
            state = .idle
            becomeIdle(context)
        }
        readDeadline?.answerSent()
        write(reply, context)
    }

    /// Head, body and end, flushed once; then the close the reply asks for. The caller has
    /// settled the state: a pipelined request may be delivered from inside the write of the end.
    private func write(_ reply: AdmissionReply, _ context: ChannelHandlerContext) {
        var headers = HTTPHeaders()
        headers.reserveCapacity(4)
        headers.add(name: "content-type", value: reply.contentType)
        headers.add(name: "content-length", value: String(reply.body.count))
        if let allow = reply.allow { headers.add(name: "allow", value: allow) }
        if reply.close { headers.add(name: "connection", value: "close") }
        var buffer = context.channel.allocator.buffer(capacity: reply.body.count)
        buffer.writeBytes(reply.body)
        let head = HTTPResponseHead(version: .http1_1, status: HTTPResponseStatus(statusCode: reply.status), headers: headers)
        context.write(wrapOutboundOut(.head(head)), promise: nil)
        context.write(wrapOutboundOut(.body(.byteBuffer(buffer))), promise: nil)
        context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: nil)
        if reply.close { context.close(promise: nil) }
    }

    /// Ends the exchange of a request whose body will never be read in full (its in-flight count
    /// and its record); nothing is sent.
    private func abandonRequest(_ error: any Error) {
        guard case .reading = state, let exchange else { return }
        _ = responder.answerUnreadableBody(exchange, error: error)
        self.exchange = nil
        body = []
    }

    private func close(_ context: ChannelHandlerContext) {
        if case .closed = state { return }
        state = .closed
        context.close(promise: nil)
    }

    // MARK: Idle timeout

    private func becomeIdle(_ context: ChannelHandlerContext) {
        let now = context.eventLoop.now
        idleSince = now
        if idleTimer == nil { armIdleTimer(context, at: now + idleTimeout) }
    }

    private func armIdleTimer(_ context: ChannelHandlerContext, at deadline: NIODeadline) {
        let loopBound = NIOLoopBound((self, context), eventLoop: context.eventLoop)
        idleTimer = context.eventLoop.assumeIsolated().scheduleTask(deadline: deadline) {
            let (handler, context) = loopBound.value
            handler.idleTimerFired(context)
        }
    }

    private func idleTimerFired(_ context: ChannelHandlerContext) {
        idleTimer = nil
        // A request is in progress: the end of its answer re-arms the timer.
        guard let since = idleSince else { return }
        let deadline = since + idleTimeout
        if context.eventLoop.now >= deadline {
            close(context)
        } else {
            armIdleTimer(context, at: deadline)
        }
    }
}

struct ConnectionClosedBeforeBodyEnded: Error, CustomStringConvertible {
    var description: String { "the connection closed before the body ended" }
}

extension AdmissionRequestHead {
    init(_ head: HTTPRequestHead) {
        let target = head.uri
        let path: String, query: String?
        if target.utf8.first == UInt8(ascii: "/") {
            if let mark = target.utf8.firstIndex(of: UInt8(ascii: "?")) {
                path = String(target[..<mark])
                let rest = target[target.utf8.index(after: mark)...]
                query = String(rest.utf8.firstIndex(of: UInt8(ascii: "#")).map { rest[..<$0] } ?? rest)
            } else {
                (path, query) = (target, nil)
            }
        } else {
            // Absolute form (`https://host/validate`), which no API server sends: Hummingbird's
            // parser, as the HTTP/2 streams use.
            let uri = URI(target)
            (path, query) = (uri.path, uri.query)
        }
        self.init(isPost: head.method == .POST, path: path, query: query,
                  contentType: head.headers.first(name: "content-type"),
                  contentLength: head.headers.first(name: "content-length").flatMap { Int($0) },
                  closeRequested: !head.isKeepAlive)
    }
}
