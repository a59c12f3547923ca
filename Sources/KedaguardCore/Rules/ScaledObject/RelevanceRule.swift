/// KEDA's webhook warns about settings that cannot have an effect; so do we, in the same cases.
public struct RelevanceRule: SynchronousRule {
    public static let id = "scaledobject-setting-not-relevant"
    public init() {}

    public var descriptor: RuleDescriptor {
        RuleDescriptor(
            id: Self.id, severity: .warning,
            summary: "pollingInterval or cooldownPeriod is set but has no effect.",
            explanation: """
            With minReplicaCount above 0 and no idleReplicaCount, KEDA never activates or deactivates \
            the workload itself: the HPA does all scaling. pollingInterval then only matters for \
            triggers with useCachedMetrics, and cooldownPeriod (the delay before scaling to zero or to \
            the idle count) never applies. KEDA's webhook returns the same warnings. Remove the field, \
            or tune the HPA through advanced.horizontalPodAutoscalerConfig.behavior instead.
            """,
            kinds: [.scaledObject], category: "scaledobject")
    }

    public func checkSynchronously(_ context: RuleContext) throws -> [Finding] {
        let so = ScalableView(context.object)
        guard so.effectiveMin > 0, so.idleReplicaCount == nil else { return [] }
        var findings: [Finding] = []
        let cached = context.triggers.contains { $0.useCachedMetrics?.bool == true }
        if let polling = so.pollingInterval, !cached {
            findings.append(Finding("pollingInterval is set but not relevant: with minReplicaCount \(so.effectiveMin) and no idleReplicaCount the HPA polls metrics itself; it only matters with useCachedMetrics", atKeyOf: polling))
        }
        if let cooldown = so.cooldownPeriod {
            findings.append(Finding("cooldownPeriod is set but not relevant: it only delays scaling to zero or to idleReplicaCount, and minReplicaCount is \(so.effectiveMin); use the HPA scaleDown behavior instead", atKeyOf: cooldown))
        }
        return findings
    }
}
