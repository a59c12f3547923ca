/// ScaledJob has no min <= max rule anywhere (no CEL rule, no webhook check); KEDA silently
/// clamps, with a result that is not what either number says.
public struct ScaledJobReplicaBoundsRule: SynchronousRule {
    public static let id = "scaledjob-replica-bounds"
    public init() {}

    public var descriptor: RuleDescriptor {
        RuleDescriptor(
            id: Self.id, severity: .error,
            summary: "ScaledJob minReplicaCount above maxReplicaCount, or counts out of range.",
            explanation: """
            maxReplicaCount (default 100) is the most Jobs KEDA keeps running; minReplicaCount \
            (default 0) Jobs are always kept. Nothing rejects minReplicaCount > maxReplicaCount on a \
            ScaledJob: KEDA clamps minReplicaCount down to maxReplicaCount, but then still allows \
            maxReplicaCount more Jobs above that minimum, so up to twice maxReplicaCount Jobs can run. \
            Make minReplicaCount at most maxReplicaCount. For KEDA releases whose CRD has no minimums \
            (before v2.20), a negative minReplicaCount or a maxReplicaCount below 1 is reported here \
            too: with maxReplicaCount 0 no Job is ever created.
            """,
            kinds: [.scaledJob], category: "scaledjob")
    }

    public func checkSynchronously(_ context: RuleContext) throws -> [Finding] {
        let sj = ScalableView(context.object)
        let version = context.options.kedaVersion
        var findings: [Finding] = []
        if let min = sj.minReplicaCount, let value = min.int, value < 0,
           StructuralSchema.field(.scaledJob, version, "spec", "minReplicaCount")?.minimum == nil {
            findings.append(Finding("minReplicaCount \(value) must not be negative", at: min))
        }
        if let max = sj.maxReplicaCount, let value = max.int, value < 1,
           StructuralSchema.field(.scaledJob, version, "spec", "maxReplicaCount")?.minimum == nil {
            findings.append(Finding("maxReplicaCount \(value) must be at least 1; with \(value) KEDA never creates a Job", at: max))
        }
        if let min = sj.minReplicaCount, let minValue = min.int, minValue >= 0 {
            let maxValue = sj.maxReplicaCount?.int ?? 100
            if minValue > maxValue, maxValue >= 1 {
                let maxText = sj.maxReplicaCount == nil ? "the default maxReplicaCount of 100" : "maxReplicaCount \(maxValue)"
                findings.append(Finding("minReplicaCount \(minValue) is greater than \(maxText); KEDA does not reject this but clamps the minimum to \(maxValue) and still allows \(maxValue) more Jobs, so up to \(maxValue * 2) Jobs can run: lower minReplicaCount or raise maxReplicaCount", at: min))
            }
        }
        return findings
    }
}
