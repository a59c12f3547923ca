import Foundation
import KedaguardCore
import Logging

/// Sync state of one watched resource, for /readyz, logs and lookup answers.
public struct ResourceSyncStatus: Sendable, CustomStringConvertible {
    public var resource: CachedResource
    /// The first full list has completed (it stays true across later relists).
    public var synced: Bool
    public var objects: Int
    /// The last error, while requests are failing; nil once a list or watch succeeds again.
    public var lastError: KubeAPIError?
    /// How long requests have been failing, nil while healthy.
    public var failingFor: Duration?
    /// The resume point as of the last list or bookmark (watch events move it too, unreported).
    public var resourceVersion: String

    public var description: String {
        var out = "\(resource): \(synced ? "synced, \(objects) objects" : "not synced")"
        if let lastError, let failingFor { out += "; failing for \(failingFor.roundedSeconds)s: \(lastError)" }
        return out
    }
}

/// A change the cache applied, for subscribers that keep derived state (violation counts).
public struct CacheChange: Sendable, Hashable {
    public var resource: CachedResource
    public var namespace: String
    public var name: String
    /// For HPAs and ScaledObjects: the workload they scale, before and after the change.
    public var targets: [WorkloadRef]
}

/// A list+watch cache of what cluster-aware rules ask about, packed so 100k objects cost a
/// few tens of MB, indexed so each question is a hash lookup.
///
/// `run()` keeps it in step until cancelled; lookups go through `ClusterLookup`.
public final class ClusterCache: Sendable {
    public struct Settings: Sendable {
        public var resources: [CachedResource]
        /// nil: the whole cluster. Cluster-scoped resources are always watched cluster-wide.
        public var namespace: String?
        public var reflector: ReflectorSettings
        /// After this long with a failing watch, answers from the resource count as unavailable.
        public var staleAfter: Duration

        public init(resources: [CachedResource] = CachedResource.standard, namespace: String? = nil,
                    reflector: ReflectorSettings = ReflectorSettings(), staleAfter: Duration = .seconds(30)) {
            self.resources = resources
            self.namespace = namespace
            self.reflector = reflector
            self.staleAfter = staleAfter
        }
    }

    public let client: KubeClient
    public let settings: Settings
    private let logger: Logger
    private let state: Locked<State>

    struct State {
        var store = ClusterStore()
        var health: [CachedResource: Health] = [:]
        var subscribers: [UUID: AsyncStream<CacheChange>.Continuation] = [:]
    }

    struct Health {
        var synced = false
        var lastError: KubeAPIError?
        var failingSince: ContinuousClock.Instant?
        var resourceVersion = ""
    }

    public init(client: KubeClient, settings: Settings = Settings(), logger: Logger = Logger(label: "kedaguard.cluster")) {
        self.client = client
        self.settings = settings
        self.logger = logger
        var initial = State()
        for r in settings.resources { initial.health[r] = Health() }
        self.state = Locked(initial)
    }

    public var resources: [CachedResource] { settings.resources }

    /// Lists and watches every resource until the task is cancelled.
    public func run() async {
        await withTaskGroup(of: Void.self) { group in
            for resource in settings.resources {
                let reflector = Reflector(
                    client: client, resource: resource.api,
                    namespace: resource.api.namespaced ? settings.namespace : nil,
                    sink: Sink(cache: self, resource: resource), settings: settings.reflector,
                    report: { [weak self] event in self?.record(event, for: resource) })
                group.addTask { await reflector.run() }
            }
        }
        finishSubscribers()
    }

    // MARK: Sync state

    public var status: [ResourceSyncStatus] {
        let now = ContinuousClock.now
        return state.withLock { s in
            settings.resources.map { r in
                let h = s.health[r] ?? Health()
                return ResourceSyncStatus(resource: r, synced: h.synced, objects: s.store.count(r), lastError: h.lastError,
                                          failingFor: h.failingSince.map { now - $0 }, resourceVersion: h.resourceVersion)
            }
        }
    }

    /// Every resource finished its first list.
    public var isSynced: Bool { state.withLock { s in settings.resources.allSatisfy { s.health[$0]?.synced == true } } }

    /// Waits until synced, or until every resource not yet synced fails for a reason retrying
    /// cannot fix (401, 403, 404), or the timeout. Returns whether the cache is synced.
    @discardableResult
    public func waitUntilSynced(timeout: Duration) async -> Bool {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if isSynced { return true }
            let settled = state.withLock { s in
                settings.resources.allSatisfy { s.health[$0]?.synced == true || s.health[$0]?.lastError?.isPermanent == true }
            }
            if settled { return false }
            do { try await Task.sleep(for: .milliseconds(20)) } catch { break }
        }
        return isSynced
    }

    /// Why answers about `resource` cannot be trusted now, or nil when they can.
    func unavailability(_ resource: CachedResource) -> String? {
        let now = ContinuousClock.now
        return state.withLock { s -> String? in
            guard let h = s.health[resource] else { return "kedaguard does not watch \(resource)" }
            if !h.synced {
                if let e = h.lastError { return "the cache could not list \(resource.noun): \(e)" }
                return "the cache has not finished listing \(resource.noun)"
            }
            if let since = h.failingSince, now - since > settings.staleAfter, let e = h.lastError {
                return "the watch of \(resource.noun) has failed for \((now - since).roundedSeconds)s: \(e)"
            }
            return nil
        }
    }

    func isWatched(_ resource: CachedResource) -> Bool { settings.resources.contains(resource) }

    /// Whether objects of `namespace` are in scope of the watches.
    func covers(namespace: String) -> Bool { settings.namespace == nil || settings.namespace == namespace }

    func read<T>(_ body: (ClusterStore) -> T) -> T {
        state.withLock { body($0.store) }
    }

    /// Bytes of the packed HPA/ScaledObject tables and strings (benchmark).
    public var packedFootprint: Int { read { $0.packedFootprint } }

    private func record(_ event: ReflectorEvent, for resource: CachedResource) {
        enum Log { case none, synced(Int, first: Bool), recovered(Duration), failing(KubeAPIError), expired }
        let log = state.withLock { s -> Log in
            var h = s.health[resource] ?? Health()
            defer { s.health[resource] = h }
            let failedFor = h.failingSince.map { ContinuousClock.now - $0 }
            switch event {
            case .synced(let count, let rv):
                let first = !h.synced
                h.resourceVersion = rv
                h.synced = true
                h.lastError = nil
                h.failingSince = nil
                return .synced(count, first: first)
            case .watching:
                h.lastError = nil
                h.failingSince = nil
                return failedFor.map(Log.recovered) ?? .none
            case .bookmark(let rv):
                h.resourceVersion = rv
                return .none
            case .expired:
                return .expired
            case .failed(let error):
                // Log the first failure of a run of failures, not every retry.
                let first = h.failingSince == nil
                h.lastError = error
                if first { h.failingSince = .now }
                return first ? .failing(error) : .none
            }
        }
        let r = "\(resource)"
        switch log {
        case .none: break
        case .synced(let count, let first):
            logger.info(first ? "cache synced" : "cache relisted", metadata: ["resource": "\(r)", "objects": "\(count)"])
        case .recovered(let d):
            logger.info("watch recovered", metadata: ["resource": "\(r)", "failed_seconds": "\(d.roundedSeconds)"])
        case .failing(let error):
            logger.warning("list/watch failing; retrying with backoff", metadata: ["resource": "\(r)", "error": "\(error)"])
        case .expired:
            logger.info("resourceVersion expired (410); listing again", metadata: ["resource": "\(r)"])
        }
    }

    // MARK: Changes

    /// Changes applied from now on (list pages are not reported, only watch events and objects
    /// removed by a relist). The stream ends when `run()` returns.
    public func changes() -> AsyncStream<CacheChange> {
        let (stream, continuation) = AsyncStream.makeStream(of: CacheChange.self, bufferingPolicy: .bufferingNewest(100_000))
        let id = UUID()
        state.withLock { $0.subscribers[id] = continuation }
        continuation.onTermination = { [weak self] _ in _ = self?.state.withLock { $0.subscribers.removeValue(forKey: id) } }
        return stream
    }

    private func finishSubscribers() {
        let subs = state.withLock { s -> [AsyncStream<CacheChange>.Continuation] in
            let out = Array(s.subscribers.values)
            s.subscribers.removeAll()
            return out
        }
        for c in subs { c.finish() }
    }

    /// Runs `body` on the store under the lock; `body` is told whether anyone listens, so it
    /// computes change notifications only then.
    fileprivate func apply(_ resource: CachedResource, _ body: (inout ClusterStore, _ notify: Bool) -> [CacheChange]) {
        let (changes, subscribers) = state.withLock { s -> ([CacheChange], [AsyncStream<CacheChange>.Continuation]) in
            let changes = body(&s.store, !s.subscribers.isEmpty)
            return (changes, s.subscribers.isEmpty ? [] : Array(s.subscribers.values))
        }
        for c in subscribers { for change in changes { c.yield(change) } }
    }

    /// Applies one resource's list and watch results to the store.
    private struct Sink: ReflectorSink {
        let cache: ClusterCache
        let resource: CachedResource

        func beginList() async {
            cache.apply(resource) { store, _ in
                store.beginRelist(resource)
                return []
            }
        }

        func listed(_ objects: [KubeObject]) async {
            cache.apply(resource) { store, _ in
                for object in objects { store.upsert(resource, object) }
                return []
            }
        }

        func endList() async {
            let r = resource
            cache.apply(resource) { store, notify in
                let before = notify ? store.keys(r) : []
                store.endRelist(r)
                guard notify else { return [] }
                let after = Set(store.keys(r).map { "\($0.namespace)/\($0.name)" })
                return before.filter { !after.contains("\($0.namespace)/\($0.name)") }.map {
                    CacheChange(resource: r, namespace: $0.namespace, name: $0.name, targets: $0.targets)
                }
            }
        }

        func changed(_ kind: WatchEvent.Kind, _ object: KubeObject) async {
            let r = resource
            let ns = object.declaredNamespace ?? ""
            cache.apply(resource) { store, notify in
                guard notify else {
                    if kind == .deleted { store.delete(r, namespace: ns, name: object.name) } else { store.upsert(r, object) }
                    return []
                }
                let before = store.targets(r, namespace: ns, name: object.name)
                if kind == .deleted {
                    store.delete(r, namespace: ns, name: object.name)
                } else {
                    store.upsert(r, object)
                }
                let after = store.targets(r, namespace: ns, name: object.name)
                var targets = before
                for t in after where !targets.contains(t) { targets.append(t) }
                return [CacheChange(resource: r, namespace: ns, name: object.name, targets: targets)]
            }
        }
    }
}

extension ClusterStore {
    /// The workloads an HPA or ScaledObject scales (for change notifications); a workload is
    /// its own target.
    func targets(_ resource: CachedResource, namespace: String, name: String) -> [WorkloadRef] {
        switch resource {
        case .horizontalPodAutoscalers:
            return hpas.named(namespace: namespace, name: name, strings: strings).map { [$0.target] } ?? []
        case .scaledObjects:
            return scaledObjects.named(namespace: namespace, name: name, strings: strings).map { [$0.target] } ?? []
        case .deployments:
            return [WorkloadRef(namespace: namespace, apiVersion: "apps/v1", kind: "Deployment", name: name)]
        case .statefulSets:
            return [WorkloadRef(namespace: namespace, apiVersion: "apps/v1", kind: "StatefulSet", name: name)]
        default:
            return []
        }
    }

    /// Names of every object of a resource, with targets; only used when someone subscribes.
    func keys(_ resource: CachedResource) -> [(namespace: String, name: String, targets: [WorkloadRef])] {
        func named(_ table: RecordTable<some CompactRecord>) -> [(String, String)] {
            table.allIndices().map { (strings.string(table[$0].key.namespace), strings.string(table[$0].key.name)) }
        }
        let pairs: [(String, String)]
        switch resource {
        case .horizontalPodAutoscalers: pairs = named(hpas.table)
        case .scaledObjects: pairs = named(scaledObjects.table)
        case .deployments: pairs = named(deployments.table)
        case .statefulSets: pairs = named(statefulSets.table)
        default: return []
        }
        return pairs.map { ($0.0, $0.1, targets(resource, namespace: $0.0, name: $0.1)) }
    }
}

/// A value behind a lock.
final class Locked<Value>: @unchecked Sendable {
    private let lock = NSLock()
    private var value: Value

    init(_ value: Value) {
        self.value = value
    }

    func withLock<T>(_ body: (inout Value) throws -> T) rethrows -> T {
        lock.lock()
        defer { lock.unlock() }
        return try body(&value)
    }
}

extension Duration {
    var roundedSeconds: Int64 { components.seconds + (components.attoseconds >= 500_000_000_000_000_000 ? 1 : 0) }
}

extension ClusterCache: ReadinessSource {
    /// Ready once every resource finished its first list. A later outage does not make the
    /// webhook unready (that would only route admissions around it); answers then follow the
    /// `--cluster-checks` policy instead.
    public func readiness() async -> ReadinessStatus {
        let status = self.status
        return ReadinessStatus(isReady: status.allSatisfy(\.synced), detail: status.map(\.description).joined(separator: "\n"))
    }
}
