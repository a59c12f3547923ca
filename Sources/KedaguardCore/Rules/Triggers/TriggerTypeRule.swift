/// KEDA looks the trigger type up in a fixed, case-sensitive switch; anything else fails at
/// runtime with "no scaler found for type".
public struct TriggerTypeRule: SynchronousRule {
    public static let id = "trigger-type-unknown"
    public init() {}

    public var descriptor: RuleDescriptor {
        RuleDescriptor(
            id: Self.id, severity: .error,
            summary: "A trigger type that the selected KEDA version does not know.",
            explanation: """
            KEDA's webhook accepts any trigger type; the operator then fails with "no scaler found for \
            type" and the object stays Ready=False. Types are case-sensitive and differ between releases \
            (e.g. kubernetes-resource arrived in v2.19, stan left in v2.19). kedaguard checks against the \
            release chosen with --keda-version (default v2.20.2) and suggests the nearest type.
            """,
            kinds: ResourceKind.triggerBearing, category: "triggers")
    }

    public func checkSynchronously(_ context: RuleContext) throws -> [Finding] {
        let catalog = ScalerCatalog.forVersion(context.options.kedaVersion)
        var findings: [Finding] = []
        for trigger in context.triggers {
            guard let typeNode = trigger.located["type"], let type = typeNode.string, !type.isEmpty else { continue }
            if ScalerCatalog.testOnlyTypes.contains(type) {
                findings.append(Finding("trigger type \"\(type)\" is KEDA's test double and reads no metrics; use a real scaler", at: typeNode))
            } else if catalog.scaler(type) == nil {
                var message = "unknown trigger type \"\(type)\" for KEDA \(context.options.kedaVersion)"
                if let best = Suggest.closest(to: type, in: catalog.userFacingTypes) {
                    message += "; did you mean \"\(best)\"?"
                } else if let later = KEDAVersion.allCases.first(where: { ScalerCatalog.forVersion($0).scaler(type) != nil }) {
                    message += "; it exists in KEDA \(later): pick that version with --keda-version if you run it"
                }
                findings.append(Finding(message, at: typeNode))
            }
        }
        return findings
    }
}
