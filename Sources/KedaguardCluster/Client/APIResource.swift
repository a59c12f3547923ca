import Foundation
import KedaguardCore

/// A Kubernetes resource type as the REST API names it.
public struct APIResource: Sendable, Hashable, CustomStringConvertible {
    public var group: String
    public var version: String
    /// Lower-case plural, the last path segment of collection URLs.
    public var plural: String
    public var kind: String
    public var namespaced: Bool

    public init(group: String, version: String, plural: String, kind: String, namespaced: Bool) {
        self.group = group
        self.version = version
        self.plural = plural
        self.kind = kind
        self.namespaced = namespaced
    }

    public var apiVersion: String { group.isEmpty ? version : "\(group)/\(version)" }

    /// `plural.group`, as RBAC and kubectl name it.
    public var description: String { group.isEmpty ? plural : "\(plural).\(group)" }

    /// The collection (no name) or one object. `namespace` is ignored for cluster-scoped
    /// resources and means "all namespaces" when nil.
    public func path(namespace: String? = nil, name: String? = nil) -> String {
        var out = group.isEmpty ? "/api/\(version)" : "/apis/\(group)/\(version)"
        if namespaced, let namespace { out += "/namespaces/\(PathSegment.escape(namespace))" }
        out += "/\(plural)"
        if let name { out += "/\(PathSegment.escape(name))" }
        return out
    }

    public static let horizontalPodAutoscalers = APIResource(group: "autoscaling", version: "v2", plural: "horizontalpodautoscalers",
                                                             kind: "HorizontalPodAutoscaler", namespaced: true)
    public static let deployments = APIResource(group: "apps", version: "v1", plural: "deployments", kind: "Deployment", namespaced: true)
    public static let statefulSets = APIResource(group: "apps", version: "v1", plural: "statefulsets", kind: "StatefulSet", namespaced: true)
    public static let limitRanges = APIResource(group: "", version: "v1", plural: "limitranges", kind: "LimitRange", namespaced: true)
    public static let secrets = APIResource(group: "", version: "v1", plural: "secrets", kind: "Secret", namespaced: true)

    /// A KEDA custom resource.
    public init(_ kind: ResourceKind) {
        self.init(group: kind.group, version: "v1alpha1", plural: kind.plural, kind: kind.rawValue, namespaced: !kind.isClusterScoped)
    }

    public static let scaledObjects = APIResource(.scaledObject)
    public static let triggerAuthentications = APIResource(.triggerAuthentication)
    public static let clusterTriggerAuthentications = APIResource(.clusterTriggerAuthentication)
}

enum PathSegment {
    /// Object names are DNS subdomains and need no escaping; this guards against anything else.
    static func escape(_ s: String) -> String {
        s.addingPercentEncoding(withAllowedCharacters: unreserved) ?? s
    }

    static let unreserved = CharacterSet(charactersIn: "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._~")
}
