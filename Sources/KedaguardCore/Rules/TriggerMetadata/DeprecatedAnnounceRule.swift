/// Typed config accepts a parameter tagged `deprecatedAnnounce` but records an event saying it
/// is going away.
public struct DeprecatedAnnounceRule: Rule {
    public static let id = "trigger-metadata-deprecated-announce"
    public init() {}

    public var descriptor: RuleDescriptor {
        RuleDescriptor(
            id: Self.id, severity: .warning,
            summary: "A trigger parameter that still works but that KEDA announces as deprecated.",
            explanation: """
            KEDA still reads the parameter but records a Normal event with a deprecation notice \
            each time the scaler is built; a later release is likely to reject it (see \
            trigger-metadata-deprecated). Fix: move to the replacement the message names before \
            upgrading.
            """,
            kinds: ResourceKind.triggerBearing, category: "triggers")
    }

    public func check(_ context: RuleContext) async throws -> [Finding] {
        var findings: [Finding] = []
        for t in await context.catalogTriggers() {
            for p in t.scaler.announcedParameters {
                guard let note = p.deprecatedAnnounce else { continue }
                let reason = DeprecationText.reason(note)
                switch t.parameters.presence(of: p) {
                case .metadata(let key, _, let located), .environment(let key, _, let located):
                    findings.append(Finding("\(t.label): \(key) is deprecated in KEDA \(context.options.kedaVersion)\(reason)", atKeyOf: located))
                case .authentication(let info):
                    if let ref = t.trigger.authenticationRef {
                        findings.append(Finding("\(t.label): \(info.kind.rawValue) \(info.name) supplies \(p.name), which is deprecated in KEDA \(context.options.kedaVersion)\(reason)", atKeyOf: ref))
                    }
                case .possiblyAuthentication, .absent:
                    break
                }
            }
        }
        return findings
    }
}
