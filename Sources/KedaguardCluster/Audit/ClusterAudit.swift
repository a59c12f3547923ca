import Foundation
import KedaguardCore

/// `kedaguard audit`: every KEDA object already in the cluster, checked by the same engine and
/// rules as `lint` and the webhook, with cross-object facts from a freshly synced cache.
///
/// Objects are listed page by page and dropped once checked, so memory stays that of the
/// cache plus one page.
public struct ClusterAudit: Sendable {
    public enum Scope: Sendable, Hashable {
        case namespace(String)
        case allNamespaces

        public var namespaceName: String? {
            if case .namespace(let ns) = self { return ns }
            return nil
        }
    }

    /// One checked object.
    public struct AuditedObject: Sendable {
        public var identity: ObjectIdentity
        /// `namespace/Kind/name` (`Kind/name` when cluster-scoped): where reports point.
        public var location: String
        public var diagnostics: [Diagnostic]
    }

    /// A collection that could not be read: the audit is incomplete.
    public struct Problem: Sendable, Hashable {
        public var resource: String
        public var message: String
    }

    public struct Outcome: Sendable {
        public var objects: [AuditedObject] = []
        public var problems: [Problem] = []
        /// Sync state of the cache the lookups used.
        public var cacheStatus: [ResourceSyncStatus] = []
        public var diagnostics: [Diagnostic] { objects.flatMap(\.diagnostics) }
    }

    public let client: KubeClient
    public let engine: RuleEngine
    public let options: CheckOptions
    public let scope: Scope
    public var syncTimeout: Duration
    public var pageSize: Int
    public var cacheSettings: ReflectorSettings

    public init(client: KubeClient, engine: RuleEngine, options: CheckOptions, scope: Scope,
                syncTimeout: Duration = .seconds(60), pageSize: Int = 500, cacheSettings: ReflectorSettings = ReflectorSettings()) {
        self.client = client
        self.engine = engine
        self.options = options
        self.scope = scope
        self.syncTimeout = syncTimeout
        self.pageSize = pageSize
        self.cacheSettings = cacheSettings
    }

    /// KEDA's kinds in the order they are reported; cluster-scoped ones only for a cluster-wide audit.
    var kinds: [ResourceKind] {
        ResourceKind.allCases.filter { scope == .allNamespaces || !$0.isClusterScoped }
    }

    public func run() async throws -> Outcome {
        // KEDA's own CRDs must be there; otherwise there is nothing to audit and lookups would
        // only fail. Any other failure to reach the API ends the audit here too.
        _ = try await client.list(APIResource(.scaledObject), namespace: scope.namespaceName, limit: 1)

        var cacheOptions = ClusterCache.Settings(namespace: scope.namespaceName, reflector: cacheSettings)
        cacheOptions.reflector.pageSize = pageSize
        let cache = ClusterCache(client: client, settings: cacheOptions)
        let cacheTask = Task { await cache.run() }
        defer { cacheTask.cancel() }
        await cache.waitUntilSynced(timeout: syncTimeout)

        var outcome = Outcome()
        outcome.cacheStatus = cache.status
        let lookup = ClusterLookup(cache: cache, confirmsFindings: false)
        for kind in kinds {
            let resource = APIResource(kind)
            do {
                _ = try await client.listAll(resource, namespace: scope.namespaceName, pageSize: pageSize) { page in
                    for item in page.items {
                        guard let object = Self.object(item, resource) else { continue }
                        let namespace = object.declaredNamespace ?? options.defaultNamespace
                        var checkOptions = options
                        checkOptions.defaultNamespace = namespace
                        let result = await engine.check(object, lookup: lookup, options: checkOptions)
                        var diagnostics = result.diagnostics
                        let identity = object.identity(namespace: namespace)
                        for failure in result.failures {
                            diagnostics.append(Diagnostic(ruleID: failure.ruleID, severity: .error,
                                                          message: "internal error in rule \(failure.ruleID): \(failure.message)",
                                                          file: object.source?.file, object: identity))
                        }
                        outcome.objects.append(AuditedObject(identity: identity, location: object.source?.file ?? "", diagnostics: diagnostics))
                    }
                }
            } catch let error as KubeAPIError {
                // Older KEDA releases have no eventing CRDs; that is no problem.
                if error.status?.code == 404, kind.group != "keda.sh" { continue }
                outcome.problems.append(Problem(resource: resource.description, message: "cannot list \(resource): \(error)"))
            }
        }
        return outcome
    }

    /// `namespace/Kind/name`, or `Kind/name` for cluster-scoped objects.
    public static func location(kind: String, namespace: String?, name: String) -> String {
        [namespace, kind, name].compactMap { $0 }.joined(separator: "/")
    }

    /// A listed item as a `KubeObject`: kind and apiVersion restored, positions cleared (they
    /// would be offsets in a list page, not lines anyone can open), located by name.
    static func object(_ item: Node, _ resource: APIResource) -> KubeObject? {
        guard let object = Reflector.object(item.withoutPositions(), resource) else { return nil }
        let namespace = resource.namespaced ? object.declaredNamespace : nil
        return KubeObject(node: object.root.node, file: location(kind: resource.kind, namespace: namespace, name: object.name))
    }
}

extension Node {
    /// The same value with every position unknown.
    func withoutPositions() -> Node {
        switch value {
        case .sequence(let items):
            return Node(.sequence(items.map { $0.withoutPositions() }))
        case .mapping(let entries):
            return Node(.mapping(entries.map { Entry(key: $0.key, value: $0.value.withoutPositions()) }))
        default:
            return Node(value)
        }
    }
}
