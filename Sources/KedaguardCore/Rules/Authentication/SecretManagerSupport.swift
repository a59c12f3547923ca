/// Shared checks of the secret-manager sections (hashiCorpVault, azureKeyVault,
/// gcpSecretManager, awsSecretManager).
enum SecretManagerSupport {
    /// KEDA skips a section whose secrets list is empty: nothing is read from it. From v2.20 the
    /// CRD requires one item (schema-bounds reports it then).
    static func emptySecrets(_ section: Located, name: String, _ context: RuleContext) -> Finding? {
        guard let secrets = section["secrets"], secrets.node.sequenceValue != nil, secrets.items.isEmpty,
              StructuralSchema.field(context.object.resourceKind ?? .triggerAuthentication, context.options.kedaVersion,
                                     "spec", name, "secrets")?.minItems == nil else { return nil }
        return Finding("\(name).secrets is empty, so KEDA never reads from \(name); list the secrets to fetch", at: secrets, severity: .warning)
    }

    /// The provider of a nested podIdentity block; "" when absent (same as none for KEDA).
    static func provider(_ section: Located) -> String {
        let p = section.path("podIdentity", "provider")?.string ?? ""
        return p == "none" ? "" : p
    }

    /// A `{valueFrom: {secretKeyRef: {name, key}}}` reference that must resolve to a value.
    static func secretKeyRefFindings(_ holder: Located?, label: String, in parent: Located, purpose: String) -> [Finding] {
        guard let holder, holder.node.isMapping else {
            return [Finding("\(label) is required \(purpose)", missing: label.split(separator: ".").last.map(String.init) ?? label, in: parent)]
        }
        guard let ref = holder.path("valueFrom", "secretKeyRef"), ref.node.isMapping else {
            return [Finding("\(label) needs valueFrom.secretKeyRef with the name and key of a Secret", atKeyOf: holder)]
        }
        var findings: [Finding] = []
        for key in ["name", "key"] {
            if let node = ref[key], node.node.stringValue != nil, (node.string ?? "").isEmpty {
                findings.append(Finding("\(label).valueFrom.secretKeyRef.\(key) is empty; the credential would resolve to \"\"", at: node))
            }
        }
        return findings
    }

    /// Non-empty string field required by the handler (the CRD only requires presence, if at all).
    static func requiredText(_ section: Located, _ key: String, label: String, why: String) -> Finding? {
        if let node = section[key], !node.isNull {
            guard let text = node.string, KEDAValueSyntax.trim(text).isEmpty else { return nil }
            return Finding("\(label).\(key) is empty; \(why)", at: node)
        }
        return Finding("\(label).\(key) is required: \(why)", missing: key, in: section)
    }
}
