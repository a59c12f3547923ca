import Hummingbird
import KedaguardCore
import HummingbirdCore
import NIOCore

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
