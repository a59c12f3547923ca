/// A behavior that scales up more slowly than it scales down, measured by simulation.
public struct ScaleUpSlowerThanDownRule: SynchronousRule {
    public static let id = "scaledobject-behavior-scale-up-slower-than-down"
    public init() {}

    public var descriptor: RuleDescriptor {
        RuleDescriptor(
            id: Self.id, severity: .warning,
            summary: "The behavior needs longer to scale up across the replica range than to scale down across it.",
            explanation: """
            The usual production advice is to scale up fast (a spike hurts users now) and scale down \
            slowly (a dip may be brief, and restarting pods costs). kedaguard simulates both ramps with \
            the default 15s sync period: up from minReplicaCount to maxReplicaCount under a sustained \
            maximal recommendation, and down from maxReplicaCount to minReplicas under a sustained \
            minimal one, windows included. When the way up takes longer, the settings are probably \
            swapped between scaleUp and scaleDown. Give scaleUp the faster policies and the shorter \
            window, or keep both directions equally fast if that is really intended.
            """,
            kinds: [.scaledObject], category: "behavior")
    }

    public func checkSynchronously(_ context: RuleContext) throws -> [Finding] {
        guard let subject = BehaviorSubject(context), !subject.scaling.scaleOutPaused, !subject.scaling.scaleInPaused,
              let up = subject.upRamp.reachedAt, let down = subject.downRamp.reachedAt, up > down else { return [] }
        let s = subject.scaling
        return [subject.finding("scaling up from \(s.minReplicaCount) to \(s.hpaMaxReplicas) replicas takes \(formatDuration(up)) but scaling down from \(s.hpaMaxReplicas) to \(s.hpaMinReplicas) takes only \(formatDuration(down)); scale up at least as fast as you scale down (are scaleUp and scaleDown swapped?)", about: .up)]
    }
}
