/// prometheus: the HTTP authentication block, its clash with pod identity, and the server URL.
public struct PrometheusScalerRule: ScalerRule {
    public static let id = "scaler-prometheus"
    public init() {}
    public var ruleID: String { Self.id }
    public let triggerTypes: Set<String> = ["prometheus"]
    public var summary: String { "A prometheus trigger whose authentication or server address cannot work." }
    public var explanation: String {
        """
        Each mode listed in authModes needs its parameters from the TriggerAuthentication: bearer \
        needs bearerToken, basic needs username, tls needs cert and key, oauth needs oauthTokenURI \
        and clientID (and clientSecret before KEDA 2.20), custom needs customAuthHeader and \
        customAuthValue, apiKey needs apiKey. KEDA rejects authModes together with a pod identity \
        other than none. serverAddress is queried with Go's HTTP client, which only speaks http and \
        https: an address such as "prometheus:9090" without a scheme fails on every poll.
        """
    }

    public func check(_ input: ScalerInput) -> [Finding] {
        var findings = HTTPAuthModes.check(input)
        if let modes = HTTPAuthModes.modes(input), !modes.isEmpty, input.podIdentity.isNone == .no,
           let provider = input.podIdentity.name {
            findings.append(input.aboutAuthentication("authModes cannot be combined with pod identity \"\(provider)\"; KEDA rejects the trigger. Use either authModes with credentials or the pod identity"))
        }
        if let v = input.value("serverAddress"), GoURL.isNotHTTP(v.text) {
            findings.append(input.at(v.located, "serverAddress \"\(v.text)\" is not an http:// or https:// URL; every query fails. Write it as http://host:port"))
        }
        return findings
    }
}
