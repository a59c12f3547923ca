/// `spec.eventSubscription`: KEDA's webhook check (not both lists) and the CRD's enum of types.
public struct CloudEventTypesRule: SynchronousRule {
    public static let id = "cloudeventsource-event-types"
    public init() {}

    public var descriptor: RuleDescriptor {
        RuleDescriptor(
            id: Self.id, severity: .error,
            summary: "includedEventTypes and excludedEventTypes both set, or an event type KEDA does not emit.",
            explanation: """
            A CloudEventSource either lists the event types it wants (includedEventTypes) or the ones \
            it does not (excludedEventTypes); KEDA's webhook denies both at once. Each type must be one \
            of the 19 the CRD lists: keda.scaledobject.{ready,failed,removed,paused,unpaused}.v1, \
            keda.scaledjob.{ready,failed,removed,paused,unpaused}.v1, \
            keda.scaledjob.rolloutcleanup.{started,completed,failed}.v1 and \
            keda.authentication.{triggerauthentication,clustertriggerauthentication}.{created,updated,removed}.v1. \
            (KEDA's own webhook still denies the six authentication types although its CRD allows \
            them; kedaguard accepts them.) A type listed twice is redundant (warning).
            """,
            kinds: [.cloudEventSource, .clusterCloudEventSource], category: "cloudeventsource")
    }

    public func checkSynchronously(_ context: RuleContext) throws -> [Finding] {
        guard let subscription = context.spec?["eventSubscription"], subscription.node.isMapping else { return [] }
        var findings: [Finding] = []
        let included = subscription["includedEventTypes"], excluded = subscription["excludedEventTypes"]
        if let included, let excluded, !included.isNull, !excluded.isNull {
            findings.append(Finding("includedEventTypes and excludedEventTypes cannot both be set; KEDA denies it: keep one list", atKeyOf: excluded))
        }
        for list in [included, excluded].compactMap({ $0 }) {
            var seen: Set<String> = []
            for item in list.items {
                guard let type = item.string else { continue }
                if !CloudEventSourceSchema.eventTypes.contains(type) {
                    var message = "\"\(type)\" is not a KEDA event type"
                    if let best = Suggest.closest(to: type, in: CloudEventSourceSchema.eventTypes) { message += "; did you mean \"\(best)\"?" }
                    findings.append(Finding(message, at: item))
                } else if !seen.insert(type).inserted {
                    findings.append(Finding("\"\(type)\" is listed twice", at: item, severity: .warning))
                }
            }
        }
        return findings
    }
}
