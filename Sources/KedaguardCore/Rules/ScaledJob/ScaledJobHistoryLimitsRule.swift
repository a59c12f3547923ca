/// KEDA deletes finished Jobs beyond the history limits; a negative limit makes the slice
/// arithmetic in that cleanup go out of range.
public struct ScaledJobHistoryLimitsRule: SynchronousRule {
    public static let id = "scaledjob-history-limits"
    public init() {}

    static let fields = ["successfulJobsHistoryLimit", "failedJobsHistoryLimit"]

    public var descriptor: RuleDescriptor {
        RuleDescriptor(
            id: Self.id, severity: .error,
            summary: "successfulJobsHistoryLimit or failedJobsHistoryLimit is negative.",
            explanation: """
            After each scaling round KEDA keeps the newest successfulJobsHistoryLimit completed and \
            failedJobsHistoryLimit failed Jobs (100 each by default) and deletes older ones. A negative \
            limit asks it to delete more Jobs than exist: the cleanup indexes past the end of its list, \
            which makes the operator panic or try to delete an empty Job. From KEDA v2.20 the CRD \
            rejects negative limits itself (reported as schema-bounds); for older releases kedaguard \
            reports it here. Use 0 to keep no finished Jobs.
            """,
            kinds: [.scaledJob], category: "scaledjob")
    }

    public func checkSynchronously(_ context: RuleContext) throws -> [Finding] {
        var findings: [Finding] = []
        for field in Self.fields {
            guard let node = context.spec?[field], let value = node.int, value < 0,
                  StructuralSchema.field(.scaledJob, context.options.kedaVersion, "spec", field)?.minimum == nil else { continue }
            findings.append(Finding("\(field) \(value) must not be negative: KEDA's Job cleanup fails on it; use 0 to keep no finished Jobs", at: node))
        }
        return findings
    }
}
