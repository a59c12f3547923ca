/// The arithmetic of kube-controller-manager's HPA controller
/// (pkg/controller/podautoscaler/horizontal.go), restated for simulated time in whole seconds.
///
/// Time: simulated syncs are exactly one sync period apart. The real controller re-queues an HPA
/// a sync period after the previous sync *ended* and stamps recommendations and events a little
/// after a sync started, so a real age is always slightly more than the simulated one. Hence a
/// recommendation or scale event whose simulated age equals a window or policy period is outside
/// it (Go's strict `After` excludes it; `Before` treats it as old), in the behavior path and in
/// the no-behavior path alike.
/// Replica arithmetic follows the controller's float64 formulas, so `Percent` rounds exactly as
/// the controller does: `ceil(start × (1 + v/100))` on scale-up and a truncated
/// `start × (1 − v/100)` on scale-down (both computed in IEEE doubles, like Go).
public enum HPAControllerRules {
    /// The condition reasons the controller sets on `ScalingLimited`.
    public enum LimitReason: String, Sendable, Hashable {
        case desiredWithinRange = "DesiredWithinRange"
        case scaleUpLimit = "ScaleUpLimit"
        case tooManyReplicas = "TooManyReplicas"
        case scaleDownLimit = "ScaleDownLimit"
        case tooFewReplicas = "TooFewReplicas"
    }

    /// The bound one direction's policies allow, and which policy produced it.
    public struct PolicyLimit: Sendable, Hashable {
        /// The replica count the policies allow (may be on the wrong side of the current count
        /// after many recent events; the caller clamps it, as the controller does).
        public var limit: Int
        /// The policy whose proposal was selected (the first one reaching the selected value);
        /// nil when the direction is Disabled.
        public var policy: ScalingPolicy?
    }

    /// Replicas added (or removed) by the events strictly inside the last `periodSeconds`.
    public static func replicasChange(periodSeconds: Int, events: [RecordedScaleEvent], now: Int) -> Int {
        let cutoff = now - periodSeconds
        var total = 0
        for event in events where event.time > cutoff { total += event.replicaChange }
        return total
    }

    /// calculateScaleUpLimitWithScalingRules: each policy proposes a count relative to the
    /// replicas at the start of its period; Max keeps the largest proposal, Min the smallest.
    public static func scaleUpLimit(current: Int, upEvents: [RecordedScaleEvent], downEvents: [RecordedScaleEvent],
                                    rules: ScalingRules, now: Int) -> PolicyLimit {
        if rules.selectPolicy == .disabled { return PolicyLimit(limit: current, policy: nil) }
        let preferLower = rules.selectPolicy == .min
        var result = preferLower ? Int(Int32.max) : Int(Int32.min)
        var chosen: ScalingPolicy?
        for policy in rules.policies {
            let start = current - replicasChange(periodSeconds: policy.periodSeconds, events: upEvents, now: now)
                + replicasChange(periodSeconds: policy.periodSeconds, events: downEvents, now: now)
            let proposed: Int
            switch policy.type {
            case .pods: proposed = start + policy.value
            case .percent: proposed = int32Conversion((Double(start) * (1 + Double(policy.value) / 100)).rounded(.up))
            }
            if preferLower ? proposed < result : proposed > result {
                result = proposed
                chosen = policy
            }
        }
        return PolicyLimit(limit: result, policy: chosen)
    }

    /// calculateScaleDownLimitWithBehaviors: the mirror image; Max keeps the lowest count (the
    /// largest change), Min the highest.
    public static func scaleDownLimit(current: Int, upEvents: [RecordedScaleEvent], downEvents: [RecordedScaleEvent],
                                      rules: ScalingRules, now: Int) -> PolicyLimit {
        if rules.selectPolicy == .disabled { return PolicyLimit(limit: current, policy: nil) }
        let preferHigher = rules.selectPolicy == .min
        var result = preferHigher ? Int(Int32.min) : Int(Int32.max)
        var chosen: ScalingPolicy?
        for policy in rules.policies {
            let start = current - replicasChange(periodSeconds: policy.periodSeconds, events: upEvents, now: now)
                + replicasChange(periodSeconds: policy.periodSeconds, events: downEvents, now: now)
            let proposed: Int
            switch policy.type {
            case .pods: proposed = start - policy.value
            case .percent: proposed = int32Conversion(Double(start) * (1 - Double(policy.value) / 100))
            }
            if preferHigher ? proposed > result : proposed < result {
                result = proposed
                chosen = policy
            }
        }
        return PolicyLimit(limit: result, policy: chosen)
    }

    /// The outcome of convertDesiredReplicasWithBehaviorRate.
    public struct Conversion: Sendable, Hashable {
        public var replicas: Int
        public var reason: LimitReason
        /// The policy behind a ScaleUpLimit/ScaleDownLimit.
        public var policy: ScalingPolicy?
    }

    /// convertDesiredReplicasWithBehaviorRate: clamps a (stabilized) recommendation by the
    /// direction's policy limit and by minReplicas/maxReplicas.
    public static func convertWithBehaviorRate(current: Int, desired: Int, minReplicas: Int, maxReplicas: Int,
                                               behavior: HPABehavior, upEvents: [RecordedScaleEvent],
                                               downEvents: [RecordedScaleEvent], now: Int) -> Conversion {
        if desired > current {
            let limit = scaleUpLimit(current: current, upEvents: upEvents, downEvents: downEvents, rules: behavior.scaleUp, now: now)
            // A limit below the current count (many recent events) means "not now", never "shrink".
            let scaleUpLimit = max(limit.limit, current)
            if maxReplicas > scaleUpLimit {
                if desired > scaleUpLimit { return Conversion(replicas: scaleUpLimit, reason: .scaleUpLimit, policy: limit.policy) }
            } else if desired > maxReplicas {
                return Conversion(replicas: maxReplicas, reason: .tooManyReplicas, policy: nil)
            }
        } else if desired < current {
            let limit = scaleDownLimit(current: current, upEvents: upEvents, downEvents: downEvents, rules: behavior.scaleDown, now: now)
            let scaleDownLimit = min(limit.limit, current)
            if minReplicas < scaleDownLimit {
                if desired < scaleDownLimit { return Conversion(replicas: scaleDownLimit, reason: .scaleDownLimit, policy: limit.policy) }
            } else if desired < minReplicas {
                return Conversion(replicas: minReplicas, reason: .tooFewReplicas, policy: nil)
            }
        }
        return Conversion(replicas: desired, reason: .desiredWithinRange, policy: nil)
    }

    /// Without a behavior the controller caps scale-up at max(2 × current, 4) per sync
    /// (calculateScaleUpLimit; the factor and floor are package variables in Go).
    public static func legacyScaleUpLimit(current: Int, factor: Double = 2, minimum: Double = 4) -> Int {
        int32Conversion(Swift.max(factor * Double(current), minimum))
    }

    /// convertDesiredReplicasWithRules: the no-behavior path's clamp.
    public static func convertWithRules(current: Int, desired: Int, minReplicas: Int, maxReplicas: Int,
                                        scaleUpFactor: Double = 2) -> Conversion {
        let scaleUpLimit = legacyScaleUpLimit(current: current, factor: scaleUpFactor)
        let maximumAllowed: Int
        let limitingReason: LimitReason
        if maxReplicas > scaleUpLimit {
            maximumAllowed = scaleUpLimit
            limitingReason = .scaleUpLimit
        } else {
            maximumAllowed = maxReplicas
            limitingReason = .tooManyReplicas
        }
        if desired < minReplicas { return Conversion(replicas: minReplicas, reason: .tooFewReplicas, policy: nil) }
        if desired > maximumAllowed { return Conversion(replicas: maximumAllowed, reason: limitingReason, policy: nil) }
        return Conversion(replicas: desired, reason: .desiredWithinRange, policy: nil)
    }

    /// Go's int32(float64) for the values that can occur here. Out-of-range conversions are
    /// implementation-defined in Go (amd64 yields MinInt32, arm64 saturates); kedaguard saturates.
    static func int32Conversion(_ value: Double) -> Int {
        if value.isNaN { return 0 }
        if value >= Double(Int32.max) { return Int(Int32.max) }
        if value <= Double(Int32.min) { return Int(Int32.min) }
        return Int(value.rounded(.towardZero))
    }
}

/// A past scale event as the controller stores it: the absolute change and when it happened.
public struct RecordedScaleEvent: Sendable, Hashable {
    public var replicaChange: Int
    public var time: Int
    /// Older than the direction's longest policy period: its slot may be reused.
    public var outdated: Bool

    public init(replicaChange: Int, time: Int, outdated: Bool = false) {
        self.replicaChange = replicaChange
        self.time = time
        self.outdated = outdated
    }
}

/// A raw (unstabilized) recommendation the controller remembers.
public struct TimedRecommendation: Sendable, Hashable {
    public var replicas: Int
    public var time: Int

    public init(replicas: Int, time: Int) {
        self.replicas = replicas
        self.time = time
    }
}
