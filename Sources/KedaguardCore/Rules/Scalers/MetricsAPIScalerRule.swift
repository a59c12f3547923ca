/// metrics-api: target value (unless scalingModifiers), authentication block, URL scheme.
public struct MetricsAPIScalerRule: ScalerRule {
    public static let id = "scaler-metrics-api"
    public init() {}
    public var ruleID: String { Self.id }
    public let triggerTypes: Set<String> = ["metrics-api"]
    public var summary: String { "A metrics-api trigger without a target value, with incomplete authentication, or with a non-HTTP url." }
    public var explanation: String {
        """
        targetValue is required (KEDA 2.18 and later also reject 0) unless the ScaledObject uses \
        advanced.scalingModifiers, which brings its own target. Each mode in authModes needs its \
        parameters from the TriggerAuthentication (bearer: bearerToken, basic: username, tls: cert \
        and key, oauth: oauthTokenURI and clientID, custom: customAuthHeader and customAuthValue, \
        apiKey: apiKey). url is fetched with Go's HTTP client: anything but http:// or https:// \
        fails on every poll.
        """
    }

    public func check(_ input: ScalerInput) -> [Finding] {
        var findings: [Finding] = []
        if !input.asMetricSource {
            if input.seen("targetValue").isSet == .no {
                findings.append(input.missing("targetValue", "targetValue is missing; KEDA needs it unless the ScaledObject uses scalingModifiers"))
            } else if input.atLeast(.v2_18_0), let v = input.value("targetValue"), ScalerInput.jsonDouble(v.text) == 0 {
                findings.append(input.at(v.located, "targetValue must not be 0; KEDA treats 0 as missing unless the ScaledObject uses scalingModifiers"))
            }
        }
        if input.atLeast(.v2_18_0) { findings += HTTPAuthModes.check(input) }
        if let v = input.value("url"), GoURL.isNotHTTP(v.text) {
            findings.append(input.at(v.located, "url \"\(v.text)\" is not an http:// or https:// URL; every poll fails"))
        }
        return findings
    }
}
