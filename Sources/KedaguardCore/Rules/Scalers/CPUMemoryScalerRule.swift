/// cpu and memory: what trigger-metric-type and scaledobject-cpu-memory-requests do not cover:
/// these triggers cannot work in a ScaledJob.
public struct CPUMemoryScalerRule: SynchronousRule {
    public static let id = "scaler-cpu-memory"
    public init() {}

    public var descriptor: RuleDescriptor {
        RuleDescriptor(
            id: Self.id, severity: .error,
            summary: "A cpu or memory trigger in a ScaledJob.",
            explanation: """
            cpu and memory need metricType Utilization or AverageValue, which ScaledJob triggers \
            cannot set (KEDA rejects metricType there), and metadata.type, the old way to give it, is \
            no longer read from KEDA 2.18, so the scaler fails with "unknown metric type". Even in \
            KEDA 2.17 their scaler reports no metric for jobs. Scale jobs on a queue or event source. \
            (For ScaledObjects, metricType and value are checked by trigger-metric-type, requests \
            and containerName by scaledobject-cpu-memory-requests.)
            """,
            kinds: [.scaledJob], category: "scalers")
    }

    public func checkSynchronously(_ context: RuleContext) throws -> [Finding] {
        guard context.object.resourceKind == .scaledJob else { return [] }
        let modern = KEDAVersion.allCases.firstIndex(of: context.options.kedaVersion)! >= KEDAVersion.allCases.firstIndex(of: .v2_18_0)!
        return context.triggers.filter(\.isResourceMetric).map { t in
            Finding("\(t.label): cpu and memory triggers do not work in a ScaledJob (they need a metricType, which ScaledJob triggers cannot set, and report no metric for jobs); scale jobs on a queue or event source instead",
                    at: t.located["type"] ?? t.located, severity: modern ? nil : .warning)
        }
    }
}
