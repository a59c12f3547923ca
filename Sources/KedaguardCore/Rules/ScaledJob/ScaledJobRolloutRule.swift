/// How KEDA treats running Jobs when the ScaledJob changes: `rollout.strategy`, the deprecated
/// `rolloutStrategy` (which wins when set) and `rollout.propagationPolicy`.
public struct ScaledJobRolloutRule: SynchronousRule {
    public static let id = "scaledjob-rollout"
    public init() {}

    static let strategies = ["gradual", "immediate"]
    static let policies = ["foreground", "background"]

    public var descriptor: RuleDescriptor {
        RuleDescriptor(
            id: Self.id, severity: .warning,
            summary: "Conflicting or ineffective ScaledJob rollout settings.",
            explanation: """
            On every change of a ScaledJob, KEDA deletes the running Jobs of older generations unless \
            the rollout strategy is gradual. The deprecated spec.rolloutStrategy wins over \
            spec.rollout.strategy whenever it is set, so setting both with different values is \
            misleading (warning; remove rolloutStrategy). rolloutStrategy alone still works but is \
            deprecated (info). rollout.propagationPolicy (background by default, or foreground) only \
            applies to those deletions, so with gradual it has no effect (warning). For releases whose \
            CRD has no enum here (before v2.20), any value other than gradual behaves as immediate and \
            any policy other than foreground as background (error).
            """,
            kinds: [.scaledJob], category: "scaledjob")
    }

    public func checkSynchronously(_ context: RuleContext) throws -> [Finding] {
        guard let spec = context.spec else { return [] }
        let version = context.options.kedaVersion
        var findings: [Finding] = []
        let deprecated = spec["rolloutStrategy"]
        let rollout = spec["rollout"]
        let current = rollout?["strategy"]
        let deprecatedText = deprecated?.string ?? ""
        let currentText = current?.string ?? ""

        for (node, path) in [(deprecated, ["spec", "rolloutStrategy"]), (current, ["spec", "rollout", "strategy"])] {
            guard let node, let text = node.string, !text.isEmpty, !Self.strategies.contains(text),
                  StructuralSchema.forKind(.scaledJob, version: version)?.field(path)?.enumValues == nil else { continue }
            findings.append(Finding("\(path.dropFirst().joined(separator: ".")) \"\(text)\" is not gradual or immediate; KEDA treats it as immediate and deletes running Jobs of older versions", at: node, severity: .error))
        }
        if let deprecated, !deprecatedText.isEmpty {
            if !currentText.isEmpty {
                let verdict = deprecatedText == currentText ? "both say \(currentText)" : "KEDA uses rolloutStrategy \"\(deprecatedText)\" and ignores rollout.strategy \"\(currentText)\""
                findings.append(Finding("rolloutStrategy is deprecated and wins over rollout.strategy when both are set (\(verdict)); remove rolloutStrategy", atKeyOf: deprecated))
            } else {
                findings.append(Finding("rolloutStrategy is deprecated; use rollout.strategy: \(deprecatedText) instead", atKeyOf: deprecated, severity: .info))
            }
        }
        let effective = deprecatedText.isEmpty ? currentText : deprecatedText
        if let policy = rollout?["propagationPolicy"], let text = policy.string, !text.isEmpty {
            if !Self.policies.contains(text),
               StructuralSchema.field(.scaledJob, version, "spec", "rollout", "propagationPolicy")?.enumValues == nil {
                findings.append(Finding("rollout.propagationPolicy \"\(text)\" is not foreground or background; KEDA uses background", at: policy, severity: .error))
            } else if effective == "gradual" {
                findings.append(Finding("rollout.propagationPolicy has no effect with the gradual strategy: KEDA deletes no Jobs on updates", atKeyOf: policy))
            }
        }
        return findings
    }
}
