/// A stabilization window so short that it never holds a recommendation, found by simulation.
public struct WindowBelowSyncPeriodRule: SynchronousRule {
    public static let id = "scaledobject-behavior-window-below-sync-period"
    public init() {}

    public var descriptor: RuleDescriptor {
        RuleDescriptor(
            id: Self.id, severity: .warning,
            summary: "A stabilizationWindowSeconds above 0 that is too short to hold any earlier recommendation.",
            explanation: """
            The HPA controller only sees one recommendation per sync (every 15s by default), and a \
            window keeps the recommendations strictly younger than its length. A window of 1 to 15 \
            seconds therefore holds nothing but the current recommendation and behaves exactly like 0. \
            kedaguard checks this by simulating a recommendation that flips between minReplicas and \
            maxReplicaCount at every sync, once with the window and once with 0: when both runs are \
            identical the window is reported. Use 0 if no smoothing was intended, otherwise a window of \
            several sync periods (for example 60 or 300 seconds).
            """,
            kinds: [.scaledObject], category: "behavior")
    }

    public func checkSynchronously(_ context: RuleContext) throws -> [Finding] {
        guard let subject = BehaviorSubject(context), let behavior = subject.scaling.behavior else { return [] }
        var findings: [Finding] = []
        for direction in ScalingDirection.allCases {
            guard let window = subject.declared(direction)?.stabilizationWindowSeconds, window > 0,
                  let rules = subject.rules(direction), rules.selectPolicy != .disabled,
                  let node = subject.node(direction)?["stabilizationWindowSeconds"] else { continue }
            // A window of more than two sync periods always holds the previous recommendation,
            // which a recommendation flapping at every sync makes visible: nothing to simulate.
            guard window <= 2 * BehaviorProbes.syncPeriod else { continue }
            var without = behavior
            if direction == .up { without.scaleUp.stabilizationWindowSeconds = 0 } else { without.scaleDown.stabilizationWindowSeconds = 0 }
            guard subject.probes.flapping().trajectory == subject.probes.flapping(behavior: without).trajectory else { continue }
            findings.append(Finding("\(direction.rawValue).stabilizationWindowSeconds \(window) holds no earlier recommendation with the \(BehaviorProbes.syncPeriod)s sync period, so it behaves exactly like 0; set 0, or a window of several sync periods (for example 60 or 300) if you want smoothing", at: node))
        }
        return findings
    }
}
