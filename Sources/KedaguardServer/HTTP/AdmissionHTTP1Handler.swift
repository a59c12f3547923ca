import HummingbirdCore
import NIOCore
import NIOHTTP1

/// Answers admission requests over HTTP/1.1 on the connection's event loop, behind NIO's HTTP/1.1
/// request decoder; it writes its answers' bytes itself. Hummingbird's HTTP/1.1 channel hands
/// every request part through an async sequence and every answer through an async writer,
/// converting to and from its own request types, at a cost of several task switches per
/// request; here the parts arrive as calls, the
/// body is collected in one array, and the only asynchronous step is the responder itself,
/// started as a task that runs on this event loop, immediately (the server makes the event
/// loops Swift's global executor), and writes its answer from there.
///
/// Per request: `begin` at the head; an answer from the head alone (404, 405, declared length
/// above the limit) goes out at once and the body is dropped; otherwise the body is collected
/// (413 as soon as it passes the admission limit, then dropped) and the responder judges it.
/// Each answer is written as one buffer and flushed once. The connection stays open for the next
/// request unless the client asked to close, the server is draining for shutdown, or the
/// listener is shutting down (`ChannelShouldQuiesceEvent`: idle connections close at once, the
/// request in progress is answered with `Connection: close`). A body is never read past
/// `hardBodyLimit`: the connection is closed there.
///
/// Pipelining, quiescing and malformed requests are handled here rather than by NIO's
/// `HTTPServerPipelineHandler` and `HTTPServerProtocolErrorHandler`: the pipeline handler holds
/// back the channel's reads whenever an answer is pending, which an asynchronous answer always
/// is, and NIO then takes the socket out of epoll and puts it back for every request (two
/// `epoll_ctl` calls each time). Here only requests that actually arrive while an answer is
/// pending (pipelined ones) wait, in order, in a backlog, and reads are held back only while
/// that backlog is not empty. A malformed request gets 400 and the connection closes, in its
/// turn after the answers before it.
///
/// The idle timeout closes a connection that has had no request in progress for `idleTimeout`:
/// counted from the end of an answer (or the connection's start) to the next request's head. A
/// connection whose request is being read or answered is not idle. The timer is lazy, like the
/// read deadline's: one per connection, re-armed when it fires early.
final class AdmissionHTTP1Handler: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundOut = IOData
    typealias OutboundIn = NIOAny

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

    /// What arrived while an answer was pending, in order.
    private enum Backlogged {
        case part(HTTPServerRequestPart)
        case malformed(HTTPParserError)
        case inputClosed
    }

    private let responder: AdmissionResponder
    private let readDeadline: RequestReadDeadlineHandler?
    private let hardBodyLimit: Int

    private var state = State.idle
    /// The request being read.
    private var exchange: AdmissionExchange?
    private var body: [UInt8] = []
    /// Body bytes of the request in progress, kept or dropped.
    private var bodyBytes = 0
    /// The request in progress is a HEAD: its answer carries no body.
    private var answeringHEAD = false
    private var backlog = CircularBuffer<Backlogged>()
    /// A read was held back while the backlog was not empty.
    private var readHeld = false
    /// `processBacklog` is running (further up this call stack).
    private var drainingBacklog = false
    /// The listener is shutting down: close after the request in progress.
    private var quiescing = false
    /// The decoder met a malformed request; it reads nothing more.
    private var decoderFailed = false
    /// Since when no request has been in progress; nil while one is.
    private var idleSince: NIODeadline?
    private var idleDeadline: LazyDeadline
    /// The connection's event loop as an actor, made once: answers are computed isolated to it.
    private var isolation: EventLoopIsolation?

    /// - Parameters:
    ///   - readDeadline: the connection's read deadline, told when a request has been read and
    ///     when its answer goes out.
    ///   - hardBodyLimit: never below the responder's body limit, so an oversized body is always
    ///     answered with 413 before the connection is cut.
    init(responder: AdmissionResponder, readDeadline: RequestReadDeadlineHandler?, idleTimeout: TimeAmount, hardBodyLimit: Int) {
        self.responder = responder
        self.readDeadline = readDeadline
        self.idleDeadline = LazyDeadline(timeout: idleTimeout)
        self.hardBodyLimit = max(hardBodyLimit, responder.maxBodyBytes)
    }

    // MARK: Connection events

    func handlerAdded(context: ChannelHandlerContext) {
        isolation = EventLoopIsolation(context.eventLoop)
        if context.channel.isActive { becomeIdle(context) }
    }

    func channelActive(context: ChannelHandlerContext) {
        if case .idle = state, idleSince == nil { becomeIdle(context) }
        context.fireChannelActive()
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        idleDeadline.cancel()
    }

    func channelInactive(context: ChannelHandlerContext) {
        abandonRequest(ConnectionClosedBeforeBodyEnded())
        state = .closed
        backlog.removeAll()
        idleDeadline.cancel()
        context.fireChannelInactive()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        if let error = error as? HTTPParserError {
            decoderFailed = true
            if waiting {
                backlog.append(.malformed(error))
            } else {
                malformed(error, context)
            }
            return
        }
        // The decoder reports every later read as an error too; the 400 is already queued.
        if decoderFailed, !isClosed { return }
        // TLS and I/O errors, and bytes after a malformed request: the connection is over.
        abandonRequest(error)
        close(context)
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        switch event {
        case is ChannelShouldQuiesceEvent:
            quiesce(context)
        case let event as ChannelEvent where event == .inputClosed:
            // The client will send nothing more: answer what it sent in full, then close.
            if waiting {
                backlog.append(.inputClosed)
            } else {
                inputClosed(context)
            }
            context.fireUserInboundEventTriggered(event)
        default:
            context.fireUserInboundEventTriggered(event)
        }
    }

    /// Holds back the channel's reads while pipelined requests wait, so a client cannot pile
    /// them up without bound.
    func read(context: ChannelHandlerContext) {
        if backlog.isEmpty {
            context.read()
        } else {
            readHeld = true
        }
    }

    // MARK: Requests

    /// An answer is pending, or requests wait behind one: what arrives now waits too.
    private var waiting: Bool {
        if case .answering = state { return true }
        return !backlog.isEmpty
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let part = unwrapInboundIn(data)
        if waiting {
            backlog.append(.part(part))
        } else {
            received(part, context)
        }
    }

    private func received(_ part: HTTPServerRequestPart, _ context: ChannelHandlerContext) {
        switch part {
        case .head(let head): receivedHead(head, context)
        case .body(let buffer): receivedBody(buffer, context)
        case .end: receivedEnd(context)
        }
    }

    private func receivedHead(_ head: HTTPRequestHead, _ context: ChannelHandlerContext) {
        // Closed: dropped. A head arrives only after the request before it has ended.
        guard case .idle = state else { return }
        idleSince = nil
        bodyBytes = 0
        answeringHEAD = head.method == .HEAD
        let exchange = responder.begin(AdmissionRequestHead(head))
        if let reply = responder.answerBeforeBody(exchange) {
            send(reply, next: .discarding, context)
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
            send(reply, next: .discarding, context)
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
            readDeadline?.requestRead(answerPending: false)
            if quiescing {
                close(context)
            } else {
                state = .idle
                becomeIdle(context)
            }
        case .idle, .answering, .closed:
            return
        }
    }

    /// Runs the responder as a task isolated to this event loop when it is one of NIO's (the
    /// server makes them Swift's global executor), started immediately: the task begins inside
    /// this read and moves onto the loop's executor, which Swift does without queueing it when
    /// the loop can vouch that it is already running there. Unless a rule waits on the cluster
    /// cache, the core runs and the answer is written in one go, often before `startAnswer`
    /// returns. Started as an ordinary task it went through the loop's queue after the tick's
    /// other reads, and the client, waiting longer, was more often asleep when its answer came:
    /// in the benchmarks that cost about 5 µs of CPU per request, most of it the kernel waking
    /// the client (see BENCHMARKS.md). On a loop that cannot serve as an executor (NIO's
    /// `EmbeddedEventLoop`) it runs on Swift's pool and the answer is written on the loop.
    private func startAnswer(_ exchange: AdmissionExchange, body: [UInt8], _ context: ChannelHandlerContext) {
        let responder = self.responder
        let loop = context.eventLoop
        let loopBound = NIOLoopBound((self, context), eventLoop: loop)
        let work: @Sendable () async -> Void = {
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
        if let isolation {
            if #available(macOS 26, *) {
                Task.immediate { await isolation.run(work) }
            } else {
                Task { await isolation.run(work) }
            }
        } else {
            Task { await work() }
        }
    }

    private func answered(_ reply: AdmissionReply, _ context: ChannelHandlerContext) {
        // The connection closed while the responder worked: nobody to answer.
        guard case .answering = state else { return }
        readDeadline?.answerSent()
        send(reply, next: .idle, context)
        processBacklog(context)
    }

    /// Writes an answer and moves to `next`, or closes when the answer says so. The state is
    /// settled first: a failed write closes the channel from inside the write.
    private func send(_ reply: AdmissionReply, next: State, _ context: ChannelHandlerContext) {
        var reply = reply
        reply.close = reply.close || quiescing
        if reply.close {
            state = .closed
            backlog.removeAll()
        } else {
            state = next
            if case .idle = next { becomeIdle(context) }
        }
        write(reply, context)
        if reply.close { context.close(promise: nil) }
    }

    /// The status line, headers and body in one buffer, flushed once.
    private func write(_ reply: AdmissionReply, _ context: ChannelHandlerContext) {
        // One buffer, so TLS sends one record and the kernel one segment (through NIO's response
        // encoder, head and body were two records). Every answer is complete and small, with
        // headers from the responder's constants, so encoding it here is short.
        let status = HTTPResponseStatus(statusCode: reply.status)
        var buffer = context.channel.allocator.buffer(capacity: reply.body.count + 160)
        buffer.writeStaticString("HTTP/1.1 ")
        buffer.writeString(String(reply.status))
        buffer.writeStaticString(" ")
        buffer.writeString(status.reasonPhrase)
        buffer.writeStaticString("\r\ncontent-type: ")
        buffer.writeString(reply.contentType)
        buffer.writeStaticString("\r\ncontent-length: ")
        buffer.writeString(String(reply.body.count))
        if let allow = reply.allow {
            buffer.writeStaticString("\r\nallow: ")
            buffer.writeString(allow)
        }
        if reply.close { buffer.writeStaticString("\r\nconnection: close") }
        buffer.writeStaticString("\r\n\r\n")
        // A HEAD request's answer has the headers a GET would get, without the body.
        if !answeringHEAD { buffer.writeBytes(reply.body) }
        context.writeAndFlush(wrapOutboundOut(.byteBuffer(buffer)), promise: nil)
    }

    /// Takes up what waited behind the answer just sent, until another answer is pending.
    ///
    /// An answer can be written before `startAnswer` returns, and writing one calls this again:
    /// the inner call leaves the backlog to the loop already draining it, so a read full of
    /// pipelined requests is answered in a loop rather than by recursion as deep as its count.
    private func processBacklog(_ context: ChannelHandlerContext) {
        guard !drainingBacklog else { return }
        drainingBacklog = true
        while !waitingForAnswer, let next = backlog.popFirst() {
            switch next {
            case .part(let part): received(part, context)
            case .malformed(let error): malformed(error, context)
            case .inputClosed: inputClosed(context)
            }
        }
        // Cleared before reading on: what that read delivers starts its own drain.
        drainingBacklog = false
        if backlog.isEmpty, readHeld, !isClosed {
            readHeld = false
            context.read()
        }
    }

    private var waitingForAnswer: Bool {
        if case .answering = state { return true }
        return isClosed
    }

    private var isClosed: Bool {
        if case .closed = state { return true }
        return false
    }

    /// The decoder could not read a request: 400 and close, or just close when the request
    /// already has its answer.
    private func malformed(_ error: HTTPParserError, _ context: ChannelHandlerContext) {
        switch state {
        case .idle:
            answeringHEAD = false
            send(responder.answerMalformedRequest(error), next: .closed, context)
        case .reading:
            var reply = responder.answerUnreadableBody(exchange!, error: error)
            exchange = nil
            body = []
            reply.close = true
            send(reply, next: .closed, context)
        case .discarding, .answering, .closed:
            close(context)
        }
    }

    private func inputClosed(_ context: ChannelHandlerContext) {
        abandonRequest(ConnectionClosedBeforeBodyEnded())
        close(context)
    }

    /// Graceful shutdown of the listener. Pipelined requests not yet started are dropped, like
    /// the bytes a closing connection still receives (`RequestReadDeadlineHandler`): the client
    /// sees the connection close without their answers and knows they were not processed.
    private func quiesce(_ context: ChannelHandlerContext) {
        quiescing = true
        backlog.removeAll()
        if case .idle = state { close(context) }
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
        backlog.removeAll()
        context.close(promise: nil)
    }

    // MARK: Idle timeout

    private func becomeIdle(_ context: ChannelHandlerContext) {
        let now = context.eventLoop.now
        idleSince = now
        idleDeadline.start(from: now, context) { [self] context in
            // A request is in progress: the end of its answer starts the timer again.
            if idleDeadline.expired(since: idleSince, context) { close(context) }
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
