/// Typed config fails a trigger that gives a parameter tagged `deprecated`, wherever it is found.
public struct DeprecatedParameterRule: Rule {
    public static let id = "trigger-metadata-deprecated"
    public init() {}

    public var descriptor: RuleDescriptor {
        RuleDescriptor(
            id: Self.id, severity: .error,
            summary: "A trigger parameter that the selected KEDA release no longer accepts.",
            explanation: """
            When KEDA retires a parameter it often keeps its name in the scaler so that giving it \
            fails with an explanation: the scaler then errors with the deprecation message (for \
            example azure-monitor's metricFilter moved to a TriggerAuthentication, or a parameter \
            replaced by metricType). This fails the trigger whether the value comes from metadata, \
            from an env var (<name>FromEnv) or from a TriggerAuthentication; the last two are \
            warnings because the value behind them cannot be seen (an empty one counts as not \
            given). Which parameters are retired depends on the release: choose yours with \
            --keda-version. Fix: remove the parameter and follow the message.
            """,
            kinds: ResourceKind.triggerBearing, category: "triggers")
    }

    public func check(_ context: RuleContext) async throws -> [Finding] {
        var findings: [Finding] = []
        for t in await context.catalogTriggers() {
            for p in t.scaler.deprecatedParameters {
                guard let note = p.deprecated else { continue }
                let reason = DeprecationText.reason(note)
                switch t.parameters.presence(of: p) {
                case .metadata(let key, _, let located):
                    findings.append(Finding("\(t.label): KEDA \(context.options.kedaVersion) rejects \(key)\(reason); remove it", atKeyOf: located))
                case .environment(let key, _, let located):
                    findings.append(Finding("\(t.label): KEDA \(context.options.kedaVersion) rejects \(p.name) when \(key) resolves to a value\(reason); remove it", atKeyOf: located, severity: .warning))
                case .authentication(let info):
                    if let ref = t.trigger.authenticationRef {
                        findings.append(Finding("\(t.label): \(info.kind.rawValue) \(info.name) supplies \(p.name), which KEDA \(context.options.kedaVersion) rejects when it has a value\(reason)", atKeyOf: ref, severity: .warning))
                    }
                case .possiblyAuthentication, .absent:
                    break
                }
            }
        }
        return findings
    }
}

enum DeprecationText {
    /// KEDA's message, unless the tag only said `deprecated`.
    static func reason(_ note: String) -> String {
        let t = KEDAValueSyntax.trim(note)
        return t.isEmpty || t == "deprecated" || t == "deprecatedAnnounce" ? " (deprecated)" : " (\"\(t)\")"
    }
}
