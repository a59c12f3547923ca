import KedaguardCore

/// A resource type the fake API server announces through discovery, so that clients which map
/// kinds to URLs first (kubectl) can talk to it. Deliberately not KedaguardCluster's
/// `APIResource`: the fake stands in for kube-apiserver and shares no code with the client it
/// tests, so a mistake in the client's naming cannot agree with itself.
public struct DiscoveredResource: Sendable, Hashable {
    public var group: String
    public var version: String
    public var kind: String
    public var plural: String
    public var namespaced: Bool

    public init(group: String, version: String, kind: String, plural: String, namespaced: Bool) {
        self.group = group
        self.version = version
        self.kind = kind
        self.plural = plural
        self.namespaced = namespaced
    }

    var groupVersion: String { group.isEmpty ? version : "\(group)/\(version)" }
}

extension FakeKubeAPI {
    /// Announces these resource types on `/api`, `/apis`, `/api/v1` and `/apis/<group>/<version>`,
    /// as the legacy (unaggregated) discovery documents a real server also serves.
    public func serveDiscovery(_ resources: [DiscoveredResource]) {
        withState { $0.discovery = resources }
    }

    /// The discovery document at `path`, or nil when the path is not a discovery path.
    func discoveryDocument(path: String) -> String? {
        let resources = withState { $0.discovery }
        guard !resources.isEmpty else { return nil }
        let parts = path.split(separator: "/").map(String.init)
        switch (parts.first, parts.count) {
        case ("api", 1):
            let versions = Set(resources.filter { $0.group.isEmpty }.map(\.version)).sorted()
            return #"{"kind":"APIVersions","versions":\#(Self.jsonArray(versions)),"serverAddressByClientCIDRs":[{"clientCIDR":"0.0.0.0/0","serverAddress":"127.0.0.1:\#(port)"}]}"#
        case ("apis", 1):
            var versionsByGroup: [String: [String]] = [:]
            for r in resources where !r.group.isEmpty && !(versionsByGroup[r.group] ?? []).contains(r.version) {
                versionsByGroup[r.group, default: []].append(r.version)
            }
            let groups = versionsByGroup.keys.sorted().map { group -> String in
                let versions = versionsByGroup[group]!.map { #"{"groupVersion":"\#(group)/\#($0)","version":"\#($0)"}"# }
                return #"{"name":"\#(group)","versions":[\#(versions.joined(separator: ","))],"preferredVersion":\#(versions[0])}"#
            }
            return #"{"kind":"APIGroupList","apiVersion":"v1","groups":[\#(groups.joined(separator: ","))]}"#
        case ("api", 2), ("apis", 3):
            let groupVersion = parts.dropFirst().joined(separator: "/")
            let matching = resources.filter { $0.groupVersion == groupVersion }
            guard !matching.isEmpty else { return nil }
            let verbs = Self.jsonArray(["create", "delete", "get", "list", "patch", "update", "watch"])
            let items = matching.map { r in
                #"{"name":"\#(r.plural)","singularName":"\#(r.kind.lowercased())","namespaced":\#(r.namespaced),"kind":"\#(r.kind)","verbs":\#(verbs)}"#
            }
            return #"{"kind":"APIResourceList","apiVersion":"v1","groupVersion":"\#(groupVersion)","resources":[\#(items.joined(separator: ","))]}"#
        default:
            return nil
        }
    }

    private static func jsonArray(_ strings: [String]) -> String {
        "[" + strings.map(JSONWriter.quoted).joined(separator: ",") + "]"
    }
}
