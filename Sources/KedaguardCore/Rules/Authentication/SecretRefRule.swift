/// Cross-object: the Secrets a TriggerAuthentication reads must hold the keys it names, when the
/// Secret is among the objects checked together.
public struct SecretRefRule: Rule {
    public static let id = "auth-secret-ref"
    public init() {}

    public var descriptor: RuleDescriptor {
        RuleDescriptor(
            id: Self.id, severity: .error,
            summary: "A TriggerAuthentication names a Secret key that the Secret does not have (or, with --require-refs, a Secret that is missing).",
            explanation: """
            KEDA reads secretTargetRef entries and the secretKeyRef of oauth2 and secret-manager \
            credentials from Secrets in the TriggerAuthentication's namespace. A missing Secret or key \
            is not an error for KEDA: it logs it and passes "" to the scaler, which then fails to \
            authenticate or connects without credentials. When the Secret is among the files linted \
            together (or in the cluster), kedaguard checks the key exists in data or stringData. A \
            Secret that is not there is only reported with --require-refs. ClusterTriggerAuthentications \
            read Secrets from KEDA's own namespace, which kedaguard does not know, so they are not \
            checked; neither are operators running with KEDA_RESTRICT_SECRET_ACCESS.
            """,
            kinds: [.triggerAuthentication], category: "authentication")
    }

    public func check(_ context: RuleContext) async throws -> [Finding] {
        let auth = AuthenticationView(context.object)
        var refs: [(name: Located, key: Located, label: String)] = []
        for entry in auth.section(["secretTargetRef"])?.items ?? [] {
            if let name = entry["name"], let key = entry["key"] { refs.append((name, key, "secretTargetRef")) }
        }
        for (ref, label) in auth.secretKeyRefs {
            if let name = ref["name"], let key = ref["key"] { refs.append((name, key, label)) }
        }
        var findings: [Finding] = []
        for ref in refs {
            guard let secretName = ref.name.string, !secretName.isEmpty, let keyName = ref.key.string, !keyName.isEmpty else { continue }
            switch await context.lookup.secret(namespace: context.namespace, name: secretName) {
            case .found(let secret):
                if !secret.keys.contains(keyName) {
                    var message = "Secret \(context.namespace)/\(secretName) has no key \"\(keyName)\", so KEDA would pass an empty value"
                    if let best = Suggest.closest(to: keyName, in: secret.keys.sorted()) {
                        message += "; did you mean \"\(best)\"?"
                    } else if !secret.keys.isEmpty {
                        message += " (its keys: \(secret.keys.sorted().joined(separator: ", ")))"
                    }
                    findings.append(Finding(message, at: ref.key))
                }
            case .absent:
                findings.append(Finding("Secret \(context.namespace)/\(secretName) referenced by \(ref.label) is not among the objects checked (--require-refs)", at: ref.name))
            case .unknown:
                break
            }
        }
        return findings
    }
}
