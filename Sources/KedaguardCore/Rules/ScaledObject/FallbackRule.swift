/// `spec.fallback` only works in the situations KEDA's fallback code supports.
public struct FallbackRule: SynchronousRule {
    public static let id = "scaledobject-fallback"
    public init() {}

    public var descriptor: RuleDescriptor {
        RuleDescriptor(
            id: Self.id, severity: .error,
            summary: "A fallback that KEDA denies, or that can never take effect.",
            explanation: """
            Fallback replaces a failing scaler's metric with fallback.replicas. KEDA's webhook denies a \
            fallback when every trigger is cpu or memory (their metrics do not come from KEDA), and \
            behavior: scalingModifiers without a scalingModifiers formula. At runtime fallback is only \
            applied to triggers whose metric type is AverageValue, and with scalingModifiers only when \
            the modifiers' target is an integer (KEDA's webhook accepts 2.5, the fallback code then \
            silently disables fallback). A cron trigger never fails, so a fallback that only covers cron \
            triggers never fires (warning).
            """,
            kinds: [.scaledObject], category: "scaledobject")
    }

    public func checkSynchronously(_ context: RuleContext) throws -> [Finding] {
        let so = ScalableView(context.object)
        guard let fallback = so.fallback, fallback.node.isMapping else { return [] }
        var findings: [Finding] = []
        let triggers = context.triggers
        // Counted rather than filtered into arrays: this runs for every object with a fallback.
        var hasExternal = false, hasAverageValue = false, averageValueAllCron = true
        for trigger in triggers where !trigger.isResourceMetric {
            hasExternal = true
            guard (trigger.metricType?.string ?? "AverageValue") == "AverageValue" else { continue }
            hasAverageValue = true
            if trigger.type != "cron" { averageValueAllCron = false }
        }
        if !context.usesScalingModifiers, !triggers.isEmpty, !hasExternal {
            findings.append(Finding("fallback needs at least one trigger that is not cpu or memory; KEDA denies it otherwise", atKeyOf: fallback))
        } else if hasExternal, !context.usesScalingModifiers {
            if !hasAverageValue {
                findings.append(Finding("fallback never applies: KEDA only falls back for triggers with metricType AverageValue, and every trigger here uses Value", atKeyOf: fallback, severity: .warning))
            } else if averageValueAllCron {
                findings.append(Finding("fallback never fires: cron triggers compute their metric locally and cannot fail", atKeyOf: fallback, severity: .warning))
            }
        }
        if let behavior = fallback["behavior"], behavior.string == "scalingModifiers", so.formula == nil {
            findings.append(Finding("fallback.behavior scalingModifiers requires spec.advanced.scalingModifiers.formula", at: behavior))
        }
        if context.usesScalingModifiers, let target = so.scalingModifiers?["target"], let text = target.node.scalarText {
            if Int64(KEDAValueSyntax.trim(text)) == nil, Double(text) != nil {
                findings.append(Finding("with scalingModifiers, fallback only works when advanced.scalingModifiers.target is an integer; \"\(text)\" silently disables fallback", at: target))
            }
        }
        return findings
    }
}
