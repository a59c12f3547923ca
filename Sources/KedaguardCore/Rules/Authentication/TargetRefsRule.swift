/// Entries of secretTargetRef, configMapTargetRef, env, boundServiceAccountToken and the
/// secret-manager `secrets` lists: the CRD requires the keys but accepts empty strings, and KEDA
/// then silently resolves the parameter to "".
public struct TargetRefsRule: SynchronousRule {
    public static let id = "auth-target-refs"
    public init() {}

    public var descriptor: RuleDescriptor {
        RuleDescriptor(
            id: Self.id, severity: .error,
            summary: "A TriggerAuthentication entry with an empty parameter, name, key, path or serviceAccountName, or an invalid object name.",
            explanation: """
            Each entry supplies one trigger parameter. The CRD only requires the fields to be present: \
            with an empty name or key KEDA logs an error and passes "" to the scaler, which then fails \
            or, worse, connects without a password. secretTargetRef and configMapTargetRef need \
            parameter, name and key; env needs parameter and name (containerName is optional and \
            defaults to the workload's env source container); boundServiceAccountToken needs parameter \
            and serviceAccountName; the secret managers' secrets need parameter and their path, key, \
            name or id. Secret, ConfigMap and ServiceAccount names must be valid object names, and \
            Secret and ConfigMap keys may only contain letters, digits, '-', '_' and '.'. A missing \
            field is reported by schema-required.
            """,
            kinds: ResourceKind.authentication, category: "authentication")
    }

    public func checkSynchronously(_ context: RuleContext) throws -> [Finding] {
        let auth = AuthenticationView(context.object)
        var findings: [Finding] = []
        for list in AuthenticationView.parameterLists {
            for entry in auth.entries(of: list) where entry.node.isMapping {
                for key in list.required {
                    if let node = entry[key], let text = node.string, KEDAValueSyntax.trim(text).isEmpty {
                        findings.append(Finding("\(list.label) entry has an empty \(key); KEDA would resolve \(describe(entry)) to \"\"", at: node))
                    }
                }
                findings += syntaxFindings(entry, list: list)
            }
        }
        return findings
    }

    private func describe(_ entry: Located) -> String {
        if let p = entry["parameter"]?.string, !p.isEmpty { return "parameter \"\(p)\"" }
        return "the parameter"
    }

    private func syntaxFindings(_ entry: Located, list: AuthenticationView.ParameterList) -> [Finding] {
        var findings: [Finding] = []
        let objectNameKey: String?
        switch list.label {
        case "secretTargetRef", "configMapTargetRef": objectNameKey = "name"
        case "boundServiceAccountToken": objectNameKey = "serviceAccountName"
        default: objectNameKey = nil
        }
        if let key = objectNameKey, let node = entry[key], let text = node.string, !text.isEmpty,
           let problem = NameValidation.dns1123SubdomainProblem(text) {
            findings.append(Finding("\(list.label) \(key) \"\(text)\" is not a valid object name: it \(problem)", at: node))
        }
        if list.label == "secretTargetRef" || list.label == "configMapTargetRef",
           let node = entry["key"], let text = node.string, !text.isEmpty, !Self.isConfigKey(text) {
            findings.append(Finding("\(list.label) key \"\(text)\" cannot exist in a \(list.label == "secretTargetRef" ? "Secret" : "ConfigMap"): keys only contain letters, digits, '-', '_' and '.'", at: node))
        }
        return findings
    }

    /// Kubernetes data keys: at most 253 of [-._a-zA-Z0-9], and not "." or "..".
    static func isConfigKey(_ key: String) -> Bool {
        guard key.utf8.count <= 253, key != ".", key != ".." else { return false }
        return key.unicodeScalars.allSatisfy {
            ($0.value >= 48 && $0.value <= 57) || ($0.value >= 65 && $0.value <= 90) || ($0.value >= 97 && $0.value <= 122)
                || $0 == "-" || $0 == "_" || $0 == "."
        }
    }
}
