/// Typed config converts each found value to the field's Go type; a value that does not convert
/// fails the trigger.
public struct InvalidValueRule: Rule {
    public static let id = "trigger-metadata-invalid-value"
    public init() {}

    public var descriptor: RuleDescriptor {
        RuleDescriptor(
            id: Self.id, severity: .error,
            summary: "A trigger metadata value that KEDA cannot convert to the parameter's type.",
            explanation: """
            KEDA trims the value and converts it to the type of the scaler's field, exactly like \
            this: integers and floats are decoded as JSON numbers, so 007, +1, .5, 5. and (for \
            integers) 5.0 or 1e3 fail; booleans accept true/false, 1/0, t/f, T/F, TRUE/FALSE and \
            True/False only; durations (from v2.18.0) accept Go durations such as 30s or 1m30s, or \
            a whole number of milliseconds, never negative; lists are split on their separator and \
            each trimmed element converted, and integer lists may hold ranges such as 1-5; maps are \
            key=value entries; URL query strings must not contain ';' or broken %-escapes. A value \
            that fails fails the scaler (Ready=False). Parameters that older releases parse by hand \
            have no known type and are not checked. Fix: write the value as the message shows.
            """,
            kinds: ResourceKind.triggerBearing, category: "triggers")
    }

    public func check(_ context: RuleContext) async throws -> [Finding] {
        var findings: [Finding] = []
        for t in await context.catalogTriggers() {
            for p in t.mentionedParameters where p.deprecated == nil {
                guard let (key, value, located) = t.metadataValue(of: p),
                      !p.failsEnum(value), !p.failsExclusiveSet(value),
                      let problem = KEDAValueSyntax.problem(value, type: p.valueType) else { continue }
                findings.append(Finding("\(t.label): \(key) (\(p.valueType.summary)) \"\(value)\" \(problem)", at: located))
            }
        }
        return findings
    }
}
