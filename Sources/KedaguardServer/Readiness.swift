import NIOConcurrencyHelpers

/// Whether the webhook should receive traffic: only once the TLS listener is up with the rules
/// loaded, and no longer once shutdown has begun.
public final class Readiness: Sendable {
    public struct State: Sendable {
        public var listening = false
        public var rulesLoaded = false
        public var shuttingDown = false

        public var isReady: Bool { listening && rulesLoaded && !shuttingDown }

        public var reason: String {
            if shuttingDown { return "shutting down" }
            if !rulesLoaded { return "rules not loaded" }
            if !listening { return "TLS listener not serving yet" }
            return "ok"
        }
    }

    private let box = NIOLockedValueBox(State())

    public init() {}

    public var state: State { box.withLockedValue { $0 } }

    public func update(_ change: (inout State) -> Void) {
        box.withLockedValue { change(&$0) }
    }
}
