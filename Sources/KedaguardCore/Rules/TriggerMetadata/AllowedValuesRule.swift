/// Typed config checks `enum` parameters on every element of the split value, before converting
/// it; one element outside the set fails the trigger.
public struct AllowedValuesRule: Rule {
    public static let id = "trigger-metadata-value-not-allowed"
    public init() {}

    public var descriptor: RuleDescriptor {
        RuleDescriptor(
            id: Self.id, severity: .error,
            summary: "A trigger metadata value outside the values the scaler allows.",
            explanation: """
            Parameters with a fixed set of values (e.g. a mode, an operation, authModes) are split \
            on their separator (a comma unless the scaler says otherwise), each element is trimmed \
            and must be one of the allowed values, compared case-sensitively. One element outside \
            the set fails the scaler with "must be one of". An empty element (a trailing comma) \
            counts as a value too. Fix: use one of the values the message lists.
            """,
            kinds: ResourceKind.triggerBearing, category: "triggers")
    }

    public func check(_ context: RuleContext) async throws -> [Finding] {
        var findings: [Finding] = []
        for t in await context.catalogTriggers() {
            for p in t.mentionedParameters where !p.allowedValues.isEmpty && p.deprecated == nil {
                guard let (key, value, located) = t.metadataValue(of: p) else { continue }
                let bad = KEDAValueSyntax.disallowedElements(value, allowed: p.allowedValues, separator: p.separator)
                guard let first = bad.first else { continue }
                let allowed = p.allowedValues.joined(separator: ", ")
                let single = KEDAValueSyntax.split(value, separator: p.separator ?? ",").count == 1
                let subject = single
                    ? "\(key) \"\(value)\" is not allowed"
                    : "\(key) \"\(value)\" has elements that are not allowed: \(bad.map { $0.isEmpty ? "an empty element" : "\"\($0)\"" }.joined(separator: ", "))"
                findings.append(Finding(
                    "\(t.label): \(subject); allowed values (case-sensitive): \(allowed)\(Suggest.hint(for: first, in: p.allowedValues))",
                    at: located))
            }
        }
        return findings
    }
}
