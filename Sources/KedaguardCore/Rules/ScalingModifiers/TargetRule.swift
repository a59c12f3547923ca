/// `scalingModifiers.target`, `activationTarget` and `metricType`, as KEDA's webhook and the
/// scale loop read them.
public struct TargetRule: SynchronousRule {
    public static let id = "scalingmodifiers-target"
    public init() {}

    public var descriptor: RuleDescriptor {
        RuleDescriptor(
            id: Self.id, severity: .error,
            summary: "scalingModifiers target missing or not a positive number, or an activationTarget that is not a number.",
            explanation: """
            The formula's result becomes one external metric whose HPA target is \
            scalingModifiers.target, a string that must parse as a float above zero (Go syntax, e.g. \
            "10" or "2.5"); KEDA's webhook denies a formula without target. activationTarget is \
            optional, but when set it must parse as a float too, otherwise every polling cycle fails \
            with a parsing error. metricType may be AverageValue (default) or Value; Utilization is \
            rejected (by the CRD's enum, reported as schema-enum, in every release kedaguard knows). \
            With a fallback, the target must also be an integer (reported by scaledobject-fallback).
            """,
            kinds: [.scaledObject], category: "scalingmodifiers")
    }

    public func checkSynchronously(_ context: RuleContext) throws -> [Finding] {
        let so = ScalableView(context.object)
        guard let modifiers = so.scalingModifiers, modifiers.node.isMapping, context.usesScalingModifiers else { return [] }
        var findings: [Finding] = []
        let hasFormula = !(modifiers["formula"]?.string ?? "").isEmpty
        if let target = modifiers["target"], let text = target.node.scalarText, !text.isEmpty {
            if let value = GoSyntax.parseFloat(text) {
                if value.isNaN || value.isInfinite {
                    findings.append(Finding("scalingModifiers.target \"\(text)\" must be a finite number", at: target, severity: .warning))
                } else if value <= 0 {
                    findings.append(Finding("scalingModifiers.target \(text) must be greater than zero", at: target))
                }
            } else {
                findings.append(Finding("scalingModifiers.target \"\(text)\" is not a number; write the target metric value, e.g. \"10\"", at: target))
            }
        } else if hasFormula {
            let message = "scalingModifiers.target is required with a formula: it is the target value of the composite metric (e.g. target: \"10\")"
            if let node = modifiers["target"] { findings.append(Finding(message, at: node)) } else { findings.append(Finding(message, missing: "target", in: modifiers)) }
        }
        if let activation = modifiers["activationTarget"], let text = activation.node.scalarText, !text.isEmpty, GoSyntax.parseFloat(text) == nil {
            findings.append(Finding("scalingModifiers.activationTarget \"\(text)\" is not a number; KEDA fails every polling cycle parsing it", at: activation))
        }
        if let metricType = modifiers["metricType"], metricType.string == "Utilization",
           StructuralSchema.field(.scaledObject, context.options.kedaVersion, "spec", "advanced", "scalingModifiers", "metricType")?.enumValues == nil {
            findings.append(Finding("scalingModifiers.metricType Utilization is not allowed: the composite metric is external; use AverageValue or Value", at: metricType))
        }
        return findings
    }
}
