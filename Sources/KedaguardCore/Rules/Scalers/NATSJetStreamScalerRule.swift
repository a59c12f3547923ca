/// nats-jetstream: the account KEDA needs, and the monitoring endpoint KEDA turns into a URL.
public struct NATSJetStreamScalerRule: ScalerRule {
    public static let id = "scaler-nats-jetstream"
    public init() {}
    public var ruleID: String { Self.id }
    public let triggerTypes: Set<String> = ["nats-jetstream"]
    public var summary: String { "A nats-jetstream trigger without account or accountID, or with a scheme in natsServerMonitoringEndpoint." }
    public var explanation: String {
        """
        KEDA needs account or accountID (metadata or TriggerAuthentication). \
        natsServerMonitoringEndpoint is a host:port; KEDA adds http:// or https:// itself (chosen \
        with useHttps), so an endpoint written with a scheme produces an unusable URL.
        """
    }

    public func check(_ input: ScalerInput) -> [Finding] {
        var findings: [Finding] = []
        if input.isSet("account") == .no, input.isSet("accountID") == .no {
            findings.append(input.missing("account", "no account or accountID given; KEDA rejects the trigger"))
        }
        if let v = input.value("natsServerMonitoringEndpoint"), v.text.contains("://") {
            findings.append(input.at(v.located, "natsServerMonitoringEndpoint \"\(v.text)\" includes a scheme; give host:port and set useHttps for https", severity: .warning))
        }
        return findings
    }
}
