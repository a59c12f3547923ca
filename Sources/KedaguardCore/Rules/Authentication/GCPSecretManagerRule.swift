/// What KEDA's GCP Secret Manager handler needs: a service-account key Secret or gcp identity.
public struct GCPSecretManagerRule: SynchronousRule {
    public static let id = "auth-gcp-secret-manager"
    public init() {}

    public var descriptor: RuleDescriptor {
        RuleDescriptor(
            id: Self.id, severity: .error,
            summary: "A gcpSecretManager section without credentials or gcp pod identity.",
            explanation: """
            Without podIdentity (or with provider none), KEDA reads a service-account JSON key from \
            credentials.clientSecret.valueFrom.secretKeyRef (name and key of a Secret in the trigger's \
            namespace; the key's project_id selects the project) and fails with "clientSecret is \
            expected" otherwise. With podIdentity gcp it uses workload identity and ignores credentials \
            (warning). An empty secrets list means nothing is read (warning; from v2.20 the CRD \
            rejects it). Each secret needs parameter and id (reported by auth-target-refs); version \
            defaults to latest.
            """,
            kinds: ResourceKind.authentication, category: "authentication")
    }

    public func checkSynchronously(_ context: RuleContext) throws -> [Finding] {
        guard let manager = context.spec?["gcpSecretManager"], manager.node.isMapping else { return [] }
        var findings: [Finding] = []
        let provider = SecretManagerSupport.provider(manager)
        let credentials = manager["credentials"]
        if provider.isEmpty {
            if let credentials, credentials.node.isMapping {
                findings += SecretManagerSupport.secretKeyRefFindings(credentials["clientSecret"], label: "gcpSecretManager.credentials.clientSecret",
                                                                      in: credentials, purpose: "without a pod identity")
            } else {
                findings.append(Finding("gcpSecretManager needs credentials.clientSecret (a service-account key in a Secret) or podIdentity with provider gcp", missing: "credentials", in: manager))
            }
        } else if provider == "gcp", let credentials {
            findings.append(Finding("gcpSecretManager.credentials is ignored with podIdentity provider gcp", atKeyOf: credentials, severity: .warning))
        }
        if let f = SecretManagerSupport.emptySecrets(manager, name: "gcpSecretManager", context) { findings.append(f) }
        return findings
    }
}
