/// Typed config's `exclusiveSet`: at most one element of the split value may belong to it.
public struct ExclusiveValuesRule: Rule {
    public static let id = "trigger-metadata-exclusive-values"
    public init() {}

    public var descriptor: RuleDescriptor {
        RuleDescriptor(
            id: Self.id, severity: .error,
            summary: "A list parameter combines values of which KEDA allows only one.",
            explanation: """
            Some list parameters accept several values but at most one from a group; for example \
            authModes may combine tls with one of bearer, basic or oauth, never two of those. KEDA \
            counts the (trimmed) elements that belong to the group and fails the scaler when there \
            are two or more, repeats included. Fix: keep one of them.
            """,
            kinds: ResourceKind.triggerBearing, category: "triggers")
    }

    public func check(_ context: RuleContext) async throws -> [Finding] {
        var findings: [Finding] = []
        for t in await context.catalogTriggers() {
            for p in t.mentionedParameters where !p.exclusiveSet.isEmpty && p.deprecated == nil {
                guard let (key, value, located) = t.metadataValue(of: p), !p.failsEnum(value) else { continue }
                let members = KEDAValueSyntax.exclusiveMembers(value, exclusiveSet: p.exclusiveSet, separator: p.separator)
                guard members.count > 1 else { continue }
                findings.append(Finding(
                    "\(t.label): \(key) \"\(value)\" combines \(members.map { "\"\($0)\"" }.joined(separator: " and ")); KEDA allows at most one of \(p.exclusiveSet.joined(separator: ", "))",
                    at: located))
            }
        }
        return findings
    }
}
