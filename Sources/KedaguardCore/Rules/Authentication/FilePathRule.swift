/// `filePath` makes KEDA read all parameters from a JSON file under the operator's
/// `--filepath-auth-root-path`; KEDA's webhook does not validate it.
public struct FilePathRule: SynchronousRule {
    public static let id = "auth-file-path"
    public init() {}

    static let replacedSections = ["env", "configMapTargetRef", "secretTargetRef", "hashiCorpVault", "azureKeyVault",
                                   "gcpSecretManager", "awsSecretManager", "boundServiceAccountToken", "oauth2"]

    public var descriptor: RuleDescriptor {
        RuleDescriptor(
            id: Self.id, severity: .error,
            summary: "filePath on a namespaced TriggerAuthentication, absolute or with '..', or next to sections it replaces.",
            explanation: """
            filePath reads the parameters from a JSON file of string values below the directory the \
            KEDA operator was started with (--filepath-auth-root-path; without that flag it always \
            fails). KEDA only honours it when the trigger references a ClusterTriggerAuthentication: \
            on a TriggerAuthentication every trigger using it fails with "filePath is only supported for \
            ClusterTriggerAuthentication", even though KEDA's webhook admits it. The path must be \
            relative and must not contain '..' anywhere. When a file is read, KEDA returns its \
            parameters only: env, secretTargetRef, configMapTargetRef, the secret managers, \
            boundServiceAccountToken and oauth2 in the same object are ignored (warning); podIdentity \
            still applies.
            """,
            kinds: ResourceKind.authentication, category: "authentication")
    }

    public func checkSynchronously(_ context: RuleContext) throws -> [Finding] {
        guard let spec = context.spec, let node = spec["filePath"], let path = node.string, !path.isEmpty,
              let kind = context.object.resourceKind,
              // Releases without filePath report it as schema-unknown-field.
              StructuralSchema.field(kind, context.options.kedaVersion, "spec", "filePath") != nil else { return [] }
        var findings: [Finding] = []
        if context.object.resourceKind == .triggerAuthentication {
            findings.append(Finding("filePath only works on a ClusterTriggerAuthentication; KEDA fails every trigger that uses this TriggerAuthentication: move it to a ClusterTriggerAuthentication", atKeyOf: node))
        }
        if path.hasPrefix("/") {
            findings.append(Finding("filePath \"\(path)\" must be relative to the operator's --filepath-auth-root-path", at: node))
        }
        if path.contains("..") {
            findings.append(Finding("filePath \"\(path)\" must not contain '..'; KEDA rejects it", at: node))
        }
        for section in Self.replacedSections {
            guard let other = spec[section], !other.isNull else { continue }
            findings.append(Finding("\(section) is ignored: with filePath KEDA takes the parameters from the file only", atKeyOf: other, severity: .warning))
        }
        return findings
    }
}
