/// Checks what kube-apiserver checks of ObjectMeta for custom resources, which the CRD schema
/// does not describe: the name, and that labels and annotations are string maps.
public struct ObjectMetadataRule: SynchronousRule {
    public static let id = "object-metadata"
    public init() {}

    public var descriptor: RuleDescriptor {
        RuleDescriptor(
            id: Self.id, severity: .error,
            summary: "metadata.name is missing or not a valid name, or a label or annotation value is not a string.",
            explanation: """
            Custom resource names must be DNS-1123 subdomains (lower case alphanumerics, '-' and '.'). \
            Label and annotation values must be strings: YAML reads `paused: true` or `replicas: 3` as a \
            boolean or a number, which kube-apiserver rejects, so quote them ("true", "3").
            """,
            kinds: Set(ResourceKind.allCases), category: "structure")
    }

    public func checkSynchronously(_ context: RuleContext) throws -> [Finding] {
        var findings: [Finding] = []
        let root = context.root
        guard let metadata = root["metadata"], metadata.node.isMapping else {
            return [Finding("metadata is required: set metadata.name", missing: "metadata", in: root)]
        }
        if let name = metadata["name"] {
            if let text = name.string {
                if let problem = NameValidation.dns1123SubdomainProblem(text) {
                    findings.append(Finding("metadata.name \"\(text)\" \(problem)", at: name))
                }
            } else if !name.isNull {
                findings.append(Finding("metadata.name must be a string", at: name))
            }
        } else if metadata["generateName"] == nil {
            findings.append(Finding("metadata.name is required", missing: "name", in: metadata))
        }
        for field in ["labels", "annotations"] {
            // The nodes first: a located value (with its path) is only needed for a finding.
            guard let map = metadata[field], let entries = map.node.entries else { continue }
            for entry in entries where entry.value.stringValue == nil && !entry.value.isNull {
                guard let value = map[entry.key] else { continue }
                findings.append(Finding("metadata.\(field).\(entry.key) must be a string; quote the value (\"\(value.node.scalarText ?? "")\")", at: value))
            }
        }
        return findings
    }
}
