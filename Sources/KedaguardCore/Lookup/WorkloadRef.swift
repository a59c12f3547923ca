/// Points at a scalable workload the way scaleTargetRef does.
public struct WorkloadRef: Sendable, Hashable, CustomStringConvertible {
    public var namespace: String
    public var apiVersion: String
    public var kind: String
    public var name: String

    public init(namespace: String, apiVersion: String, kind: String, name: String) {
        self.namespace = namespace
        self.apiVersion = apiVersion
        self.kind = kind
        self.name = name
    }

    /// A scaleTargetRef with KEDA's defaults applied: empty apiVersion is `apps/v1`, empty kind
    /// is `Deployment`.
    public init(namespace: String, scaleTargetRef: Node) {
        let apiVersion = scaleTargetRef["apiVersion"]?.stringValue ?? ""
        let kind = scaleTargetRef["kind"]?.stringValue ?? ""
        self.init(namespace: namespace,
                  apiVersion: apiVersion.isEmpty ? "apps/v1" : apiVersion,
                  kind: kind.isEmpty ? "Deployment" : kind,
                  name: scaleTargetRef["name"]?.stringValue ?? "")
    }

    /// The API group (`apps`), empty for the core group (`v1`).
    public var group: String {
        guard let slash = apiVersion.firstIndex(of: "/") else { return "" }
        return String(apiVersion[..<slash])
    }

    /// Identity for conflict checks: version does not matter, the same object is served under
    /// every version of its group.
    public var key: String { "\(namespace)/\(group)/\(kind)/\(name)" }

    public func sameTarget(as other: WorkloadRef) -> Bool {
        namespace == other.namespace && group == other.group && kind == other.kind && name == other.name
    }

    public var description: String {
        let gk = group.isEmpty ? kind : "\(kind).\(group)"
        return "\(gk) \(namespace)/\(name)"
    }
}
