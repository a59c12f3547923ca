/// How much the controller already knows about the HPA when the simulation starts.
public enum HPAHistory: Sendable, Hashable {
    /// The HPA is created at t=0 (the ScaledObject was just applied): its first reconcile comes one
    /// sync period later (the work queue delays every add by the sync period) and records the
    /// current replica count as a recommendation.
    case fresh
    /// The HPA has been running for longer than any window with the recommendation equal to the
    /// starting replica count (none at all when that count is 0: the controller skips a target
    /// scaled to zero). No scale event is remembered.
    case steady
}

/// One simulation: a ScaledObject's scaling settings, a starting replica count and a raw
/// recommendation over time.
public struct SimulationSetup: Sendable, Hashable {
    public var scaling: ScaledObjectScaling
    public var startReplicas: Int
    public var recommendation: RecommendationSchedule
    /// Simulated seconds; samples run from 0 to this time inclusive.
    public var duration: Int
    /// kube-controller-manager --horizontal-pod-autoscaler-sync-period.
    public var syncPeriod: Int
    /// kube-controller-manager --horizontal-pod-autoscaler-downscale-stabilization, used for a
    /// scale-down rule that sets no window and for HPAs without a behavior.
    public var downscaleStabilization: Int
    public var history: HPAHistory
    /// Stop as soon as the replica count reaches this value (probes that measure a ramp).
    public var stopAtReplicas: Int?

    public init(scaling: ScaledObjectScaling, startReplicas: Int, recommendation: RecommendationSchedule,
                duration: Int = 900, syncPeriod: Int = 15, downscaleStabilization: Int = 300,
                history: HPAHistory = .fresh, stopAtReplicas: Int? = nil) {
        self.scaling = scaling
        self.startReplicas = startReplicas
        self.recommendation = recommendation
        self.duration = duration
        self.syncPeriod = syncPeriod
        self.downscaleStabilization = downscaleStabilization
        self.history = history
        self.stopAtReplicas = stopAtReplicas
    }

    /// Hashes the few numbers that tell setups apart in practice; equality still compares every
    /// field. The sanity rules look up several setups per object in `SimulationCache`, and
    /// hashing each whole setup (both behaviors as declared and as resolved) cost more than the
    /// rest of the lookup.
    public func hash(into hasher: inout Hasher) {
        hasher.combine(startReplicas)
        hasher.combine(duration)
        hasher.combine(stopAtReplicas)
        hasher.combine(scaling.hpaMaxReplicas)
        hasher.combine(scaling.minReplicaCount)
        hasher.combine(recommendation.points.count)
        hasher.combine(recommendation.points.last?.replicas)
        if let b = scaling.behavior {
            hasher.combine(b.scaleUp.policies.count)
            hasher.combine(b.scaleDown.policies.count)
            hasher.combine(b.scaleUp.policies.first?.value)
            hasher.combine(b.scaleDown.policies.first?.value)
        }
    }
}

/// The state at one sync time, after everything that happened at that second.
public struct SimulationSample: Sendable, Hashable {
    public var t: Int
    /// The raw recommendation in force.
    public var recommended: Int
    public var replicas: Int
    /// The stabilized recommendation the controller computed at this sync (nil when it did not
    /// reach stabilization: first instant, target at zero, or outside min/max).
    public var stabilized: Int?
    /// The policy whose limit held the count at this sync (ScaleUpLimit/ScaleDownLimit), whether
    /// or not the count changed.
    public var limitedBy: ScalingPolicy?

    /// The stabilization window held the recommendation back at this sync.
    public var heldByWindow: Bool {
        guard let stabilized else { return false }
        return stabilized != recommended
    }
}

/// A change of the replica count and why it stopped where it did.
public struct SimulationEvent: Sendable, Hashable {
    public enum Cause: String, Sendable, Hashable {
        case desiredWithinRange = "DesiredWithinRange"
        case scaleUpStabilized = "ScaleUpStabilized"
        case scaleDownStabilized = "ScaleDownStabilized"
        case scaleUpLimit = "ScaleUpLimit"
        case scaleDownLimit = "ScaleDownLimit"
        case tooManyReplicas = "TooManyReplicas"
        case tooFewReplicas = "TooFewReplicas"
        case belowMinReplicas = "BelowMinReplicas"
        case aboveMaxReplicas = "AboveMaxReplicas"
        case kedaActivation = "KEDAActivation"
        case kedaCooldown = "KEDACooldown"
        case kedaMinReplicaCount = "KEDAMinReplicaCount"
    }

    public var t: Int
    public var from: Int
    public var to: Int
    public var cause: Cause
    /// The policy that limited a ScaleUpLimit/ScaleDownLimit step.
    public var policy: ScalingPolicy?
    /// The full reason: the cause and what it refers to ("ScaleUpLimit: Percent 10% per 60s").
    public var reason: String

    public var isKEDA: Bool { cause == .kedaActivation || cause == .kedaCooldown || cause == .kedaMinReplicaCount }

    /// A short label for charts.
    public var label: String {
        if let policy {
            switch policy.type {
            case .pods: return "Pods \(policy.value)/\(policy.periodSeconds)s"
            case .percent: return "\(policy.value)%/\(policy.periodSeconds)s"
            }
        }
        switch cause {
        case .desiredWithinRange: return "as asked"
        case .scaleUpStabilized, .scaleDownStabilized: return "window"
        case .scaleUpLimit: return "max(2x,4)"
        case .scaleDownLimit: return "limit"
        case .tooManyReplicas: return "max"
        case .tooFewReplicas: return "min"
        case .belowMinReplicas: return "to min"
        case .aboveMaxReplicas: return "to max"
        case .kedaActivation: return "KEDA on"
        case .kedaCooldown: return "KEDA off"
        case .kedaMinReplicaCount: return "KEDA min"
        }
    }
}

public struct SimulationResult: Sendable, Hashable {
    public var syncPeriod: Int
    public var duration: Int
    public var hpaMinReplicas: Int
    public var hpaMaxReplicas: Int
    /// The windows the controller applied (nil when the HPA has no behavior: then only the
    /// downscale window applies, reported as `scaleDownWindow`).
    public var scaleUpWindow: Int?
    public var scaleDownWindow: Int
    public var samples: [SimulationSample]
    public var events: [SimulationEvent]
    /// Set when `stopAtReplicas` was reached: the first time the count equalled it.
    public var reachedAt: Int?

    /// The replica counts over time, for comparing runs.
    public var trajectory: [Int] { samples.map(\.replicas) }
}

/// Runs kube-controller-manager's HPA logic and KEDA's scale loop over simulated time.
///
/// Timeline: KEDA polls at 0, pollingInterval, 2×pollingInterval, ...; the controller
/// reconciles every sync period (from one sync period on, see `HPAHistory`); samples are taken
/// at every multiple of the sync period from 0. When KEDA and the controller act in the same
/// second, KEDA goes first. A recommendation above 0 counts as an active trigger for KEDA.
public enum BehaviorSimulator {
    public static func run(_ setup: SimulationSetup) -> SimulationResult {
        let scaling = setup.scaling
        let sync = max(setup.syncPeriod, 1)
        let behavior = scaling.controllerBehavior(downscaleStabilization: setup.downscaleStabilization)
        let duration = max(setup.duration, 0)
        var replicas = max(setup.startReplicas, 0)
        var hpa = HPAControllerState()
        // An HPA that existed before t=0: KEDA also created the ScaledObject long ago.
        var creationTime = 0
        if setup.history == .steady {
            var recs: [TimedRecommendation] = []
            if replicas > 0 {
                let longest = max(behavior?.scaleUp.window(controllerDefault: 0) ?? 0,
                                  behavior?.scaleDown.window(controllerDefault: setup.downscaleStabilization) ?? setup.downscaleStabilization)
                var t = 0
                while t >= -(longest + sync) {
                    recs.insert(TimedRecommendation(replicas: replicas, time: t), at: 0)
                    t -= sync
                }
            }
            hpa.recommendations = recs
            creationTime = -1_000_000_000
        }
        var lastActive: Int?
        var samples: [SimulationSample] = []
        var events: [SimulationEvent] = []
        var reachedAt: Int?
        let polling = max(scaling.pollingInterval, 1)

        var t = 0
        var nextPoll = 0
        while t <= duration {
            let recommended = setup.recommendation.value(at: t, before: setup.startReplicas)
            var stabilized: Int?
            var limitedBy: ScalingPolicy?
            if t == nextPoll {
                if let event = kedaPoll(scaling: scaling, now: t, replicas: replicas, active: recommended > 0,
                                        lastActive: &lastActive, creationTime: creationTime) {
                    events.append(event)
                    replicas = event.to
                }
                nextPoll += polling
            }
            if t % sync == 0 && t > 0 {
                let outcome = reconcile(scaling: scaling, behavior: behavior, state: &hpa, now: t, current: replicas,
                                        desired: max(recommended, 0), downscaleWindow: setup.downscaleStabilization)
                stabilized = outcome.stabilized
                limitedBy = outcome.limitedBy
                if let event = outcome.event {
                    events.append(event)
                    replicas = event.to
                }
            }
            if t % sync == 0 {
                samples.append(SimulationSample(t: t, recommended: recommended, replicas: replicas, stabilized: stabilized, limitedBy: limitedBy))
            }
            if let target = setup.stopAtReplicas, replicas == target {
                reachedAt = t
                break
            }
            let nextSync = (t / sync + 1) * sync
            t = min(nextSync, nextPoll)
        }
        return SimulationResult(
            syncPeriod: sync, duration: duration, hpaMinReplicas: scaling.hpaMinReplicas, hpaMaxReplicas: scaling.hpaMaxReplicas,
            scaleUpWindow: behavior?.scaleUp.stabilizationWindowSeconds,
            scaleDownWindow: behavior?.scaleDown.stabilizationWindowSeconds ?? setup.downscaleStabilization,
            samples: samples, events: events, reachedAt: reachedAt)
    }

    struct ReconcileOutcome {
        var stabilized: Int?
        var limitedBy: ScalingPolicy?
        var event: SimulationEvent?
    }

    /// One reconcileAutoscaler pass for a given raw recommendation.
    static func reconcile(scaling: ScaledObjectScaling, behavior: HPABehavior?, state: inout HPAControllerState,
                          now: Int, current: Int, desired: Int, downscaleWindow: Int) -> ReconcileOutcome {
        state.recordInitialRecommendation(current: current, now: now)
        let minReplicas = scaling.hpaMinReplicas
        let maxReplicas = scaling.hpaMaxReplicas
        var outcome = ReconcileOutcome()
        let target: Int
        var policy: ScalingPolicy?
        // The event's words are only needed when the replica count changes; most syncs keep it,
        // so build them lazily.
        let explain: () -> (SimulationEvent.Cause, String)
        if current == 0 && minReplicas != 0 {
            return outcome // "scaling is disabled since the replica count of the target is zero"
        } else if current > maxReplicas {
            target = maxReplicas
            explain = { (.aboveMaxReplicas, "AboveMaxReplicas: lowered to maxReplicas \(maxReplicas)") }
        } else if current < minReplicas {
            target = minReplicas
            explain = { (.belowMinReplicas, "BelowMinReplicas: raised to minReplicas \(minReplicas)") }
        } else if let behavior {
            let upWindow = behavior.scaleUp.window(controllerDefault: 0)
            let downWindow = behavior.scaleDown.window(controllerDefault: downscaleWindow)
            let stabilized = state.stabilize(desired: desired, current: current, upWindow: upWindow, downWindow: downWindow, now: now)
            outcome.stabilized = stabilized
            let conversion = HPAControllerRules.convertWithBehaviorRate(
                current: current, desired: stabilized, minReplicas: minReplicas, maxReplicas: maxReplicas,
                behavior: behavior, upEvents: state.scaleUpEvents, downEvents: state.scaleDownEvents, now: now)
            target = conversion.replicas
            policy = conversion.policy
            outcome.limitedBy = conversion.policy
            explain = {
                describe(conversion, stabilized: stabilized, desired: desired, current: current,
                         minReplicas: minReplicas, maxReplicas: maxReplicas, upWindow: upWindow, downWindow: downWindow)
            }
        } else {
            let stabilized = state.stabilizeWithoutBehavior(desired: desired, window: downscaleWindow, now: now)
            outcome.stabilized = stabilized
            let conversion = HPAControllerRules.convertWithRules(current: current, desired: stabilized,
                                                                  minReplicas: minReplicas, maxReplicas: maxReplicas)
            target = conversion.replicas
            explain = {
                if case .scaleUpLimit = conversion.reason {
                    return (.scaleUpLimit, "ScaleUpLimit: max(2 x current, 4) per sync (no behavior)")
                }
                return describe(conversion, stabilized: stabilized, desired: desired, current: current,
                                minReplicas: minReplicas, maxReplicas: maxReplicas, upWindow: nil, downWindow: downscaleWindow)
            }
        }
        if target != current {
            state.storeScaleEvent(behavior: behavior, previous: current, new: target, now: now)
            let (cause, reason) = explain()
            outcome.event = SimulationEvent(t: now, from: current, to: target, cause: cause, policy: policy, reason: reason)
        }
        return outcome
    }

    private static func describe(_ conversion: HPAControllerRules.Conversion, stabilized: Int, desired: Int, current: Int,
                                 minReplicas: Int, maxReplicas: Int, upWindow: Int?, downWindow: Int) -> (SimulationEvent.Cause, String) {
        switch conversion.reason {
        case .scaleUpLimit:
            return (.scaleUpLimit, "ScaleUpLimit: \(conversion.policy.map(String.init(describing:)) ?? "policy limit")")
        case .scaleDownLimit:
            return (.scaleDownLimit, "ScaleDownLimit: \(conversion.policy.map(String.init(describing:)) ?? "policy limit")")
        case .tooManyReplicas:
            return (.tooManyReplicas, "TooManyReplicas: maxReplicas \(maxReplicas)")
        case .tooFewReplicas:
            return (.tooFewReplicas, "TooFewReplicas: minReplicas \(minReplicas)")
        case .desiredWithinRange:
            if stabilized != desired {
                if desired >= current {
                    return (.scaleUpStabilized, "ScaleUpStabilized: lowest recommendation of the last \(upWindow ?? 0)s")
                }
                return (.scaleDownStabilized, "ScaleDownStabilized: highest recommendation of the last \(downWindow)s")
            }
            return (.desiredWithinRange, "DesiredWithinRange")
        }
    }

    /// One pass of KEDA's scale loop (RequestScale): activation from zero or idle, and the
    /// cooldown back to zero or idleReplicaCount. Everything between is the HPA's job.
    static func kedaPoll(scaling: ScaledObjectScaling, now: Int, replicas: Int, active: Bool,
                         lastActive: inout Int?, creationTime: Int) -> SimulationEvent? {
        let minCount = scaling.minReplicaCount
        if active {
            if (scaling.idleReplicaCount != nil && replicas < minCount) || replicas == 0 {
                if scaling.scaleOutPaused { return nil }
                let target = minCount > 0 ? minCount : 1
                lastActive = now
                return SimulationEvent(t: now, from: replicas, to: target, cause: .kedaActivation, policy: nil,
                                       reason: "KEDAActivation: a trigger is active, KEDA scales to \(minCount > 0 ? "minReplicaCount" : "1")")
            }
            lastActive = now
            return nil
        }
        if let idle = scaling.idleReplicaCount, replicas > idle {
            return kedaCooldown(scaling: scaling, now: now, replicas: replicas, lastActive: lastActive, creationTime: creationTime)
        }
        if replicas > 0 && minCount == 0 {
            return kedaCooldown(scaling: scaling, now: now, replicas: replicas, lastActive: lastActive, creationTime: creationTime)
        }
        if scaling.idleReplicaCount == nil && replicas < minCount {
            return SimulationEvent(t: now, from: replicas, to: minCount, cause: .kedaMinReplicaCount, policy: nil,
                                   reason: "KEDAMinReplicaCount: no trigger active, KEDA restores minReplicaCount")
        }
        return nil
    }

    /// scaleToZeroOrIdle: once cooldownPeriod has passed since a trigger was last active (or
    /// initialCooldownPeriod since creation, if none ever was), go to idleReplicaCount if set,
    /// else to minReplicaCount (0).
    private static func kedaCooldown(scaling: ScaledObjectScaling, now: Int, replicas: Int,
                                     lastActive: Int?, creationTime: Int) -> SimulationEvent? {
        if scaling.scaleInPaused { return nil }
        let target = scaling.idleReplicaCount ?? scaling.minReplicaCount
        let due: Bool
        if let lastActive {
            due = lastActive + scaling.cooldownPeriod < now
        } else {
            due = creationTime + scaling.initialCooldownPeriod < now
        }
        guard due, target != replicas else { return nil }
        let what = scaling.idleReplicaCount != nil ? "idleReplicaCount \(target)" : "minReplicaCount \(target)"
        return SimulationEvent(t: now, from: replicas, to: target, cause: .kedaCooldown, policy: nil,
                               reason: "KEDACooldown: no trigger active for cooldownPeriod \(scaling.cooldownPeriod)s, KEDA scales to \(what)")
    }
}
