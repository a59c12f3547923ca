/// KEDA's webhook validates `oauth2` only when podIdentity is absent or azure-workload/aws: for
/// gcp, aws-eks and none it returns early. kedaguard checks it whatever the provider.
public struct OAuth2Rule: SynchronousRule {
    public static let id = "auth-oauth2"
    public init() {}

    public var descriptor: RuleDescriptor {
        RuleDescriptor(
            id: Self.id, severity: .error,
            summary: "An oauth2 section without clientId, with a tokenUrl that is not an http(s) URL, or an unusable clientSecret.",
            explanation: """
            The oauth2 section makes KEDA fetch a token with the client-credentials grant and hand \
            oauthTokenURI, clientID and clientSecret to the scaler. KEDA's webhook requires a clientId \
            and a tokenUrl that parses as an http or https URL with a host, but skips these checks when \
            podIdentity.provider is gcp, aws-eks or none; the token request then fails at runtime \
            instead. clientSecret.valueFrom.secretKeyRef needs a Secret name and key (an empty one \
            resolves to an empty secret); without clientSecret KEDA sends an empty secret (warning).
            """,
            kinds: ResourceKind.authentication, category: "authentication")
    }

    public func checkSynchronously(_ context: RuleContext) throws -> [Finding] {
        guard let oauth = context.spec?["oauth2"], oauth.node.isMapping, let kind = context.object.resourceKind,
              // Releases without oauth2 report it as schema-unknown-field.
              StructuralSchema.field(kind, context.options.kedaVersion, "spec", "oauth2") != nil else { return [] }
        var findings: [Finding] = []
        if let clientId = oauth["clientId"], (clientId.string ?? "").isEmpty, clientId.node.stringValue != nil {
            findings.append(Finding("oauth2.clientId is empty; KEDA requires a client id", at: clientId))
        }
        if let url = oauth["tokenUrl"], let text = url.string {
            if text.isEmpty {
                findings.append(Finding("oauth2.tokenUrl is empty; give the token endpoint, e.g. https://login.example.com/oauth2/token", at: url))
            } else if !GoSyntax.isHTTPURL(text) {
                findings.append(Finding("oauth2.tokenUrl \"\(text)\" is not a valid http or https URL with a host", at: url))
            }
        }
        if let secret = oauth["clientSecret"] {
            if let ref = secret.path("valueFrom", "secretKeyRef"), ref.node.isMapping {
                for key in ["name", "key"] {
                    if let node = ref[key], (node.string ?? "").isEmpty, node.node.stringValue != nil {
                        findings.append(Finding("oauth2.clientSecret.valueFrom.secretKeyRef.\(key) is empty; the client secret would resolve to \"\"", at: node))
                    }
                }
            }
        } else {
            findings.append(Finding("oauth2 has no clientSecret, so KEDA requests tokens with an empty client secret; reference one with clientSecret.valueFrom.secretKeyRef", missing: "clientSecret", in: oauth, severity: .warning))
        }
        return findings
    }
}
