/// github-runner: the credentials KEDA needs (personal access token or a GitHub App).
public struct GitHubRunnerScalerRule: ScalerRule {
    public static let id = "scaler-github-runner"
    public init() {}
    public var ruleID: String { Self.id }
    public let triggerTypes: Set<String> = ["github-runner"]
    public var summary: String { "A github-runner trigger without a token or with an incomplete GitHub App setup." }
    public var explanation: String {
        """
        KEDA needs personalAccessToken or appKey from the TriggerAuthentication. A GitHub App needs \
        all three of applicationID, installationID (metadata or env) and appKey; giving only some \
        of them is rejected.
        """
    }

    public func check(_ input: ScalerInput) -> [Finding] {
        var findings: [Finding] = []
        if input.isSet("personalAccessToken") == .no, input.isSet("appKey") == .no {
            findings.append(input.aboutAuthenticationOrMissing("no personalAccessToken or appKey: add one of them to the TriggerAuthentication"))
        }
        // A written 0 counts as unset from 2.18 but as set before; leave it undecided.
        func appPart(_ name: String) -> Tri {
            if let v = input.value(name) { return Int64(v.text).map { $0 == 0 ? .unknown : .yes } ?? .unknown }
            return input.isSet(name)
        }
        let parts = [("applicationID", appPart("applicationID")), ("installationID", appPart("installationID")), ("appKey", input.isSet("appKey"))]
        if parts.contains(where: { $0.1 == .yes }) {
            let missing = parts.filter { $0.1 == .no }.map(\.0)
            if !missing.isEmpty {
                findings.append(input.missing(missing[0], "a GitHub App needs applicationID, installationID and appKey; missing: \(missing.joined(separator: ", "))"))
            }
        }
        return findings
    }
}
