/// A scaling policy that never decides anything, found by simulating the ramp without it.
public struct DeadPolicyRule: SynchronousRule {
    public static let id = "scaledobject-behavior-dead-policy"
    public init() {}

    public var descriptor: RuleDescriptor {
        RuleDescriptor(
            id: Self.id, severity: .warning,
            summary: "A scaling policy that never changes how the workload scales, because another policy always wins.",
            explanation: """
            With several policies the controller lets each propose a limit from the replicas at the \
            start of its own periodSeconds and keeps the largest change (selectPolicy: Max) or the \
            smallest (Min). Depending on values and periods one policy can win every time: for example \
            Percent 10 per 60s next to Pods 1 per 90s with Max, where the Percent policy always allows at \
            least as much. kedaguard simulates the full ramp in that direction (minReplicaCount to \
            maxReplicaCount under a sustained maximal recommendation, or back down) with and without \
            each declared policy; a policy whose removal changes no replica count at any sync is \
            reported. Remove it, or change its value or period so it takes effect where you meant it to \
            (often the other selectPolicy was intended).
            """,
            kinds: [.scaledObject], category: "behavior")
    }

    public func checkSynchronously(_ context: RuleContext) throws -> [Finding] {
        guard let subject = BehaviorSubject(context) else { return [] }
        var findings: [Finding] = []
        for direction in ScalingDirection.allCases {
            // Only policies the object lists itself; kube-apiserver's defaults are not the user's to fix.
            guard subject.declared(direction)?.policies != nil, let rules = subject.rules(direction) else { continue }
            let dead = subject.probes.deadPolicies(direction)
            for index in dead {
                guard let node = subject.policyNode(direction, index) else { continue }
                let policy = rules.policies[index]
                if let twin = rules.policies.indices.first(where: { $0 < index && rules.policies[$0] == policy }) {
                    findings.append(Finding("\(direction.rawValue) policy \(policy) repeats policies[\(twin)] and changes nothing; remove it", atKeyOf: node))
                    continue
                }
                let others = rules.policies.indices.filter { !dead.contains($0) }.map { rules.policies[$0].description }
                let ramp = direction == .up
                    ? "from \(subject.scaling.minReplicaCount) to \(subject.scaling.hpaMaxReplicas)"
                    : "from \(subject.scaling.hpaMaxReplicas) to \(subject.scaling.hpaMinReplicas)"
                findings.append(Finding("\(direction.rawValue) policy \(policy) never takes effect: with selectPolicy \(rules.selectPolicy.rawValue), \(others.joined(separator: " and ")) decide\(others.count == 1 ? "s" : "") every step of a ramp \(ramp), and the ramp is identical without it; remove it or change its value or periodSeconds", atKeyOf: node))
            }
        }
        return findings
    }
}
