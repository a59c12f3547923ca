import KedaguardCore
import Logging

/// What the responder needs of a request's head, whatever the HTTP version.
struct AdmissionRequestHead: Sendable {
    var isPost: Bool
    /// The request target up to `?`, as sent.
    var path: String
    /// After `?`, up to `#`; nil without `?`.
    var query: String?
    var contentType: String?
    var contentLength: Int?
    /// HTTP/1.x: the client will not send another request on this connection (`Connection:
    /// close`, or HTTP/1.0 without keep-alive).
    var closeRequested: Bool
}

/// An answer, for the transport to write.
struct AdmissionReply: Sendable {
    var status: Int
    var contentType: String
    var body: [UInt8]
    /// HTTP/1.1: say `Connection: close` and close the connection after this answer, because the
    /// client asked (RFC 9112 section 9.6: a client must not send another request into it) or
    /// because the server is draining before shutdown. HTTP/2 ignores it (the listener's
    /// GOAWAY drains those connections).
    var close: Bool

    /// 405 answers name the method to use.
    var allow: String? { status == 405 ? "POST" : nil }
}

/// One request, from its head to its answer.
struct AdmissionExchange: Sendable {
    let head: AdmissionRequestHead
    let start: ContinuousClock.Instant
}

/// Turns admission requests into answers through the core's `AdmissionHandler` and records what
/// happened (in-flight gauge, outcome counters, latency, logs). Knows nothing of the transport:
/// the HTTP/1.1 channel handler and the HTTP/2 streams both drive it the same way, `begin` when
/// a head is read, then one of the `answer` calls, each of which ends the exchange.
struct AdmissionResponder: Sendable {
    let handler: AdmissionHandler
    let metrics: WebhookMetrics
    let readiness: Readiness
    let logger: Logger

    /// Bodies above this are refused with 413.
    var maxBodyBytes: Int { handler.settings.maxBodyBytes }

    /// A request whose head has been read: counted in flight until it is answered.
    func begin(_ head: AdmissionRequestHead) -> AdmissionExchange {
        metrics.requestStarted()
        return AdmissionExchange(head: head, start: .now)
    }

    /// The answer when the head alone decides it (wrong method, declared body too large); nil
    /// when the body must be read. Its body is not read then: the transport drops it.
    func answerBeforeBody(_ exchange: AdmissionExchange) -> AdmissionReply? {
        let head = exchange.head
        if !head.isPost {
            let known = AdmissionEndpoint(path: head.path) != nil
            return finish(exchange, plain(known ? 405 : 404, known ? "use POST for \(head.path)" : "no webhook at \(head.path)", path: head.path))
        }
        if let length = head.contentLength, length > maxBodyBytes {
            return answerBodyTooLarge(exchange, length: length)
        }
        return nil
    }

    /// The answer for a body read in full. The core's async calls run on the caller's executor:
    /// called isolated to the connection's event loop (`EventLoopIsolation`), they stay there.
    func answer(_ exchange: AdmissionExchange, body: [UInt8]) async -> AdmissionReply {
        let head = exchange.head
        let result = await handler.handle(body: body, path: head.path, query: head.query, contentType: head.contentType ?? "")
        return finish(exchange, result)
    }

    /// The body grew past `maxBodyBytes`.
    func answerBodyTooLarge(_ exchange: AdmissionExchange, length: Int? = nil) -> AdmissionReply {
        let size = length.map { "\($0) bytes" } ?? "larger"
        return finish(exchange, plain(413, "the request body is \(size), above the \(maxBodyBytes)-byte limit", path: exchange.head.path))
    }

    /// The body could not be read (a broken body, the client went away). Recorded like any other
    /// answer; the transport sends it if it still can.
    func answerUnreadableBody(_ exchange: AdmissionExchange, error: any Error) -> AdmissionReply {
        finish(exchange, plain(400, "the request body could not be read: \(error)", path: exchange.head.path))
    }

    /// Not an HTTP request the decoder could read: no admission request, so not counted.
    func answerMalformedRequest(_ error: any Error) -> AdmissionReply {
        AdmissionReply(status: 400, contentType: "text/plain; charset=utf-8", body: Array("malformed HTTP request: \(error)\n".utf8), close: true)
    }

    private func finish(_ exchange: AdmissionExchange, _ result: AdmissionHTTPResponse) -> AdmissionReply {
        let duration = ContinuousClock.now - exchange.start
        metrics.requestFinished()
        metrics.record(result.outcome, duration: duration)
        log(result.outcome, status: result.status, duration: duration)
        return AdmissionReply(status: result.status, contentType: result.contentType, body: result.body,
                              close: exchange.head.closeRequested || readiness.state.shuttingDown)
    }

    private func plain(_ status: Int, _ message: String, path: String) -> AdmissionHTTPResponse {
        var outcome = AdmissionOutcome(endpoint: path)
        outcome.reason = message
        return AdmissionHTTPResponse(status: status, contentType: "text/plain; charset=utf-8", body: Array((message + "\n").utf8), outcome: outcome)
    }

    /// Denials, errors and rejections at info; admitted requests at debug, as they are the bulk.
    private func log(_ outcome: AdmissionOutcome, status: Int, duration: Duration) {
        let level: Logger.Level
        switch outcome.verdict {
        case .allowed: level = outcome.ruleFailures.isEmpty && !outcome.timedOut ? .debug : .warning
        case .denied, .invalid, .warned: level = .info
        case .error: level = .warning
        case .rejected: level = .info
        }
        guard logger.logLevel <= level else { return }
        var metadata: Logger.Metadata = [
            "endpoint": .string(outcome.endpoint),
            "verdict": .string(outcome.verdict.rawValue),
            "status": .stringConvertible(status),
            "duration_ms": .stringConvertible((Double(duration.components.attoseconds) / 1e15 + Double(duration.components.seconds) * 1000 * 1000).rounded() / 1000),
        ]
        if let uid = outcome.uid { metadata["uid"] = .string(uid) }
        if let kind = outcome.kind { metadata["kind"] = .string(kind) }
        if let op = outcome.operation { metadata["operation"] = .string(op) }
        if let ns = outcome.namespace, !ns.isEmpty { metadata["namespace"] = .string(ns) }
        if let name = outcome.name, !name.isEmpty { metadata["name"] = .string(name) }
        if outcome.dryRun { metadata["dry_run"] = .stringConvertible(true) }
        if !outcome.deniedRuleIDs.isEmpty { metadata["rules"] = .array(outcome.deniedRuleIDs.map { .string($0) }) }
        if outcome.patchOperations > 0 { metadata["patch_ops"] = .stringConvertible(outcome.patchOperations) }
        if outcome.droppedWarnings > 0 { metadata["warnings_dropped"] = .stringConvertible(outcome.droppedWarnings) }
        if !outcome.ruleFailures.isEmpty {
            metadata["rule_failures"] = .array(outcome.ruleFailures.map { .string("\($0.ruleID): \($0.message)") })
        }
        if let reason = outcome.reason { metadata["reason"] = .string(reason) }
        logger.log(level: level, "admission review", metadata: metadata)
    }
}
