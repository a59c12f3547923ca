/// The KEDA custom resources kedaguard understands.
public enum ResourceKind: String, Sendable, Hashable, CaseIterable {
    case scaledObject = "ScaledObject"
    case scaledJob = "ScaledJob"
    case triggerAuthentication = "TriggerAuthentication"
    case clusterTriggerAuthentication = "ClusterTriggerAuthentication"
    case cloudEventSource = "CloudEventSource"
    case clusterCloudEventSource = "ClusterCloudEventSource"

    public var group: String {
        switch self {
        case .cloudEventSource, .clusterCloudEventSource: return "eventing.keda.sh"
        default: return "keda.sh"
        }
    }

    public var apiVersion: String { "\(group)/v1alpha1" }

    public var isClusterScoped: Bool {
        self == .clusterTriggerAuthentication || self == .clusterCloudEventSource
    }

    /// Lower-case plural, as in the CRD and in webhook paths.
    public var plural: String { rawValue.lowercased() + "s" }

    public init?(apiVersion: String, kind: String) {
        guard let k = ResourceKind(rawValue: kind), k.apiVersion == apiVersion else { return nil }
        self = k
    }

    public static let triggerBearing: Set<ResourceKind> = [.scaledObject, .scaledJob]
    public static let authentication: Set<ResourceKind> = [.triggerAuthentication, .clusterTriggerAuthentication]
}
