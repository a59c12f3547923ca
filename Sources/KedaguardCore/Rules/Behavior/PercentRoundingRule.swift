/// How the controller rounds Percent policies at low replica counts, observed in simulation.
public struct PercentRoundingRule: SynchronousRule {
    public static let id = "scaledobject-behavior-percent-rounding"
    public init() {}

    public var descriptor: RuleDescriptor {
        RuleDescriptor(
            id: Self.id, severity: .info,
            summary: "A Percent policy that, at low replica counts, moves a whole pod per period: far more than its percentage.",
            explanation: """
            A Percent policy never rounds to zero pods. The controller computes the scale-up limit as \
            ceil(replicas x (1 + value/100)) and the scale-down limit as the truncated \
            replicas x (1 - value/100), so every period moves at least one pod. Below 100/value \
            replicas a Percent policy therefore moves exactly one pod per period, which is a larger share \
            than its value says: Percent 10 adds 1 pod to 1 replica (+100%) and removes 1 of 2 (-50%). \
            kedaguard reports a declared Percent policy when the simulated ramp (minReplicaCount to \
            maxReplicaCount and back) shows it deciding a step of at least twice its percentage. This is information, not an error: \
            if the first pods should come more slowly, lengthen periodSeconds or add a stabilization \
            window; if one pod per period is fine, nothing needs to change.
            """,
            kinds: [.scaledObject], category: "behavior")
    }

    public func checkSynchronously(_ context: RuleContext) throws -> [Finding] {
        guard let subject = BehaviorSubject(context) else { return [] }
        var findings: [Finding] = []
        for direction in ScalingDirection.allCases {
            guard subject.declared(direction)?.policies != nil, let rules = subject.rules(direction),
                  rules.selectPolicy != .disabled else { continue }
            for (index, policy) in rules.policies.enumerated() where policy.type == .percent && policy.value < 100 {
                // Below this count the nominal change is less than one pod.
                let wholePodFrom = (100 + policy.value - 1) / policy.value
                let steps = subject.ramp(direction).events.filter { $0.policy == policy && $0.from < wholePodFrom }
                guard let lowest = steps.map(\.from).min(), let node = subject.policyNode(direction, index) else { continue }
                let single = ScalingRules(stabilizationWindowSeconds: 0, selectPolicy: .max, policies: [policy])
                let moved: Int
                let verb: String
                let formula: String
                if direction == .up {
                    moved = HPAControllerRules.scaleUpLimit(current: lowest, upEvents: [], downEvents: [], rules: single, now: 0).limit - lowest
                    verb = "adds"
                    formula = "ceil(replicas x \(factor(100 + policy.value)))"
                } else {
                    moved = lowest - HPAControllerRules.scaleDownLimit(current: lowest, upEvents: [], downEvents: [], rules: single, now: 0).limit
                    verb = "removes"
                    formula = "the truncated replicas x \(factor(100 - policy.value))"
                }
                let share = moved * 100 / lowest
                // A step within twice the declared share is what the user asked for, give or take
                // a pod; only a real surprise is worth a line.
                guard share >= 2 * policy.value else { continue }
                findings.append(Finding("\(direction.rawValue) policy \(policy) never rounds to zero pods: the controller allows \(formula), so below \(wholePodFrom) replicas it \(verb) a whole pod per \(policy.periodSeconds)s, \(share)% at \(lowest) replica\(lowest == 1 ? "" : "s") rather than \(policy.value)%; lengthen periodSeconds if the first pods should come more slowly", atKeyOf: node))
            }
        }
        return findings
    }

    /// 110 -> "1.1", 90 -> "0.9", 105 -> "1.05".
    private func factor(_ percent: Int) -> String {
        let whole = percent / 100, frac = percent % 100
        if frac == 0 { return "\(whole)" }
        return frac % 10 == 0 ? "\(whole).\(frac / 10)" : "\(whole).\(frac < 10 ? "0" : "")\(frac)"
    }
}
