/// What KEDA's Vault handler needs before it can read any secret.
public struct HashiCorpVaultRule: SynchronousRule {
    public static let id = "auth-hashicorp-vault"
    public init() {}

    static let secretTypes = ["", "secretV2", "secret", "pki"]

    public var descriptor: RuleDescriptor {
        RuleDescriptor(
            id: Self.id, severity: .error,
            summary: "A hashiCorpVault section KEDA cannot log in with or read from.",
            explanation: """
            address must be the Vault URL (http:// or https:// with a host). With authentication token, \
            KEDA uses credential.token, or the VAULT_TOKEN variable of the operator itself; without \
            either it cannot log in (warning, since the operator's environment is not visible here). \
            With authentication kubernetes, role and mount (the auth path, e.g. kubernetes) are \
            required, and a credential block, when given, needs serviceAccountName (a bound token is \
            requested for it) or serviceAccount (a token file path); without a credential block KEDA \
            uses its own service account token. Fields of the other method are ignored (warning). \
            authentication is token or kubernetes, and secret types are secretV2, secret, pki or empty \
            (auto-detect); both are enums of the CRD from v2.20 and checked here for older releases. \
            An empty secrets list means \
            nothing is read (warning; from v2.20 the CRD rejects it). Empty parameter, path or key of \
            a secret are reported by auth-target-refs.
            """,
            kinds: ResourceKind.authentication, category: "authentication")
    }

    public func checkSynchronously(_ context: RuleContext) throws -> [Finding] {
        guard let vault = context.spec?["hashiCorpVault"], vault.node.isMapping else { return [] }
        let label = "hashiCorpVault"
        var findings: [Finding] = []
        if let address = vault["address"], let text = address.string {
            if text.isEmpty {
                findings.append(Finding("hashiCorpVault.address is empty; give the Vault URL, e.g. https://vault.example.com:8200", at: address))
            } else if !Self.isVaultAddress(text) {
                findings.append(Finding("hashiCorpVault.address \"\(text)\" is not an http(s) URL with a host (e.g. https://vault.example.com:8200)", at: address))
            }
        }
        let credential = vault["credential"]
        let method = vault["authentication"]?.string ?? ""
        switch method {
        case "token":
            if (credential?["token"]?.string ?? "").isEmpty {
                let anchor = credential?["token"] ?? vault["authentication"]!
                findings.append(Finding("authentication token needs hashiCorpVault.credential.token (or VAULT_TOKEN in the KEDA operator's environment); otherwise KEDA cannot log in to Vault", at: anchor, severity: .warning))
            }
            for key in ["serviceAccount", "serviceAccountName"] {
                if let node = credential?[key] {
                    findings.append(Finding("credential.\(key) is ignored with authentication token", atKeyOf: node, severity: .warning))
                }
            }
            for key in ["role", "mount"] {
                if let node = vault[key], !(node.string ?? "").isEmpty {
                    findings.append(Finding("hashiCorpVault.\(key) is only used with authentication kubernetes", atKeyOf: node, severity: .warning))
                }
            }
        case "kubernetes":
            if let f = SecretManagerSupport.requiredText(vault, "mount", label: label, why: "KEDA logs in at auth/<mount>/login (e.g. mount: kubernetes)") { findings.append(f) }
            if let f = SecretManagerSupport.requiredText(vault, "role", label: label, why: "the Vault role bound to the service account is needed to log in") { findings.append(f) }
            if let credential, credential.node.isMapping {
                if (credential["serviceAccount"]?.string ?? "").isEmpty, (credential["serviceAccountName"]?.string ?? "").isEmpty {
                    findings.append(Finding("with authentication kubernetes, credential needs serviceAccountName or serviceAccount (a token file path); remove credential to use KEDA's own service account token", atKeyOf: credential))
                }
                if let node = credential["token"] {
                    findings.append(Finding("credential.token is ignored with authentication kubernetes", atKeyOf: node, severity: .warning))
                }
            }
        default:
            // From v2.20 the CRD's enum reports other values (schema-enum).
            let kind = context.object.resourceKind ?? .triggerAuthentication
            if let node = vault["authentication"], !method.isEmpty,
               StructuralSchema.field(kind, context.options.kedaVersion, "spec", "hashiCorpVault", "authentication")?.enumValues == nil {
                findings.append(Finding("hashiCorpVault.authentication \"\(method)\" is not supported; use token or kubernetes", at: node))
            }
        }
        let typeEnforced = StructuralSchema.field(context.object.resourceKind ?? .triggerAuthentication, context.options.kedaVersion,
                                                  "spec", "hashiCorpVault", "secrets", "*", "type")?.enumValues != nil
        for secret in vault["secrets"]?.items ?? [] {
            if !typeEnforced, let type = secret["type"], let text = type.string, !Self.secretTypes.contains(text) {
                findings.append(Finding("hashiCorpVault secret type \"\(text)\" is not secretV2, secret or pki; KEDA fails reading it", at: type))
            }
        }
        if let f = SecretManagerSupport.emptySecrets(vault, name: label, context) { findings.append(f) }
        return findings
    }

    /// Vault's client accepts any URL, but requests only work over http(s) (or a unix socket).
    static func isVaultAddress(_ text: String) -> Bool {
        if GoSyntax.isHTTPURL(text) { return true }
        return GoSyntax.parseURL(text)?.scheme == "unix"
    }
}
