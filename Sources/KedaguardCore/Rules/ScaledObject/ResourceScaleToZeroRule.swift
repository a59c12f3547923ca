/// The HPA cannot scale to zero on cpu/memory: with zero pods there is no usage to measure.
public struct ResourceScaleToZeroRule: SynchronousRule {
    public static let id = "scaledobject-cpu-memory-scale-to-zero"
    public init() {}

    public var descriptor: RuleDescriptor {
        RuleDescriptor(
            id: Self.id, severity: .error,
            summary: "Only cpu/memory triggers with minReplicaCount 0 (or unset).",
            explanation: """
            cpu and memory are measured on running pods, so a workload scaled to zero never reports \
            usage and never scales back up. KEDA's webhook denies ScaledObjects whose triggers are all \
            cpu or memory while minReplicaCount is 0 or unset. Set minReplicaCount to 1 or more, or add \
            an event-based trigger that can activate the workload from zero.
            """,
            kinds: [.scaledObject], category: "scaledobject")
    }

    public func checkSynchronously(_ context: RuleContext) throws -> [Finding] {
        let so = ScalableView(context.object)
        guard !context.triggers.isEmpty, context.triggers.allSatisfy(\.isResourceMetric), so.effectiveMin == 0 else { return [] }
        let message = "all triggers are cpu/memory and minReplicaCount is \(so.minReplicaCount == nil ? "unset (0)" : "0"): scale to zero cannot work; set minReplicaCount to at least 1"
        if let min = so.minReplicaCount { return [Finding(message, at: min)] }
        guard let spec = context.spec else { return [] }
        return [Finding(message, missing: "minReplicaCount", in: spec)]
    }
}
