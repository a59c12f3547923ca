/// CloudEventSource and ClusterCloudEventSource (eventing.keda.sh/v1alpha1).
public enum CloudEventSourceRules {
    public static let all: [any Rule] = [CloudEventSourceSpecRule(), CloudEventTypesRule(), CloudEventDestinationRule()]
}
