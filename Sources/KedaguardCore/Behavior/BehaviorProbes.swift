public enum ScalingDirection: String, Sendable, Hashable, CaseIterable {
    case up = "scaleUp"
    case down = "scaleDown"
}

/// The scenarios the behavior sanity rules are derived from, all simulated with
/// kube-controller-manager's defaults (15 s sync period, 300 s downscale stabilization) and an
/// HPA that has been running at the starting count (`HPAHistory.steady`).
///
/// - scale-up ramp: from minReplicaCount (KEDA's; 0 means activation first) under a sustained
///   recommendation of maxReplicaCount, until the count reaches it;
/// - scale-down ramp: from maxReplicaCount under a sustained recommendation of the HPA's
///   minReplicas, until the count reaches it;
/// - flapping: from the HPA's minReplicas, the recommendation alternating between maxReplicaCount
///   and minReplicas at every sync for 40 syncs.
public struct BehaviorProbes: Sendable {
    public static let syncPeriod = 15
    public static let downscaleStabilization = 300
    /// The longest a ramp is simulated: beyond a day nobody waits for an autoscaler.
    public static let horizon = 86_400

    public let scaling: ScaledObjectScaling

    public init(scaling: ScaledObjectScaling) {
        self.scaling = scaling
    }

    /// Whether scaling can move at all (the HPA's min and max differ).
    public var hasRange: Bool { scaling.hpaMinReplicas < scaling.hpaMaxReplicas }

    public func scaleUpRamp(behavior: HPABehavior? = nil) -> SimulationResult {
        SimulationCache.shared.run(rampSetup(.up, behavior: behavior))
    }

    public func scaleDownRamp(behavior: HPABehavior? = nil) -> SimulationResult {
        SimulationCache.shared.run(rampSetup(.down, behavior: behavior))
    }

    public func ramp(_ direction: ScalingDirection, behavior: HPABehavior? = nil) -> SimulationResult {
        SimulationCache.shared.run(rampSetup(direction, behavior: behavior))
    }

    /// Up: from minReplicaCount under a sustained recommendation of maxReplicaCount; down: from
    /// maxReplicaCount under a sustained recommendation of the HPA's minReplicas.
    private func rampSetup(_ direction: ScalingDirection, behavior: HPABehavior?) -> SimulationSetup {
        let (from, to) = direction == .up ? (scaling.minReplicaCount, scaling.hpaMaxReplicas) : (scaling.hpaMaxReplicas, scaling.hpaMinReplicas)
        return SimulationSetup(
            scaling: with(behavior), startReplicas: from,
            recommendation: .constant(to), duration: Self.horizon, syncPeriod: Self.syncPeriod,
            downscaleStabilization: Self.downscaleStabilization, history: .steady, stopAtReplicas: to)
    }

    public func flapping(behavior: HPABehavior? = nil) -> SimulationResult {
        let syncs = 40
        let points = (0...syncs).map { i in
            RecommendationSchedule.Point(time: i * Self.syncPeriod, replicas: i % 2 == 1 ? scaling.hpaMaxReplicas : scaling.hpaMinReplicas)
        }
        return SimulationCache.shared.run(SimulationSetup(
            scaling: with(behavior), startReplicas: scaling.hpaMinReplicas, recommendation: RecommendationSchedule(points),
            duration: syncs * Self.syncPeriod, syncPeriod: Self.syncPeriod,
            downscaleStabilization: Self.downscaleStabilization, history: .steady))
    }

    /// Indices of `direction`'s policies that never change the ramp in that direction: removing
    /// them one at a time (last first, so of two identical policies the later one is reported)
    /// leaves every replica count of the ramp unchanged.
    public func deadPolicies(_ direction: ScalingDirection) -> [Int] {
        guard let behavior = scaling.behavior else { return [] }
        let rules = direction == .up ? behavior.scaleUp : behavior.scaleDown
        guard rules.selectPolicy != .disabled, rules.policies.count > 1 else { return [] }
        // The answer follows from the ramp's setup alone: remembered with it, it costs one lookup
        // instead of one simulation lookup per policy.
        return SimulationCache.shared.deadPolicies(rampSetup(direction, behavior: nil), direction) {
            findDeadPolicies(direction, behavior: behavior, rules: rules)
        }
    }

    private func findDeadPolicies(_ direction: ScalingDirection, behavior: HPABehavior, rules: ScalingRules) -> [Int] {
        let baseline = ramp(direction).trajectory
        var kept = Array(rules.policies.indices)
        var dead: [Int] = []
        for index in rules.policies.indices.reversed() where kept.count > 1 {
            let candidate = kept.filter { $0 != index }
            var reduced = behavior
            let policies = candidate.map { rules.policies[$0] }
            if direction == .up { reduced.scaleUp.policies = policies } else { reduced.scaleDown.policies = policies }
            if ramp(direction, behavior: reduced).trajectory == baseline {
                kept = candidate
                dead.append(index)
            }
        }
        return dead.sorted()
    }

    /// The same settings with another behavior (nil keeps the object's own).
    private func with(_ behavior: HPABehavior?) -> ScaledObjectScaling {
        guard let behavior else { return scaling }
        var copy = scaling
        copy.behavior = behavior
        return copy
    }
}
