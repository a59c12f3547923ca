import KedaguardCore

/// A `metav1.Status` answer, or an HTTP error without one.
public struct APIStatus: Sendable, Hashable, CustomStringConvertible {
    /// HTTP status code (`code` of the Status object, or of the response).
    public var code: Int
    /// `Expired`, `Gone`, `NotFound`, `Forbidden`, `TooManyRequests`, ... (may be empty).
    public var reason: String
    public var message: String
    /// From `Retry-After` (429, some 5xx) or `details.retryAfterSeconds`.
    public var retryAfterSeconds: Int?

    public init(code: Int, reason: String = "", message: String = "", retryAfterSeconds: Int? = nil) {
        self.code = code
        self.reason = reason
        self.message = message
        self.retryAfterSeconds = retryAfterSeconds
    }

    /// Reads a Status object; nil when the node is not one.
    public init?(node: Node, httpCode: Int? = nil) {
        guard node["kind"]?.stringValue == "Status" || node["code"]?.intValue != nil || httpCode != nil else { return nil }
        self.code = node["code"]?.intValue.map(Int.init) ?? httpCode ?? 0
        self.reason = node["reason"]?.stringValue ?? ""
        self.message = node["message"]?.stringValue ?? ""
        self.retryAfterSeconds = node["details"]?["retryAfterSeconds"]?.intValue.map(Int.init)
    }

    /// The resourceVersion asked for is older than what the server keeps: list again.
    public var isExpired: Bool { code == 410 || reason == "Expired" || reason == "Gone" }

    public var description: String {
        var out = "HTTP \(code)"
        if !reason.isEmpty { out += " \(reason)" }
        if !message.isEmpty { out += ": \(message)" }
        return out
    }
}

/// Why a request to the API server failed.
public enum KubeAPIError: Error, CustomStringConvertible {
    /// The server answered with an error status.
    case status(APIStatus)
    /// No answer: connection refused, TLS failure, timeout, stream cut.
    case transport(String)
    /// An answer that is not what the API returns (bad JSON, a list without items).
    case malformed(String)

    public var description: String {
        switch self {
        case .status(let s): return s.description
        case .transport(let s): return s
        case .malformed(let s): return "unexpected answer from the API server: \(s)"
        }
    }

    public var status: APIStatus? {
        if case .status(let s) = self { return s }
        return nil
    }

    /// Errors that retrying will not fix without a change (credentials, RBAC, missing CRD).
    public var isPermanent: Bool {
        guard let code = status?.code else { return false }
        return code == 401 || code == 403 || code == 404
    }
}
