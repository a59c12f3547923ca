/// What the eventing.keda.sh CRD enforces: required fields, field names and JSON types.
public struct CloudEventSourceSpecRule: SynchronousRule {
    public static let id = "cloudeventsource-spec"
    public init() {}

    public var descriptor: RuleDescriptor {
        RuleDescriptor(
            id: Self.id, severity: .error,
            summary: "A CloudEventSource field the CRD rejects: missing spec or destination, unknown field, wrong type.",
            explanation: """
            kube-apiserver validates CloudEventSource and ClusterCloudEventSource against their CRD: \
            spec and spec.destination are required, destination.http needs uri and \
            destination.azureEventGridTopic needs endpoint, authenticationRef needs name and its kind \
            is TriggerAuthentication or ClusterTriggerAuthentication, and the event type lists are lists \
            of strings. Unknown fields are rejected under strict field validation and dropped \
            otherwise; the message suggests the nearest known field.
            """,
            kinds: [.cloudEventSource, .clusterCloudEventSource], category: "cloudeventsource")
    }

    public func checkSynchronously(_ context: RuleContext) throws -> [Finding] {
        SchemaValidator.validate(context.root, against: CloudEventSourceSchema.schema).map {
            Finding(message: $0.message, pointer: $0.pointer, position: $0.position)
        }
    }
}
