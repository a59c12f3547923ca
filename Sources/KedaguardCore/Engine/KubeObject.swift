/// A Kubernetes object read from a file or an AdmissionReview: the document root plus the
/// identity fields every rule and lookup needs.
/// A class: the engine hands one object to a hundred rules, and every `context.object` would
/// otherwise copy its fields.
public final class KubeObject: Sendable {
    public let root: Located
    /// `root["spec"]`, resolved once: nearly every rule starts there.
    public let spec: Located?
    public let apiVersion: String
    public let kind: String
    public let name: String
    /// `metadata.namespace` as written; the effective namespace also depends on flags.
    public let declaredNamespace: String?
    public let source: ObjectSource?
    /// Index of the document in its file, for objects read from files.
    public let documentIndex: Int?
    /// The KEDA (or other known) kind this object is; nil for kinds no rule reads.
    public let resourceKind: ResourceKind?

    /// Builds the object if the node looks like a Kubernetes object (a mapping with string
    /// `apiVersion` and `kind`); anything else is not ours to judge.
    public init?(node: Node, file: String? = nil, documentIndex: Int? = nil) {
        guard node.isMapping,
              let apiVersion = node["apiVersion"]?.stringValue,
              let kind = node["kind"]?.stringValue else { return nil }
        self.root = Located(node: node)
        self.spec = root["spec"]
        self.apiVersion = apiVersion
        self.kind = kind
        let metadata = node["metadata"]
        self.name = metadata?["name"]?.stringValue ?? metadata?["generateName"]?.stringValue ?? ""
        self.declaredNamespace = metadata?["namespace"]?.stringValue
        self.source = file.map { ObjectSource(file: $0, line: node.position.line) }
        self.documentIndex = documentIndex
        self.resourceKind = ResourceKind(apiVersion: apiVersion, kind: kind)
    }

    public var group: String {
        guard let slash = apiVersion.firstIndex(of: "/") else { return "" }
        return String(apiVersion[..<slash])
    }

    public func namespace(default defaultNamespace: String) -> String {
        if let declaredNamespace, !declaredNamespace.isEmpty { return declaredNamespace }
        return defaultNamespace
    }

    public var annotations: [String: String] { stringMap(root.path("metadata", "annotations")) }
    /// One annotation's value, without building the whole map.
    public func annotation(_ key: String) -> String? { root.node["metadata"]?["annotations"]?[key]?.scalarText }
    public var labels: [String: String] { stringMap(root.path("metadata", "labels")) }

    public func identity(namespace: String?) -> ObjectIdentity {
        ObjectIdentity(apiVersion: apiVersion, kind: kind,
                       namespace: resourceKind?.isClusterScoped == true ? nil : namespace, name: name)
    }

    private func stringMap(_ located: Located?) -> [String: String] {
        var out: [String: String] = [:]
        for (key, value) in located?.entries ?? [] {
            if let text = value.node.scalarText { out[key] = text }
        }
        return out
    }
}
