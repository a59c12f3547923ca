/// What the behavior sanity rules share for one ScaledObject: its resolved scaling settings, the
/// probes, and where in the document each part of the behavior sits. Ramps are simulated once per
/// object and shared through the rule memo.
struct BehaviorSubject {
    private let resolved: Resolved
    private let memo: RuleMemo

    var view: ScalableView { resolved.view }
    var scaling: ScaledObjectScaling { resolved.scaling }
    var probes: BehaviorProbes { resolved.probes }

    /// What the memo keeps (never the memo itself, which would then hold itself). A class:
    /// every behavior rule takes it from the memo, and copying the three parts out cost dozens
    /// of retains per rule.
    private final class Resolved: Sendable {
        let view: ScalableView
        let scaling: ScaledObjectScaling
        let probes: BehaviorProbes

        init(view: ScalableView, scaling: ScaledObjectScaling, probes: BehaviorProbes) {
            self.view = view
            self.scaling = scaling
            self.probes = probes
        }
    }
    /// nil inside when there is nothing to judge; the memo caches that too.
    private struct SubjectKey: MemoKey { typealias Value = Resolved? }
    private struct UpRampKey: MemoKey { typealias Value = SimulationResult }
    private struct DownRampKey: MemoKey { typealias Value = SimulationResult }

    /// nil when the object is not a ScaledObject KEDA could build an HPA from (invalid behavior,
    /// unreadable counts: other rules report those) or when min and max leave nothing to scale.
    /// Resolved once per object: every behavior rule starts here.
    init?(_ context: RuleContext) {
        guard context.object.resourceKind == .scaledObject,
              let resolved = context.memo.value(SubjectKey.self, compute: { Self.resolve(context) })
        else { return nil }
        self.resolved = resolved
        memo = context.memo
    }

    private static func resolve(_ context: RuleContext) -> Resolved? {
        guard case .success(let scaling) = ScaledObjectScaling.resolve(context.object, behaviorProblems: context.behaviorProblems) else {
            return nil
        }
        let probes = BehaviorProbes(scaling: scaling)
        return probes.hasRange ? Resolved(view: ScalableView(context.object), scaling: scaling, probes: probes) : nil
    }

    var upRamp: SimulationResult { memo.value(UpRampKey.self) { probes.scaleUpRamp() } }
    var downRamp: SimulationResult { memo.value(DownRampKey.self) { probes.scaleDownRamp() } }

    func ramp(_ direction: ScalingDirection) -> SimulationResult { direction == .up ? upRamp : downRamp }

    var behaviorNode: Located? { view.behavior.flatMap { $0.isNull ? nil : $0 } }

    func node(_ direction: ScalingDirection) -> Located? {
        behaviorNode?[direction.rawValue].flatMap { $0.isNull ? nil : $0 }
    }

    /// The declared policy entry behind the resolved policy `index` (declared lists map 1:1).
    func policyNode(_ direction: ScalingDirection, _ index: Int) -> Located? {
        node(direction)?["policies"]?[index]
    }

    /// The declared (non-defaulted) rules of a direction.
    func declared(_ direction: ScalingDirection) -> PartialScalingRules? {
        direction == .up ? scaling.declared.scaleUp : scaling.declared.scaleDown
    }

    func rules(_ direction: ScalingDirection) -> ScalingRules? {
        guard let b = scaling.behavior else { return nil }
        return direction == .up ? b.scaleUp : b.scaleDown
    }

    /// Where a finding about a direction as a whole points: that direction's key, else the
    /// behavior key, else `fallback` (a field of the spec), else the spec.
    func finding(_ message: String, about direction: ScalingDirection, fallback: String? = nil, severity: Severity? = nil) -> Finding {
        if let node = node(direction) { return Finding(message, atKeyOf: node, severity: severity) }
        if let node = behaviorNode { return Finding(message, atKeyOf: node, severity: severity) }
        if let key = fallback, let node = view.spec?[key] { return Finding(message, atKeyOf: node, severity: severity) }
        if let spec = view.spec { return Finding(message, atKeyOf: spec, severity: severity) }
        return Finding(message, at: view.root, severity: severity)
    }

    /// The policy that held the count back at the most syncs of a ramp, with that number and
    /// the number of syncs the ramp lasted.
    static func dominantPolicy(_ result: SimulationResult) -> (policy: ScalingPolicy, syncs: Int, of: Int)? {
        let syncs = result.samples.filter { $0.t > 0 }
        var counts: [ScalingPolicy: Int] = [:]
        var order: [ScalingPolicy] = []
        for sample in syncs {
            guard let p = sample.limitedBy else { continue }
            if counts[p] == nil { order.append(p) }
            counts[p, default: 0] += 1
        }
        guard let best = order.max(by: { counts[$0]! < counts[$1]! }) else { return nil }
        return (best, counts[best]!, syncs.count)
    }
}

extension RuleContext {
    private struct BehaviorProblemsKey: MemoKey { typealias Value = [BehaviorValidation.Problem] }

    /// kube-apiserver's objections to the object's behavior, found once per object: the validity
    /// rule reports them and the scaling resolution behind the other behavior rules needs them too.
    var behaviorProblems: [BehaviorValidation.Problem] {
        memo.value(BehaviorProblemsKey.self) { BehaviorValidation.problems(in: ScalableView(object).behavior) }
    }
}
