/// `spec.scalingStrategy` is read by the scale loop without any validation: unknown values and
/// an unparsable custom percentage silently select another strategy.
public struct ScaledJobScalingStrategyRule: SynchronousRule {
    public static let id = "scaledjob-scaling-strategy"
    public init() {}

    static let strategies = ["default", "custom", "accurate", "eager"]
    static let calculations = ["min", "avg", "sum", "max"]
    static let customFields = ["customScalingQueueLengthDeduction", "customScalingRunningJobPercentage"]

    public var descriptor: RuleDescriptor {
        RuleDescriptor(
            id: Self.id, severity: .error,
            summary: "A ScaledJob scalingStrategy that KEDA silently replaces or partly ignores.",
            explanation: """
            strategy is default, custom, accurate or eager, and multipleScalersCalculation is min, avg, \
            sum or max; KEDA treats any other value as default (respectively max) without a word. From \
            v2.20 the CRD rejects them (schema-enum); for older releases kedaguard reports them here. \
            The custom strategy computes maxScale - customScalingQueueLengthDeduction - running Jobs x \
            customScalingRunningJobPercentage: the percentage is a string that must parse as a float \
            (Go syntax, e.g. "0.5"), otherwise KEDA falls back to the default strategy; it is a \
            fraction of the running Jobs, so values outside 0 to 1 are suspicious (warning). A missing \
            customScalingQueueLengthDeduction counts as 0 (warning). The custom fields are ignored by \
            every other strategy (warning), and pendingPodConditions only matter to accurate and \
            eager, the strategies that count pending Jobs (warning).
            """,
            kinds: [.scaledJob], category: "scaledjob")
    }

    public func checkSynchronously(_ context: RuleContext) throws -> [Finding] {
        guard let strategy = context.spec?["scalingStrategy"], strategy.node.isMapping else { return [] }
        let version = context.options.kedaVersion
        var findings: [Finding] = []
        let name = strategy["strategy"]?.string ?? ""
        if let node = strategy["strategy"], !name.isEmpty, !Self.strategies.contains(name),
           StructuralSchema.field(.scaledJob, version, "spec", "scalingStrategy", "strategy")?.enumValues == nil {
            let hint = Suggest.closest(to: name, in: Self.strategies).map { " (did you mean \"\($0)\"?)" } ?? ""
            findings.append(Finding("scalingStrategy.strategy \"\(name)\" is not one of \(Self.strategies.joined(separator: ", "))\(hint); KEDA silently uses default", at: node))
        }
        if let node = strategy["multipleScalersCalculation"], let text = node.string, !text.isEmpty, !Self.calculations.contains(text),
           StructuralSchema.field(.scaledJob, version, "spec", "scalingStrategy", "multipleScalersCalculation")?.enumValues == nil {
            findings.append(Finding("multipleScalersCalculation \"\(text)\" is not one of \(Self.calculations.joined(separator: ", ")); KEDA silently uses max", at: node))
        }
        if name == "custom" {
            findings += customFindings(strategy)
        } else {
            for field in Self.customFields {
                if let node = strategy[field] {
                    findings.append(Finding("\(field) is only used by strategy custom; with \(name.isEmpty ? "the default strategy" : "strategy \(name)") it is ignored", atKeyOf: node, severity: .warning))
                }
            }
        }
        if let conditions = strategy["pendingPodConditions"], !conditions.items.isEmpty, name != "accurate", name != "eager" {
            findings.append(Finding("pendingPodConditions only matter to the accurate and eager strategies, which count pending Jobs; \(name.isEmpty ? "the default strategy" : "strategy \(name)") ignores them", atKeyOf: conditions, severity: .warning))
        }
        return findings
    }

    private func customFindings(_ strategy: Located) -> [Finding] {
        var findings: [Finding] = []
        if let node = strategy["customScalingRunningJobPercentage"], !node.isNull {
            let text = node.node.scalarText ?? ""
            if let value = GoSyntax.parseFloat(text) {
                if !value.isFinite {
                    findings.append(Finding("customScalingRunningJobPercentage \"\(text)\" must be a finite number such as \"0.5\"", at: node))
                } else if value < 0 || value > 1 {
                    findings.append(Finding("customScalingRunningJobPercentage \(text) is a fraction of the running Jobs; values outside 0 to 1 \(value < 0 ? "add" : "subtract more than all") running Jobs", at: node, severity: .warning))
                }
            } else {
                findings.append(Finding("customScalingRunningJobPercentage \"\(text)\" is not a number; KEDA then silently falls back to the default strategy: write a float such as \"0.5\"", at: node))
            }
        } else {
            findings.append(Finding("strategy custom needs customScalingRunningJobPercentage (a float such as \"0.5\" as a string); without it KEDA silently uses the default strategy", missing: "customScalingRunningJobPercentage", in: strategy))
        }
        if let node = strategy["customScalingQueueLengthDeduction"], !node.isNull {
            if let value = node.int, value < 0 {
                findings.append(Finding("customScalingQueueLengthDeduction \(value) is negative, so the custom strategy adds \(-value) Jobs instead of deducting", at: node, severity: .warning))
            }
        } else {
            findings.append(Finding("strategy custom without customScalingQueueLengthDeduction deducts nothing (it counts as 0); set it, or use the default strategy", missing: "customScalingQueueLengthDeduction", in: strategy, severity: .warning))
        }
        return findings
    }
}
