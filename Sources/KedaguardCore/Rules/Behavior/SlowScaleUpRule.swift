/// How long the behavior takes to go from minReplicaCount to maxReplicaCount when the load stays
/// at its maximum, measured by simulation.
public struct SlowScaleUpRule: SynchronousRule {
    public static let id = "scaledobject-behavior-slow-scale-up"
    public init() {}

    public var descriptor: RuleDescriptor {
        RuleDescriptor(
            id: Self.id, severity: .warning,
            summary: "Scaling from minReplicaCount to maxReplicaCount takes longer than the configured bound (default 10 minutes).",
            explanation: """
            kedaguard simulates the HPA controller and KEDA with the default 15s sync period: the \
            workload idles at minReplicaCount (KEDA activates it first when that is 0), then the \
            recommendation jumps to maxReplicaCount and stays there. The rule reports how long the \
            scaleUp policies, selectPolicy and stabilization window take to reach maxReplicaCount when \
            that is longer than the bound (CheckOptions.maxScaleUpSeconds, 600 seconds by default), and \
            which policy held the count back at most syncs. A scale-up that slow cannot follow a real load spike: allow \
            more per period (a larger value, a shorter periodSeconds, or a Percent policy next to a Pods \
            one with selectPolicy: Max) or shorten the scaleUp stabilizationWindowSeconds. A scaleUp with \
            selectPolicy: Disabled is reported too, unless the autoscaling.keda.sh/paused-scale-out \
            annotation asked for it. Run `kedaguard simulate` to see the ramp.
            """,
            kinds: [.scaledObject], category: "behavior")
    }

    public func checkSynchronously(_ context: RuleContext) throws -> [Finding] {
        guard let subject = BehaviorSubject(context), !subject.scaling.scaleOutPaused else { return [] }
        let s = subject.scaling
        let bound = context.options.maxScaleUpSeconds
        let ramp = subject.upRamp
        let from = s.minReplicaCount, to = s.hpaMaxReplicas
        var scenario: String { "from \(from) to \(to) replicas under a sustained recommendation of \(to)" }
        if subject.rules(.up)?.selectPolicy == .disabled {
            let keda = from == 0 ? "; only KEDA's activation to \(max(s.minReplicaCount, 1)) adds any" : ""
            return [subject.finding("scaleUp selectPolicy is Disabled: the HPA never adds replicas, so the workload never goes \(scenario)\(keda); use Max or Min, or the autoscaling.keda.sh/paused-scale-out annotation for a temporary pause", about: .up)]
        }
        guard let reached = ramp.reachedAt else {
            let at = ramp.samples.last?.replicas ?? from
            return [subject.finding("the behavior does not scale \(scenario) within \(formatDuration(BehaviorProbes.horizon)) (it is at \(at) by then)\(limiterText(ramp)); allow faster scale-up", about: .up, fallback: "maxReplicaCount")]
        }
        guard reached > bound else { return [] }
        return [subject.finding("scaling \(scenario) takes \(formatDuration(reached)), more than \(formatDuration(bound))\(limiterText(ramp))\(windowText(ramp)); allow faster scale-up (a larger value or shorter periodSeconds) or a shorter scaleUp window", about: .up, fallback: "maxReplicaCount")]
    }

    private func limiterText(_ ramp: SimulationResult) -> String {
        guard let d = BehaviorSubject.dominantPolicy(ramp) else { return "" }
        return ": \(d.policy) holds the count back at \(d.syncs) of the \(d.of) syncs"
    }

    private func windowText(_ ramp: SimulationResult) -> String {
        let held = ramp.samples.filter(\.heldByWindow)
        guard let first = held.first, let last = held.last else { return "" }
        return ", and the stabilization window holds it back from \(formatSimulatedTime(first.t)) to \(formatSimulatedTime(last.t + ramp.syncPeriod))"
    }
}
