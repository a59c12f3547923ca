/// What KEDA's Azure Key Vault handler needs: an https vault URI and either a client secret
/// credential or azure-workload identity.
public struct AzureKeyVaultRule: SynchronousRule {
    public static let id = "auth-azure-key-vault"
    public init() {}

    public var descriptor: RuleDescriptor {
        RuleDescriptor(
            id: Self.id, severity: .error,
            summary: "An azureKeyVault section without a usable vaultUri or credentials.",
            explanation: """
            vaultUri is the vault's https URL (https://<name>.vault.azure.net/); the Azure SDK refuses to \
            send credentials over plain http. Without podIdentity (or with provider none), KEDA needs \
            credentials.clientId, credentials.tenantId and credentials.clientSecret.valueFrom.secretKeyRef \
            (name and key of a Secret in the trigger's namespace), and fails with "clientID, tenantID \
            and clientSecret are expected" otherwise. With podIdentity azure-workload the credentials \
            block is ignored (warning). An empty secrets list means nothing is read (warning; from \
            v2.20 the CRD rejects it).
            """,
            kinds: ResourceKind.authentication, category: "authentication")
    }

    public func checkSynchronously(_ context: RuleContext) throws -> [Finding] {
        guard let vault = context.spec?["azureKeyVault"], vault.node.isMapping else { return [] }
        var findings: [Finding] = []
        if let uri = vault["vaultUri"], let text = uri.string {
            if text.isEmpty {
                findings.append(Finding("azureKeyVault.vaultUri is empty; give https://<vault-name>.vault.azure.net/", at: uri))
            } else if let url = GoSyntax.parseURL(text), url.scheme == "https", !url.host.isEmpty {
                // fine
            } else {
                findings.append(Finding("azureKeyVault.vaultUri \"\(text)\" must be an https URL with a host, e.g. https://<vault-name>.vault.azure.net/", at: uri))
            }
        }
        let provider = SecretManagerSupport.provider(vault)
        let credentials = vault["credentials"]
        if provider.isEmpty {
            if let credentials, credentials.node.isMapping {
                for key in ["clientId", "tenantId"] {
                    if let f = SecretManagerSupport.requiredText(credentials, key, label: "azureKeyVault.credentials", why: "KEDA needs clientId, tenantId and clientSecret without a pod identity") {
                        findings.append(f)
                    }
                }
                findings += SecretManagerSupport.secretKeyRefFindings(credentials["clientSecret"], label: "azureKeyVault.credentials.clientSecret",
                                                                      in: credentials, purpose: "without a pod identity")
            } else {
                findings.append(Finding("azureKeyVault needs credentials (clientId, tenantId, clientSecret) or podIdentity with provider azure-workload", missing: "credentials", in: vault))
            }
        } else if provider == "azure-workload", let credentials {
            findings.append(Finding("azureKeyVault.credentials is ignored with podIdentity provider azure-workload", atKeyOf: credentials, severity: .warning))
        }
        if let f = SecretManagerSupport.emptySecrets(vault, name: "azureKeyVault", context) { findings.append(f) }
        return findings
    }
}
