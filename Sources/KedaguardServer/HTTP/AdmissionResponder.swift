import Hummingbird
import HummingbirdCore
import KedaguardCore
import Logging
import NIOCore

/// Hands admission requests to the core's `AdmissionHandler` and records what happened. It runs
/// directly on HummingbirdCore's server, without Hummingbird's router, request context and
/// per-request logger: on the hot path they cost more than the rest of the HTTP handling.
struct AdmissionResponder: Sendable {
    let handler: AdmissionHandler
    let metrics: WebhookMetrics
    let readiness: Readiness
    let logger: Logger

    /// The closure HummingbirdCore's channels call for every request.
    var channelResponder: HTTPChannelHandler.Responder {
        { request, responseWriter, channel in
            var response = await self.respond(to: request, on: channel.eventLoop)
            // Draining an HTTP/1.1 connection (HTTP/2 ones get a GOAWAY when the listener stops):
            // this answer is the connection's last. The quiesce event makes HummingbirdCore close
            // the connection once the answer is written; it is queued on the channel before the
            // answer, so it finds the request still in progress.
            if readiness.state.shuttingDown, (try? await channel.pipeline.handler(type: RequestReadDeadlineHandler.self).get()) != nil {
                response.headers[.connection] = "close"
                channel.pipeline.fireUserInboundEventTriggered(ChannelShouldQuiesceEvent())
            }
            try await responseWriter.write(response: response.head, body: response.body)
        }
    }

    func respond(to request: Request, on loop: any EventLoop) async -> Response {
        let start = ContinuousClock.now
        metrics.requestStarted()
        defer { metrics.requestFinished() }
        let path = request.uri.path
        let result: AdmissionHTTPResponse
        if request.method != .post {
            result = plain(AdmissionEndpoint(path: path) == nil ? 404 : 405,
                           AdmissionEndpoint(path: path) == nil ? "no webhook at \(path)" : "use POST for \(path)", path: path)
        } else if let length = request.headers[.contentLength].flatMap(Int.init), length > handler.settings.maxBodyBytes {
            result = tooLarge(length, path: path)
        } else {
            var request = request
            do {
                let buffer = try await request.collectBody(upTo: handler.settings.maxBodyBytes)
                let body = Array(buffer.readableBytesView)
                if let isolation = EventLoopIsolation(loop) {
                    result = await isolation.handle(handler, body: body, path: path, query: request.uri.query,
                                                    contentType: request.headers[.contentType] ?? "")
                } else {
                    result = await handler.handle(body: body, path: path, query: request.uri.query,
                                                  contentType: request.headers[.contentType] ?? "")
                }
            } catch is NIOTooManyBytesError {
                result = tooLarge(nil, path: path)
            } catch {
                // The client went away or sent a broken body: nobody to answer.
                result = plain(400, "the request body could not be read: \(error)", path: path)
            }
        }
        let duration = ContinuousClock.now - start
        metrics.record(result.outcome, duration: duration)
        log(result.outcome, status: result.status, duration: duration)

        var headers: HTTPFields = [.contentType: result.contentType]
        if result.status == 405 { headers[.allow] = "POST" }
        // HummingbirdCore closes the connection after answering a request that asked for it;
        // say so (RFC 9112 section 9.6), or a client may send its next request into the closing connection.
        if let connection = request.headers[.connection],
           connection.split(separator: ",").contains(where: { $0.trimmingCharacters(in: .whitespaces).lowercased() == "close" }) {
            headers[.connection] = "close"
        }
        return Response(status: .init(code: result.status), headers: headers,
                        body: ResponseBody(byteBuffer: ByteBuffer(bytes: result.body)))
    }

    private func plain(_ status: Int, _ message: String, path: String) -> AdmissionHTTPResponse {
        var outcome = AdmissionOutcome(endpoint: path)
        outcome.reason = message
        return AdmissionHTTPResponse(status: status, contentType: "text/plain; charset=utf-8", body: Array((message + "\n").utf8), outcome: outcome)
    }

    private func tooLarge(_ length: Int?, path: String) -> AdmissionHTTPResponse {
        let size = length.map { "\($0) bytes" } ?? "larger"
        return plain(413, "the request body is \(size), above the \(handler.settings.maxBodyBytes)-byte limit", path: path)
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

/// `/healthz` (alive) and `/readyz` (serving TLS with rules loaded, not shutting down, and every
/// other source ready: the cluster cache once it has synced).
struct HealthResponder: HTTPResponder {
    typealias Context = BasicRequestContext
    let readiness: Readiness
    var sources: [any ReadinessSource] = []

    func respond(to request: Request, context: Context) async throws -> Response {
        switch request.uri.path {
        case "/healthz":
            return text(.ok, "ok")
        case "/readyz":
            let state = readiness.state
            guard state.isReady else { return text(.serviceUnavailable, state.reason) }
            for source in sources {
                let status = await source.readiness()
                if !status.isReady { return text(.serviceUnavailable, status.detail) }
            }
            return text(.ok, "ok")
        default:
            return text(.notFound, "not found")
        }
    }
}

/// `/metrics` in the Prometheus text format.
struct MetricsResponder: HTTPResponder {
    typealias Context = BasicRequestContext
    let metrics: WebhookMetrics

    func respond(to request: Request, context: Context) async throws -> Response {
        guard request.uri.path == "/metrics" else { return text(.notFound, "not found") }
        return Response(status: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
                        body: ResponseBody(byteBuffer: ByteBuffer(string: metrics.render())))
    }
}

private func text(_ status: HTTPResponse.Status, _ body: String) -> Response {
    Response(status: status, headers: [.contentType: "text/plain; charset=utf-8"],
             body: ResponseBody(byteBuffer: ByteBuffer(string: body + "\n")))
}
