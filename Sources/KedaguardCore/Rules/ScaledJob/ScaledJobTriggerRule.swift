/// Trigger settings that a ScaledJob rejects or ignores, although the shared trigger schema
/// allows them (they are meaningful on ScaledObjects).
public struct ScaledJobTriggerRule: SynchronousRule {
    public static let id = "scaledjob-trigger"
    public init() {}

    public var descriptor: RuleDescriptor {
        RuleDescriptor(
            id: Self.id, severity: .error,
            summary: "A ScaledJob trigger sets metricType, uses a cpu/memory scaler, or sets useCachedMetrics.",
            explanation: """
            ScaledJob triggers share the ScaledObject trigger schema, but the ScaledJob controller \
            refuses any trigger with metricType ("Cannot set metricType in ScaledJob triggers", \
            Ready=False) after admission; remove the field. cpu and memory triggers cannot drive a \
            ScaledJob at all: they require metricType, and they report no queue length. useCachedMetrics \
            has no effect on ScaledJobs (KEDA only logs that; warning); on cpu, memory and cron triggers \
            KEDA's webhook denies it (reported by trigger-cached-metrics-unsupported). An external-push \
            trigger's pushed activations are ignored for ScaledJobs; only its polled metric is used \
            (warning).
            """,
            kinds: [.scaledJob], category: "scaledjob")
    }

    public func checkSynchronously(_ context: RuleContext) throws -> [Finding] {
        var findings: [Finding] = []
        for trigger in context.triggers {
            if let metricType = trigger.metricType, let text = metricType.node.scalarText, !text.isEmpty {
                findings.append(Finding("metricType is not allowed on ScaledJob triggers; the ScaledJob controller rejects it (Ready=False): remove it", atKeyOf: metricType))
            }
            if trigger.isResourceMetric, let typeNode = trigger.located["type"] {
                findings.append(Finding("\(trigger.type) triggers cannot scale a ScaledJob: they need metricType, which ScaledJobs reject, and report no queue length; use an event source trigger", at: typeNode))
            }
            if trigger.type == "external-push", let typeNode = trigger.located["type"] {
                findings.append(Finding("external-push does not push to ScaledJobs: KEDA ignores its activations and only polls the metric; use external for a ScaledJob", at: typeNode, severity: .warning))
            }
            if let cached = trigger.useCachedMetrics, cached.bool == true, !CachedMetricsRule.deniedTypes.contains(trigger.type) {
                findings.append(Finding("useCachedMetrics has no effect on ScaledJob triggers; remove it", atKeyOf: cached, severity: .warning))
            }
        }
        return findings
    }
}
