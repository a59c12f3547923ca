/// cpu and memory: what the metricType rule does not cover: the container a ContainerResource
/// metric names, and ScaledJobs, where these triggers cannot work.
public struct CPUMemoryScalerRule: Rule {
    public static let id = "scaler-cpu-memory"
    public init() {}

    public var descriptor: RuleDescriptor {
        RuleDescriptor(
            id: Self.id, severity: .error,
            summary: "A cpu/memory trigger naming a container the workload does not have, or used in a ScaledJob.",
            explanation: """
            With containerName, KEDA asks the HPA for a ContainerResource metric of that container; \
            if the scale target's pod template has no container of that name the HPA cannot compute \
            the metric and never scales (checked when the workload is among the linted files or in \
            the cluster). cpu and memory need metricType Utilization or AverageValue, which ScaledJob \
            triggers cannot set (metadata.type, KEDA 2.17 only, is no longer read from 2.18), and \
            their scaler reports no metric for jobs.
            """,
            kinds: ResourceKind.triggerBearing, category: "scalers")
    }

    public func check(_ context: RuleContext) async throws -> [Finding] {
        let view = ScalableView(context.object)
        let triggers = view.triggers.filter(\.isResourceMetric)
        guard !triggers.isEmpty else { return [] }
        var findings: [Finding] = []
        if context.object.resourceKind == .scaledJob {
            let modern = KEDAVersion.allCases.firstIndex(of: context.options.kedaVersion)! >= KEDAVersion.allCases.firstIndex(of: .v2_18_0)!
            for t in triggers {
                findings.append(Finding("\(t.label): cpu and memory triggers do not work in a ScaledJob (they need a metricType, which ScaledJob triggers cannot set, and report no metric for jobs); scale jobs on a queue or event source instead",
                                        at: t.located["type"] ?? t.located, severity: modern ? nil : .warning))
            }
            return findings
        }
        guard let target = view.target(namespace: context.namespace) else { return [] }
        let named = triggers.compactMap { t -> (TriggerView, Located, String)? in
            guard let l = t.metadata?["containerName"], let n = l.node.scalarText, !n.trimmingCharacters(in: .whitespaces).isEmpty else { return nil }
            return (t, l, n.trimmingCharacters(in: .whitespaces))
        }
        guard !named.isEmpty, case .found(let workload) = await context.lookup.workload(target) else { return [] }
        let names = workload.containers.map(\.name)
        for (t, located, name) in named where !names.contains(name) {
            let hint = Suggest.closest(to: name, in: names).map { "did you mean \"\($0)\"?" } ?? "it has \(names.map { "\"\($0)\"" }.joined(separator: ", "))"
            findings.append(Finding("\(t.label): containerName \"\(name)\" is not a container of \(workload.ref.kind) \(workload.ref.name); \(hint)", at: located))
        }
        return findings
    }
}
