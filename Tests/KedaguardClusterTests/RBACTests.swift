import Foundation
import KedaguardCluster
import KedaguardCore
import Testing

/// The shipped RBAC grants exactly what the cache (base/rbac.yaml, the webhook) and the audit
/// (audit/rbac.yaml, for people and CI) read; Secrets only through the opt-in component.
struct RBACTests {
    static let repo = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// "group/resource" → verbs, per ClusterRole name.
    static func roles(_ file: String) throws -> [String: [String: Set<String>]] {
        let text = try String(contentsOf: repo.appendingPathComponent(file), encoding: .utf8)
        var out: [String: [String: Set<String>]] = [:]
        for doc in YAMLParser.parse(text).documents {
            guard let root = doc.root, root["kind"]?.stringValue == "ClusterRole", let name = root["metadata"]?["name"]?.stringValue else { continue }
            for rule in root["rules"]?.sequenceValue ?? [] {
                let verbs = Set((rule["verbs"]?.sequenceValue ?? []).compactMap(\.stringValue))
                for group in (rule["apiGroups"]?.sequenceValue ?? []).compactMap(\.stringValue) {
                    for resource in (rule["resources"]?.sequenceValue ?? []).compactMap(\.stringValue) {
                        out[name, default: [:]]["\(group)/\(resource)", default: []].formUnion(verbs)
                    }
                }
            }
        }
        return out
    }

    @Test func cacheResourcesHaveGetListWatchAndNothingMore() throws {
        let state = try #require(try Self.roles("webhook-config/base/rbac.yaml")["kedaguard"])
        let needed = Set(CachedResource.standard.map { "\($0.api.group)/\($0.api.plural)" })
        #expect(Set(state.keys) == needed)
        for (resource, verbs) in state { #expect(verbs == ["get", "list", "watch"], "\(resource)") }
    }

    @Test func auditKindsAreListable() throws {
        let roles = try Self.roles("webhook-config/audit/rbac.yaml")
        let all = roles.values.reduce(into: [String: Set<String>]()) { acc, role in
            for (k, v) in role { acc[k, default: []].formUnion(v) }
        }
        for kind in ResourceKind.allCases {
            let api = APIResource(kind)
            #expect(all["\(api.group)/\(api.plural)"]?.isSuperset(of: ["list", "watch"]) == true, "\(api)")
        }
        #expect(!all.keys.contains { $0.hasSuffix("/secrets") }, "Secrets only in the opt-in file")
        #expect(!all.values.contains { !$0.isSubset(of: ["get", "list", "watch"]) }, "read-only")
    }

    @Test func secretsRoleIsSeparate() throws {
        // The cache lists and watches Secrets when --read-secrets is on.
        let roles = try Self.roles("webhook-config/components/secret-read-access/rbac.yaml")
        #expect(roles["kedaguard-secret-reader"]?["/secrets"] == ["get", "list", "watch"])
    }
}
