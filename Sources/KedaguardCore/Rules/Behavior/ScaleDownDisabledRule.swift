/// A behavior under which the HPA never removes a replica, found by simulating a scale-down.
public struct ScaleDownDisabledRule: SynchronousRule {
    public static let id = "scaledobject-behavior-scale-down-disabled"
    public init() {}

    public var descriptor: RuleDescriptor {
        RuleDescriptor(
            id: Self.id, severity: .warning,
            summary: "The HPA behavior never scales down although minReplicaCount is below maxReplicaCount.",
            explanation: """
            kedaguard simulates the HPA at maxReplicaCount with the recommendation dropped to its \
            minReplicas for a day (default 15s sync period). If not a single replica is removed, \
            scale-down is effectively disabled: usually scaleDown selectPolicy: Disabled. The workload \
            then stays at its peak until KEDA's cooldown takes it to zero (minReplicaCount 0) or for \
            good, which costs money and hides the real load. The rule stays silent when the \
            autoscaling.keda.sh/paused-scale-in annotation asked for the pause. To scale down slowly \
            rather than never, use a long scaleDown stabilizationWindowSeconds and a small Pods policy.
            """,
            kinds: [.scaledObject], category: "behavior")
    }

    public func checkSynchronously(_ context: RuleContext) throws -> [Finding] {
        guard let subject = BehaviorSubject(context), !subject.scaling.scaleInPaused else { return [] }
        let ramp = subject.downRamp
        guard !ramp.events.contains(where: { $0.to < $0.from }) else { return [] }
        let s = subject.scaling
        let cause = subject.rules(.down)?.selectPolicy == .disabled ? "scaleDown selectPolicy is Disabled" : "the scaleDown settings never allow a step"
        let after = s.minReplicaCount == 0
            ? "it stays at its peak until no trigger has been active for cooldownPeriod (\(s.cooldownPeriod)s) and KEDA scales it to zero"
            : "it stays at its peak for good"
        return [subject.finding("\(cause): the HPA never scales down from \(s.hpaMaxReplicas) toward \(s.hpaMinReplicas) replicas, so \(after); use Max or Min with a slow policy (for example Pods 1 per 300s) and a long stabilizationWindowSeconds, or the autoscaling.keda.sh/paused-scale-in annotation for a deliberate pause", about: .down)]
    }
}
