/// What KEDA's AWS Secrets Manager handler needs: access keys from a Secret or aws identity.
public struct AWSSecretManagerRule: SynchronousRule {
    public static let id = "auth-aws-secret-manager"
    public init() {}

    public var descriptor: RuleDescriptor {
        RuleDescriptor(
            id: Self.id, severity: .error,
            summary: "An awsSecretManager section without access keys or aws pod identity.",
            explanation: """
            Without podIdentity (or with provider none), KEDA needs credentials.accessKey and \
            credentials.accessSecretKey, each a valueFrom.secretKeyRef (name and key of a Secret in the \
            trigger's namespace); accessToken is optional. It fails with "AccessKeyID and \
            AccessSecretKey are expected" otherwise. With podIdentity aws the credentials are ignored \
            (warning). region defaults to the operator's AWS configuration. An empty secrets list means \
            nothing is read (warning; from v2.20 the CRD rejects it). Each secret needs parameter and \
            name (reported by auth-target-refs).
            """,
            kinds: ResourceKind.authentication, category: "authentication")
    }

    public func checkSynchronously(_ context: RuleContext) throws -> [Finding] {
        guard let manager = context.spec?["awsSecretManager"], manager.node.isMapping else { return [] }
        var findings: [Finding] = []
        let provider = SecretManagerSupport.provider(manager)
        let credentials = manager["credentials"]
        if provider.isEmpty {
            if let credentials, credentials.node.isMapping {
                for key in ["accessKey", "accessSecretKey"] {
                    findings += SecretManagerSupport.secretKeyRefFindings(credentials[key], label: "awsSecretManager.credentials.\(key)",
                                                                          in: credentials, purpose: "without a pod identity")
                }
                if let token = credentials["accessToken"], token.node.isMapping {
                    findings += SecretManagerSupport.secretKeyRefFindings(token, label: "awsSecretManager.credentials.accessToken",
                                                                          in: credentials, purpose: "")
                }
            } else {
                findings.append(Finding("awsSecretManager needs credentials (accessKey and accessSecretKey from a Secret) or podIdentity with provider aws", missing: "credentials", in: manager))
            }
        } else if provider == "aws", let credentials {
            findings.append(Finding("awsSecretManager.credentials is ignored with podIdentity provider aws", atKeyOf: credentials, severity: .warning))
        }
        if let f = SecretManagerSupport.emptySecrets(manager, name: "awsSecretManager", context) { findings.append(f) }
        return findings
    }
}
