/// `useCachedMetrics` only applies to scalers KEDA queries for the HPA's external metrics.
public struct CachedMetricsRule: SynchronousRule {
    public static let id = "trigger-cached-metrics-unsupported"
    public init() {}
    /// Types for which KEDA's webhooks (ScaledObject and ScaledJob) deny useCachedMetrics: true.
    public static let deniedTypes: Set<String> = ["cpu", "memory", "cron"]

    public var descriptor: RuleDescriptor {
        RuleDescriptor(
            id: Self.id, severity: .error,
            summary: "useCachedMetrics set on a cpu, memory or cron trigger.",
            explanation: """
            cpu and memory metrics come from the metrics server, not from KEDA, and cron computes its \
            value locally, so there is nothing to cache; KEDA's webhook denies useCachedMetrics: true on \
            them, on ScaledObjects and ScaledJobs alike. Remove the field from that trigger.
            """,
            kinds: ResourceKind.triggerBearing, category: "triggers")
    }

    public func checkSynchronously(_ context: RuleContext) throws -> [Finding] {
        context.triggers.compactMap { trigger in
            guard let flag = trigger.useCachedMetrics, flag.bool == true,
                  Self.deniedTypes.contains(trigger.type) else { return nil }
            return Finding("useCachedMetrics is not supported for the \"\(trigger.type)\" scaler; remove it", at: flag)
        }
    }
}
