/// gcp-pubsub: one resource (subscription or topic), the legacy subscriptionSize, and the GCP
/// credentials KEDA resolves while parsing (`gcp.GetGCPAuthorization`).
public struct GCPPubSubScalerRule: ScalerRule {
    public static let id = "scaler-gcp-pubsub"
    public init() {}
    public var ruleID: String { Self.id }
    public let triggerTypes: Set<String> = ["gcp-pubsub"]
    public var summary: String { "A gcp-pubsub trigger without exactly one of subscriptionName and topicName, or without GCP credentials." }
    public var explanation: String {
        """
        Give exactly one of subscriptionName or topicName (each may come from an env var with the \
        FromEnv suffix). The deprecated subscriptionSize cannot be combined with topicName (nor, in \
        KEDA 2.17, with mode or value). KEDA resolves credentials while parsing: a \
        TriggerAuthentication with podIdentity.provider gcp, or GoogleApplicationCredentials from \
        the TriggerAuthentication, or credentialsFromEnv / credentialsFromEnvFile naming an env \
        var; without any of them the trigger is rejected.
        """
    }

    public func check(_ input: ScalerInput) -> [Finding] {
        var findings: [Finding] = []
        let sub = input.isSet("subscriptionName"), topic = input.isSet("topicName")
        if sub == .no, topic == .no {
            findings.append(input.missing("subscriptionName", "give exactly one of subscriptionName or topicName"))
        } else if let t = input.value("topicName"), input.value("subscriptionName") != nil {
            findings.append(input.at(t.located, "subscriptionName and topicName are both given; a trigger watches one of them"))
        }
        if !input.atLeast(.v2_20_2), let size = input.raw("subscriptionSize") {
            if let t = input.raw("topicName") {
                findings.append(input.at(t.located, "subscriptionSize cannot be combined with topicName; use mode and value"))
            }
            if !input.atLeast(.v2_18_0), input.trigger.metadata?["mode"] != nil || input.trigger.metadata?["value"] != nil {
                findings.append(input.at(size.located, "subscriptionSize cannot be combined with mode or value; use mode and value only"))
            }
        }
        findings += GCPCredentials.check(input)
        return findings
    }
}

/// `gcp.GetGCPAuthorization`: pod identity gcp, or credentials from the TriggerAuthentication or
/// from env vars named in the metadata.
enum GCPCredentials {
    static func check(_ input: ScalerInput) -> [Finding] {
        if input.podIdentity.isProvider("gcp") != .no { return [] }
        if input.authSupplies("GoogleApplicationCredentials") != .no { return [] }
        if input.raw("credentialsFromEnv") != nil || input.raw("credentialsFromEnvFile") != nil { return [] }
        let message = "no GCP credentials: use a TriggerAuthentication with podIdentity.provider gcp or one supplying GoogleApplicationCredentials, or name an env var with credentialsFromEnv or credentialsFromEnvFile; KEDA rejects the trigger"
        if input.trigger.authenticationRef != nil { return [input.aboutAuthentication(message)] }
        return [input.missingOnTrigger("authenticationRef", message)]
    }
}
