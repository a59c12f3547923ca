/// minReplicaCount, maxReplicaCount and idleReplicaCount as KEDA's webhook and operator read them.
public struct ReplicaBoundsRule: SynchronousRule {
    public static let id = "scaledobject-replica-bounds"
    public init() {}

    public var descriptor: RuleDescriptor {
        RuleDescriptor(
            id: Self.id, severity: .error,
            summary: "minReplicaCount above maxReplicaCount, or an idleReplicaCount that is not below minReplicaCount.",
            explanation: """
            maxReplicaCount defaults to 100. KEDA's webhook denies minReplicaCount > maxReplicaCount \
            (in KEDA v2.20 and later the CRD's CEL rule already does, reported as schema-cel). \
            idleReplicaCount must be less than minReplicaCount: KEDA scales to the idle count when no \
            trigger is active and to at least minReplicaCount otherwise. KEDA's check reads an unset \
            minReplicaCount as 0 (so any idleReplicaCount is denied) but an explicit 0 as 1, so \
            idleReplicaCount: 0 with minReplicaCount: 0 is admitted and then does nothing, because the \
            workload already goes to zero when idle (warning). Set minReplicaCount to at least 1 above \
            idleReplicaCount, or remove idleReplicaCount. Negative values are reported by schema-bounds.
            """,
            kinds: [.scaledObject], category: "scaledobject")
    }

    public func checkSynchronously(_ context: RuleContext) throws -> [Finding] {
        let so = ScalableView(context.object)
        var findings: [Finding] = []
        let crdHasCEL = StructuralSchema.forKind(.scaledObject, version: context.options.kedaVersion)?
            .properties["spec"]?.celRules.isEmpty == false
        if !crdHasCEL, let min = so.minReplicaCount, let minValue = min.int {
            // KEDA's webhook compares the HPA minimum: an explicit 0 counts as 1.
            let hpaMin = max(minValue, 1)
            if hpaMin > so.effectiveMax {
                let maxText = so.maxReplicaCount == nil ? "the default maxReplicaCount of 100" : "maxReplicaCount \(so.effectiveMax)"
                findings.append(Finding("minReplicaCount \(minValue) is greater than \(maxText); KEDA denies it", at: min))
            }
        }
        if let idle = so.idleReplicaCount, let idleValue = idle.int, idleValue >= 0 {
            if let min = so.minReplicaCount, let minValue = min.int {
                if minValue == 0 && idleValue == 0 {
                    findings.append(Finding("idleReplicaCount 0 with minReplicaCount 0 has no effect: the workload already scales to zero when idle; set minReplicaCount to 1 or more, or remove idleReplicaCount", at: idle, severity: .warning))
                } else if idleValue >= max(minValue, 1) {
                    findings.append(Finding("idleReplicaCount \(idleValue) must be less than minReplicaCount \(minValue)\(minValue == 0 ? " (KEDA reads an explicit 0 as 1 here)" : ""); raise minReplicaCount above it", at: idle))
                }
            } else {
                findings.append(Finding("idleReplicaCount \(idleValue) needs minReplicaCount set above it (unset minReplicaCount counts as 0, so KEDA denies this); set minReplicaCount to at least \(idleValue + 1)", at: idle))
            }
        }
        return findings
    }
}
