import CoreMetrics
import Foundation
import KedaguardCore

/// Per-rule violation counts of the KEDA objects already in the cluster, kept current and
/// reported as gauges `kedaguard_existing_violations{rule="<id>"}` through swift-metrics (the
/// webhook's Prometheus registry exports them; nothing here serves HTTP).
///
/// A count is the number of objects with at least one unsuppressed warning or error from
/// the rule. How it stays current:
/// - KEDA objects are listed and watched (full objects, checked then dropped: only each
///   object's violated rule ids are kept);
/// - a change the cache sees to an HPA, ScaledObject, Deployment or StatefulSet re-checks the
///   ScaledObjects scaling the same workload (read with a GET), after a short pause that
///   gathers bursts;
/// - everything is re-checked every `recheckInterval`, which also catches what no event
///   points at (an edited TriggerAuthentication or LimitRange).
public final class ExistingViolations: Sendable {
    public static let metricLabel = "kedaguard_existing_violations"

    public struct Settings: Sendable {
        /// nil: the whole cluster.
        public var namespace: String?
        public var reflector: ReflectorSettings
        public var recheckInterval: Duration
        /// How long cache changes are gathered before dependents are re-checked.
        public var debounce: Duration

        public init(namespace: String? = nil, reflector: ReflectorSettings = ReflectorSettings(),
                    recheckInterval: Duration = .seconds(600), debounce: Duration = .seconds(1)) {
            self.namespace = namespace
            self.reflector = reflector
            self.recheckInterval = recheckInterval
            self.debounce = debounce
        }
    }

    public let cache: ClusterCache
    public let engine: RuleEngine
    public let options: CheckOptions
    public let settings: Settings
    private let factory: (any MetricsFactory)?
    private let state = Locked(State())

    struct State {
        /// "Kind/namespace/name" → violated rule ids.
        var objects: [String: (rules: [String], generation: UInt8)] = [:]
        var counts: [String: Int] = [:]
        var generations: [ResourceKind: UInt8] = [:]
        var gauges: [String: Gauge] = [:]
        var listed: Set<ResourceKind> = []
    }

    /// - Parameter factory: where gauges go; nil uses the process's `MetricsSystem`.
    public init(cache: ClusterCache, engine: RuleEngine, options: CheckOptions, settings: Settings = Settings(),
                factory: (any MetricsFactory)? = nil) {
        self.cache = cache
        self.engine = engine
        self.options = options
        self.settings = settings
        self.factory = factory
    }

    var kinds: [ResourceKind] { ResourceKind.allCases.filter { settings.namespace == nil || !$0.isClusterScoped } }

    /// Current counts (rules with none are absent), for logs and tests.
    public var counts: [String: Int] { state.withLock { $0.counts.filter { $0.value > 0 } } }

    /// Every KEDA kind has been listed and checked once.
    public var isSynced: Bool { state.withLock { s in kinds.allSatisfy { s.listed.contains($0) } } }

    /// Watches, re-checks and reports until cancelled. The cache must be running.
    public func run() async {
        publishZeros()
        let changes = cache.changes()
        await withTaskGroup(of: Void.self) { group in
            for kind in kinds {
                let reflector = Reflector(client: cache.client, resource: APIResource(kind),
                                          namespace: kind.isClusterScoped ? nil : settings.namespace,
                                          sink: Sink(owner: self, kind: kind), settings: settings.reflector, report: { _ in })
                group.addTask { await reflector.run() }
            }
            group.addTask { await self.followDependencies(changes) }
            group.addTask { await self.recheckPeriodically() }
            await group.waitForAll()
        }
    }

    // MARK: Checking

    static func key(_ kind: String, _ namespace: String?, _ name: String) -> String {
        "\(kind)/\(namespace ?? "")/\(name)"
    }

    private func rules(violatedBy object: KubeObject) async -> [String] {
        var checkOptions = options
        checkOptions.defaultNamespace = object.declaredNamespace ?? options.defaultNamespace
        let result = await engine.check(object, lookup: ClusterLookup(cache: cache, confirmsFindings: false), options: checkOptions)
        var ids = Set(result.diagnostics.filter { !$0.isSuppressed && $0.severity >= .warning }.map(\.ruleID))
        ids.formUnion(result.failures.map(\.ruleID))
        return ids.sorted()
    }

    fileprivate func record(_ kind: ResourceKind, _ object: KubeObject) async {
        let rules = await rules(violatedBy: object)
        let key = Self.key(kind.rawValue, kind.isClusterScoped ? nil : object.declaredNamespace, object.name)
        update { s in
            let old = s.objects[key]?.rules ?? []
            s.objects[key] = (rules, s.generations[kind] ?? 0)
            return Self.adjust(&s.counts, removing: old, adding: rules)
        }
    }

    fileprivate func remove(_ kind: ResourceKind, namespace: String?, name: String) {
        let key = Self.key(kind.rawValue, kind.isClusterScoped ? nil : namespace, name)
        update { s in
            guard let old = s.objects.removeValue(forKey: key) else { return [] }
            return Self.adjust(&s.counts, removing: old.rules, adding: [])
        }
    }

    fileprivate func beginList(_ kind: ResourceKind) {
        state.withLock { $0.generations[kind, default: 0] &+= 1 }
    }

    /// Forgets objects of `kind` the list did not return.
    fileprivate func endList(_ kind: ResourceKind) {
        update { s in
            let generation = s.generations[kind] ?? 0
            let prefix = kind.rawValue + "/"
            var changed: Set<String> = []
            for (key, value) in s.objects where key.hasPrefix(prefix) && value.generation != generation {
                s.objects[key] = nil
                changed.formUnion(Self.adjust(&s.counts, removing: value.rules, adding: []))
            }
            s.listed.insert(kind)
            return changed
        }
    }

    private static func adjust(_ counts: inout [String: Int], removing old: [String], adding new: [String]) -> Set<String> {
        guard old != new else { return [] }
        for id in old { counts[id, default: 0] -= 1 }
        for id in new { counts[id, default: 0] += 1 }
        return Set(old).symmetricDifference(new)
    }

    /// Applies a change and records the gauges of the rules whose counts moved.
    private func update(_ body: (inout State) -> Set<String>) {
        let values = state.withLock { s -> [(Gauge, Int)] in
            let changed = body(&s)
            return changed.map { id in (gauge(id, &s), s.counts[id] ?? 0) }
        }
        for (gauge, value) in values { gauge.record(value) }
    }

    private func gauge(_ rule: String, _ s: inout State) -> Gauge {
        if let g = s.gauges[rule] { return g }
        let dimensions = [("rule", rule)]
        let g = factory.map { Gauge(label: Self.metricLabel, dimensions: dimensions, factory: $0) }
            ?? Gauge(label: Self.metricLabel, dimensions: dimensions)
        s.gauges[rule] = g
        return g
    }

    /// Every rule starts at 0, so a scrape tells "no violations" from "not measured".
    private func publishZeros() {
        let ids = RuleRegistry.descriptors.map(\.id).filter(engine.configuration.isEnabled)
        let gauges = state.withLock { s in ids.map { gauge($0, &s) } }
        for g in gauges { g.record(0) }
    }

    // MARK: Dependencies

    /// Collects the workloads cache changes touch; every `debounce` re-checks the
    /// ScaledObjects on them, so a burst (a rollout touching many objects) costs one pass.
    private func followDependencies(_ changes: AsyncStream<CacheChange>) async {
        let pending = Locked<Set<WorkloadRef>>([])
        await withTaskGroup(of: Void.self) { group in
            group.addTask {
                for await change in changes { pending.withLock { $0.formUnion(change.targets) } }
            }
            group.addTask {
                while !Task.isCancelled {
                    do { try await Task.sleep(for: self.settings.debounce) } catch { return }
                    let targets = pending.withLock { p -> Set<WorkloadRef> in
                        defer { p.removeAll() }
                        return p
                    }
                    if !targets.isEmpty { await self.recheck(targeting: targets) }
                }
            }
            await group.waitForAll()
        }
    }

    private func recheck(targeting targets: Set<WorkloadRef>) async {
        let lookup = ClusterLookup(cache: cache, confirmsFindings: false)
        for target in targets {
            guard case .found(let scaledObjects) = await lookup.scaledObjects(targeting: target) else { continue }
            for so in scaledObjects {
                do {
                    guard let node = try await cache.client.object(.scaledObjects, namespace: so.namespace, name: so.name),
                          let object = Reflector.object(node, .scaledObjects) else {
                        remove(.scaledObject, namespace: so.namespace, name: so.name)
                        continue
                    }
                    await record(.scaledObject, object)
                } catch {
                    continue // the periodic re-check will catch up
                }
            }
        }
    }

    private func recheckPeriodically() async {
        while !Task.isCancelled {
            do { try await Task.sleep(for: settings.recheckInterval) } catch { return }
            for kind in kinds {
                let resource = APIResource(kind)
                let sink = Sink(owner: self, kind: kind)
                do {
                    await sink.beginList()
                    _ = try await cache.client.listAll(resource, namespace: kind.isClusterScoped ? nil : settings.namespace,
                                                       pageSize: settings.reflector.pageSize) { page in
                        await sink.listed(page.items.compactMap { Reflector.object($0, resource) })
                    }
                    await sink.endList()
                } catch {
                    continue
                }
            }
        }
    }

    private struct Sink: ReflectorSink {
        let owner: ExistingViolations
        let kind: ResourceKind

        func beginList() async { owner.beginList(kind) }
        func listed(_ objects: [KubeObject]) async {
            for object in objects { await owner.record(kind, object) }
        }
        func endList() async { owner.endList(kind) }
        func changed(_ event: WatchEvent.Kind, _ object: KubeObject) async {
            if event == .deleted {
                owner.remove(kind, namespace: object.declaredNamespace, name: object.name)
            } else {
                await owner.record(kind, object)
            }
        }
    }
}
