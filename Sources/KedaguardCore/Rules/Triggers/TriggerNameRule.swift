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
        // A list searched in turn while it is short (objects have a few triggers, and hashing
        // each name cost more than comparing it), a dictionary beyond that.
        var named: [(name: String, index: Int)] = []
        var byName: [String: Int] = [:]
        var findings: [Finding] = []
        for trigger in context.triggers {
            guard let nameNode = trigger.located["name"], let name = nameNode.string, !name.isEmpty else { continue }
            let first = byName.isEmpty ? named.first(where: { $0.name == name })?.index : byName[name]
            if let first {
                findings.append(Finding("trigger name \"\(name)\" is already used by triggers[\(first)]; trigger names must be unique", at: nameNode))
                continue
            }
            if byName.isEmpty, named.count < 16 {
                named.append((name, trigger.index))
            } else {
                if byName.isEmpty { for entry in named { byName[entry.name] = entry.index } }
                byName[name] = trigger.index
            }
        }
        return findings
    }
}
