/// A finished simulation with what is needed to present it: a name, the scaling settings it ran
/// with and how it was set up.
public struct SimulationReport: Sendable {
    public var name: String
    public var scaling: ScaledObjectScaling
    public var setup: SimulationSetup
    public var result: SimulationResult

    public init(name: String, setup: SimulationSetup, result: SimulationResult) {
        self.name = name
        self.scaling = setup.scaling
        self.setup = setup
        self.result = result
    }

    /// Runs `setup` and wraps the result.
    public static func run(name: String, setup: SimulationSetup) -> SimulationReport {
        SimulationReport(name: name, setup: setup, result: BehaviorSimulator.run(setup))
    }

    /// The replica count the last recommendation asks for once min/max are applied: where the
    /// run is heading.
    public var finalTarget: Int {
        let last = result.samples.last?.recommended ?? setup.startReplicas
        if last == 0 && scaling.minReplicaCount == 0 { return scaling.idleReplicaCount ?? 0 }
        return min(max(last, scaling.hpaMinReplicas), scaling.hpaMaxReplicas)
    }

    /// When the run first sat at `finalTarget` for good (nil if it never settled there).
    public var settledAt: Int? {
        let target = finalTarget
        guard let last = result.samples.last, last.replicas == target else { return nil }
        var t = last.t
        for sample in result.samples.reversed() {
            if sample.replicas != target { break }
            t = sample.t
        }
        // The change itself may have happened between samples (a KEDA poll).
        if let event = result.events.last(where: { $0.to == target && $0.t <= t }), event.t > t - result.syncPeriod {
            return event.t
        }
        return t
    }

    /// One-line descriptions of the behavior the controller applies.
    public var behaviorLines: [String] {
        let downDefault = setup.downscaleStabilization
        guard let behavior = scaling.behavior else {
            return ["no behavior: scale-up at most max(2 x current, 4) per sync, scale-down after the controller's \(downDefault)s window"]
        }
        func line(_ name: String, _ rules: ScalingRules, declared: PartialScalingRules?) -> String {
            let window: String
            if let w = rules.stabilizationWindowSeconds {
                window = "window \(w)s"
            } else {
                window = "window \(downDefault)s (controller default)"
            }
            let policies = rules.policies.map(\.description).joined(separator: ", ")
            let defaulted = declared?.policies == nil ? " (default policies)" : ""
            return "\(name): \(window), selectPolicy \(rules.selectPolicy.rawValue), \(policies)\(defaulted)"
        }
        return [line("scaleUp", behavior.scaleUp, declared: scaling.declared.scaleUp),
                line("scaleDown", behavior.scaleDown, declared: scaling.declared.scaleDown)]
    }
}

/// Simulated time as mm:ss (minutes keep growing past 99).
public func formatSimulatedTime(_ seconds: Int) -> String {
    let sign = seconds < 0 ? "-" : ""
    let s = abs(seconds)
    let minutes = s / 60
    let rest = s % 60
    return sign + (minutes < 10 ? "0" : "") + "\(minutes):" + (rest < 10 ? "0" : "") + "\(rest)"
}

/// A duration for messages: "45s", "5m15s", "2h30m".
public func formatDuration(_ seconds: Int) -> String {
    if seconds < 60 { return "\(seconds)s" }
    if seconds < 3600 {
        let m = seconds / 60, s = seconds % 60
        return s == 0 ? "\(m)m" : "\(m)m\(s)s"
    }
    let h = seconds / 3600, m = (seconds % 3600) / 60
    return m == 0 ? "\(h)h" : "\(h)h\(m)m"
}
