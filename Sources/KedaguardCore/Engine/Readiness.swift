/// Something the webhook waits for before `/readyz` reports ready (the cluster cache's first
/// sync). Lives in the core so the server can take any source without knowing the cluster code.
public protocol ReadinessSource: Sendable {
    func readiness() async -> ReadinessStatus
}

public struct ReadinessStatus: Sendable, Hashable {
    public var isReady: Bool
    /// One line per component, for the probe's body and logs.
    public var detail: String

    public init(isReady: Bool, detail: String) {
        self.isReady = isReady
        self.detail = detail
    }
}
