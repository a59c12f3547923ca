/// Trigger names identify metrics (and formula variables); KEDA's webhook denies duplicates.
public struct TriggerNameRule: SynchronousRule {
    public static let id = "trigger-name-duplicate"
    public init() {}

    public var descriptor: RuleDescriptor {
        RuleDescriptor(
            id: Self.id, severity: .error,
            summary: "Two triggers of one object share a name.",
            explanation: """
            Trigger names must be unique within a ScaledObject or ScaledJob (unnamed triggers are fine). \
            KEDA's webhook denies duplicates because the name is used for the metric name and for \
            scalingModifiers formulas. Rename one of them.
            """,
            kinds: ResourceKind.triggerBearing, category: "triggers")
    }

    public func checkSynchronously(_ context: RuleContext) throws -> [Finding] {
        var firstSeen: [String: TriggerView] = [:]
        var findings: [Finding] = []
        for trigger in context.triggers {
            guard let nameNode = trigger.located["name"], let name = nameNode.string, !name.isEmpty else { continue }
            if let first = firstSeen[name] {
                findings.append(Finding("trigger name \"\(name)\" is already used by triggers[\(first.index)]; trigger names must be unique", at: nameNode))
            } else {
                firstSeen[name] = trigger
            }
        }
        return findings
    }
}
