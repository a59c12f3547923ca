/// KEDA fills one map of parameters section after section, so a parameter given twice is
/// silently overwritten by the later section.
public struct DuplicateParameterRule: SynchronousRule {
    public static let id = "auth-parameter-duplicate"
    public init() {}

    public var descriptor: RuleDescriptor {
        RuleDescriptor(
            id: Self.id, severity: .warning,
            summary: "A TriggerAuthentication supplies the same parameter twice; only one value is used.",
            explanation: """
            KEDA resolves the sections in this order, each overwriting parameters of the same name: \
            env, configMapTargetRef, secretTargetRef, hashiCorpVault, azureKeyVault, gcpSecretManager, \
            awsSecretManager, boundServiceAccountToken, then oauth2 (oauthTokenURI, clientID, \
            clientSecret). Within a section the last entry wins. A duplicate is usually a copy-paste \
            mistake; remove the entry that is not meant to be used.
            """,
            kinds: ResourceKind.authentication, category: "authentication")
    }

    public func checkSynchronously(_ context: RuleContext) throws -> [Finding] {
        let auth = AuthenticationView(context.object)
        var supplied = auth.suppliedParameters
        if let oauth = auth.spec?["oauth2"], oauth.node.isMapping {
            for name in AuthenticationView.oauth2Parameters { supplied.append((name, oauth, "oauth2")) }
        }
        var findings: [Finding] = []
        for (index, entry) in supplied.enumerated() {
            // Every occurrence but the last is dead; name the one that wins.
            guard let winner = supplied[(index + 1)...].last(where: { $0.name == entry.name }) else { continue }
            findings.append(Finding("parameter \"\(entry.name)\" from \(entry.source) is overridden by \(winner.source == entry.source ? "a later \(winner.source) entry" : winner.source); remove one of them", at: entry.located))
        }
        return findings
    }
}
