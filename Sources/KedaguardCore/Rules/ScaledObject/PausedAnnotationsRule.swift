/// The pause annotations are read by KEDA's operator with strict parsing.
public struct PausedAnnotationsRule: SynchronousRule {
    public static let id = "scaledobject-paused-annotations"
    public init() {}

    public static let replicas = "autoscaling.keda.sh/paused-replicas"
    public static let booleans = ["autoscaling.keda.sh/paused", "autoscaling.keda.sh/paused-scale-in",
                                  "autoscaling.keda.sh/paused-scale-out", "autoscaling.keda.sh/force-activation"]
    /// strconv.ParseBool's accepted spellings.
    static let goBooleans: Set<String> = ["1", "t", "T", "TRUE", "true", "True", "0", "f", "F", "FALSE", "false", "False"]

    public var descriptor: RuleDescriptor {
        RuleDescriptor(
            id: Self.id, severity: .error,
            summary: "A KEDA pause annotation with a value KEDA cannot read.",
            explanation: """
            autoscaling.keda.sh/paused-replicas must be a non-negative integer: KEDA scales the workload \
            to that count and stops; anything else fails to parse, the object is not paused and \
            reconciliation reports the error. autoscaling.keda.sh/paused, paused-scale-in, \
            paused-scale-out and force-activation are read with Go's strconv.ParseBool (true, false, 1, \
            0, t, f, True, FALSE, ...); KEDA treats any other value as true, so paused: "no" pauses the \
            object. Quote the value: annotation values are strings.
            """,
            kinds: [.scaledObject, .scaledJob], category: "scaledobject")
    }

    public func checkSynchronously(_ context: RuleContext) throws -> [Finding] {
        guard let annotations = context.root.path("metadata", "annotations") else { return [] }
        var findings: [Finding] = []
        if let node = annotations[Self.replicas], let text = node.node.scalarText {
            if (Int32(text) ?? -1) < 0 {
                findings.append(Finding("\(Self.replicas) is \"\(text)\"; it must be a non-negative integer number of replicas", at: node))
            }
        }
        for key in Self.booleans {
            guard let node = annotations[key], let text = node.node.scalarText else { continue }
            if !Self.goBooleans.contains(text) {
                findings.append(Finding("\(key) is \"\(text)\", which KEDA cannot read as a boolean and treats as true; use \"true\" or \"false\"", at: node))
            }
        }
        return findings
    }
}
