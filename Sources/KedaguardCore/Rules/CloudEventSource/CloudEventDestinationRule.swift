/// `spec.destination`: KEDA creates one handler, http first; without a usable one no event is
/// ever sent and KEDA only logs it.
public struct CloudEventDestinationRule: Rule {
    public static let id = "cloudeventsource-destination"
    public init() {}

    public var descriptor: RuleDescriptor {
        RuleDescriptor(
            id: Self.id, severity: .error,
            summary: "A CloudEventSource destination that cannot deliver events.",
            explanation: """
            KEDA sends events to destination.http or destination.azureEventGridTopic. With neither, it \
            only logs "No destination is defined" and sends nothing; with both, it uses http and \
            ignores the Event Grid topic (warning). http.uri must be an absolute URL (KEDA parses it \
            with Go's url.ParseRequestURI and fails otherwise); a uri that is not http(s) with a host \
            cannot receive the POSTed events (warning). azureEventGridTopic.endpoint must be set, and \
            KEDA authenticates either with an accessKey parameter or with pod identity azure-workload \
            from the authenticationRef: without authenticationRef the handler fails with "no azure \
            event grid access key provided". When the referenced TriggerAuthentication is among the \
            files checked, kedaguard verifies it supplies one of the two. KEDA resolves \
            authenticationRef only for namespaced CloudEventSources: on a ClusterCloudEventSource it is \
            ignored (warning), so Event Grid cannot be used there.
            """,
            kinds: [.cloudEventSource, .clusterCloudEventSource], category: "cloudeventsource")
    }

    public func check(_ context: RuleContext) async throws -> [Finding] {
        guard let spec = context.spec, let destination = spec["destination"], destination.node.isMapping else { return [] }
        var findings: [Finding] = []
        let http = destination["http"].flatMap { $0.isNull ? nil : $0 }
        let grid = destination["azureEventGridTopic"].flatMap { $0.isNull ? nil : $0 }
        if http == nil && grid == nil {
            findings.append(Finding("destination sets neither http nor azureEventGridTopic; KEDA would send no events", atKeyOf: destination))
        }
        if http != nil, let grid {
            findings.append(Finding("KEDA uses destination.http and ignores azureEventGridTopic when both are set; use two CloudEventSources for two sinks", atKeyOf: grid, severity: .warning))
        }
        if let uri = http?["uri"], let text = uri.string {
            if text.isEmpty {
                findings.append(Finding("destination.http.uri is empty; give the URL that receives the events", at: uri))
            } else if !GoSyntax.isRequestURI(text) {
                findings.append(Finding("destination.http.uri \"\(text)\" is not an absolute URL; KEDA cannot create the HTTP sender", at: uri))
            } else if !GoSyntax.isHTTPURL(text) {
                findings.append(Finding("destination.http.uri \"\(text)\" is not an http(s) URL with a host; events are POSTed there", at: uri, severity: .warning))
            }
        }
        if context.object.resourceKind == .clusterCloudEventSource, let ref = spec["authenticationRef"], !ref.isNull {
            findings.append(Finding("KEDA ignores authenticationRef on a ClusterCloudEventSource (it resolves authentication only in a namespace)", atKeyOf: ref, severity: .warning))
        }
        if let grid, http == nil {
            if let endpoint = grid["endpoint"], let text = endpoint.string, text.isEmpty {
                findings.append(Finding("azureEventGridTopic.endpoint is empty; give the topic endpoint URL", at: endpoint))
            }
            findings += await gridAuthentication(context, grid: grid)
        }
        return findings
    }

    private func gridAuthentication(_ context: RuleContext, grid: Located) async -> [Finding] {
        if context.object.resourceKind == .clusterCloudEventSource {
            // KEDA resolves authenticationRef only for objects with a namespace.
            return [Finding("a ClusterCloudEventSource cannot authenticate to Azure Event Grid: KEDA ignores its authenticationRef; use a namespaced CloudEventSource", atKeyOf: grid)]
        }
        guard let ref = context.spec?["authenticationRef"], let name = ref["name"]?.string, !name.isEmpty else {
            return [Finding("azureEventGridTopic needs an authenticationRef that supplies accessKey or uses pod identity azure-workload", atKeyOf: grid)]
        }
        let kind: ResourceKind = ref["kind"]?.string == ResourceKind.clusterTriggerAuthentication.rawValue ? .clusterTriggerAuthentication : .triggerAuthentication
        switch await context.lookup.authentication(kind: kind, namespace: context.namespace, name: name) {
        case .found(let info):
            if info.podIdentityProvider == "azure-workload" || info.parameters.contains("accessKey") || info.suppliesUnknownParameters { return [] }
            if let provider = info.podIdentityProvider, provider != "none" {
                return [Finding("\(kind.rawValue) \(name) uses pod identity \(provider); Azure Event Grid only accepts azure-workload or an accessKey parameter", at: ref["name"]!)]
            }
            return [Finding("\(kind.rawValue) \(name) supplies no accessKey parameter and no azure-workload identity; KEDA cannot authenticate to Event Grid", at: ref["name"]!)]
        case .absent:
            return [Finding("\(kind.rawValue) \(name) is not among the objects checked (--require-refs)", at: ref["name"]!)]
        case .unknown:
            return []
        }
    }
}
