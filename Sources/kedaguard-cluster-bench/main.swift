import FakeKubeAPI
import Foundation
import KedaguardCluster
import KedaguardCore
import CBenchSupport

// Cluster cache benchmark (scripts/bench-cluster.sh runs it in release mode):
//
//   kedaguard-cluster-bench serve N   fake API server with N HPAs and N ScaledObjects in 100
//                                     namespaces; prints its URL, runs until stdin closes
//   kedaguard-cluster-bench measure URL EMPTY-URL
//                                     syncs a cache from URL and reports memory per cached
//                                     HPA/ScaledObject and sync time, then the latency of a
//                                     ScaledObject's checks against that cache and against a
//                                     cache of the empty server at EMPTY-URL.
//
// The server runs in its own process so its memory does not count.

enum Generate {
    static let namespaces = 100

    /// What KEDA creates: a ScaledObject per Deployment and the HPA it owns.
    static func objects(count: Int) -> [Node] {
        var out: [Node] = []
        out.reserveCapacity(count * 2)
        for i in 0..<count {
            let ns = "team-\(i % namespaces)"
            let app = "orders-consumer-\(i)"
            out.append(.mapping([
                ("apiVersion", .string("keda.sh/v1alpha1")), ("kind", .string("ScaledObject")),
                ("metadata", .mapping([("name", .string(app)), ("namespace", .string(ns)),
                                       ("labels", .mapping([("app", .string(app)), ("team", .string(ns))])),
                                       ("generation", .int(3))])),
                ("spec", .mapping([
                    ("scaleTargetRef", .mapping([("name", .string(app))])),
                    ("minReplicaCount", .int(1)), ("maxReplicaCount", .int(20)),
                    ("triggers", .sequence([.mapping([("type", .string("kafka")),
                                                      ("metadata", .mapping([("bootstrapServers", .string("kafka.svc:9092")),
                                                                             ("consumerGroup", .string(app)),
                                                                             ("topic", .string("orders")),
                                                                             ("lagThreshold", .string("50"))]))])])),
                ])),
                ("status", .mapping([("hpaName", .string("keda-hpa-\(app)")), ("originalReplicaCount", .int(2))])),
            ]))
            out.append(.mapping([
                ("apiVersion", .string("autoscaling/v2")), ("kind", .string("HorizontalPodAutoscaler")),
                ("metadata", .mapping([
                    ("name", .string("keda-hpa-\(app)")), ("namespace", .string(ns)),
                    ("labels", .mapping([("app.kubernetes.io/managed-by", .string("keda-operator")),
                                         ("scaledobject.keda.sh/name", .string(app))])),
                    ("ownerReferences", .sequence([.mapping([("apiVersion", .string("keda.sh/v1alpha1")),
                                                             ("kind", .string("ScaledObject")), ("name", .string(app)),
                                                             ("uid", .string(UUID().uuidString.lowercased())),
                                                             ("controller", .bool(true)), ("blockOwnerDeletion", .bool(true))])])),
                ])),
                ("spec", .mapping([
                    ("scaleTargetRef", .mapping([("apiVersion", .string("apps/v1")), ("kind", .string("Deployment")), ("name", .string(app))])),
                    ("minReplicas", .int(1)), ("maxReplicas", .int(20)),
                    ("metrics", .sequence([.mapping([("type", .string("External")),
                                                     ("external", .mapping([("metric", .mapping([("name", .string("s0-kafka-orders"))])),
                                                                            ("target", .mapping([("type", .string("AverageValue")),
                                                                                                 ("averageValue", .string("50"))]))]))])])),
                ])),
                ("status", .mapping([("currentReplicas", .int(2)), ("desiredReplicas", .int(2))])),
            ]))
        }
        return out
    }

    /// The workloads the measured ScaledObjects scale, in both fake servers: a target missing
    /// from the cache is read from the API server directly, and that round trip would be
    /// measured instead of the cache.
    static func measuredTargets() -> [Node] {
        [("payments-worker", "team-7"), ("orders-consumer-17", "team-17")].map { name, ns in
            .mapping([
                ("apiVersion", .string("apps/v1")), ("kind", .string("Deployment")),
                ("metadata", .mapping([("name", .string(name)), ("namespace", .string(ns))])),
                ("spec", .mapping([("template", .mapping([("spec", .mapping([
                    ("containers", .sequence([.mapping([("name", .string(name)), ("image", .string("registry.example/\(name):1"))])])),
                ]))]))])),
            ])
        }
    }
}

enum Memory {
    /// Resident set size in bytes.
    static func resident() -> Int {
        guard let text = try? String(contentsOfFile: "/proc/self/statm", encoding: .utf8) else { return 0 }
        let fields = text.split(separator: " ")
        return (fields.count > 1 ? Int(fields[1]) ?? 0 : 0) * Int(sysconf(Int32(_SC_PAGESIZE)))
    }

    /// Bytes the allocator has handed out and not got back.
    static func heapInUse() -> Int {
        Int(kedaguard_bench_heap_in_use())
    }
}

func serve(count: Int) async throws {
    let api = try FakeKubeAPI(options: FakeKubeAPI.Options(), threads: 2)
    api.load(Generate.objects(count: count) + Generate.measuredTargets())
    try await api.start()
    FileHandle.standardOutput.write(Data((api.url + "\n").utf8))
    // Until the script closes our stdin.
    while readLine() != nil {}
    await api.stop()
}

func connect(_ url: String) throws -> KubeClient {
    try KubeClient(connection: ClusterConnection(server: URL(string: url)!, origin: "bench"))
}

func percentile(_ sorted: [Duration], _ p: Double) -> Duration {
    sorted[min(sorted.count - 1, Int(Double(sorted.count) * p))]
}

func micros(_ d: Duration) -> String {
    String(format: "%.1f µs", Double(d.components.seconds) * 1e6 + Double(d.components.attoseconds) / 1e12)
}

func measure(url: String, emptyURL: String) async throws {
    let settings = ClusterCache.Settings(reflector: ReflectorSettings(pageSize: 500))
    let engine = RuleEngine()

    let emptyClient = try connect(emptyURL)
    let emptyCache = ClusterCache(client: emptyClient, settings: settings)
    let emptyTask = Task { await emptyCache.run() }
    guard await emptyCache.waitUntilSynced(timeout: .seconds(60)) else { fatalError("empty cache did not sync: \(emptyCache.status)") }

    let client = try connect(url)
    let heapBefore = Memory.heapInUse(), rssBefore = Memory.resident()
    let cache = ClusterCache(client: client, settings: settings)
    let started = ContinuousClock.now
    let task = Task { await cache.run() }
    guard await cache.waitUntilSynced(timeout: .seconds(600)) else { fatalError("cache did not sync: \(cache.status)") }
    let syncTime = ContinuousClock.now - started
    let heapAfter = Memory.heapInUse(), rssAfter = Memory.resident()
    let status = cache.status
    let objects = status.filter { $0.resource == .horizontalPodAutoscalers || $0.resource == .scaledObjects }.reduce(0) { $0 + $1.objects }

    print("objects cached (HPAs + ScaledObjects): \(objects)")
    print("sync time: \(syncTime)")
    print("heap in use: +\((heapAfter - heapBefore) / 1024) KiB = \((heapAfter - heapBefore) / max(objects, 1)) bytes/object")
    print("resident: +\((rssAfter - rssBefore) / 1024) KiB = \((rssAfter - rssBefore) / max(objects, 1)) bytes/object")
    print("packed tables (capacity): \(cache.packedFootprint / 1024) KiB = \(cache.packedFootprint / max(objects, 1)) bytes/object")

    // A new ScaledObject in a busy namespace (no conflict), and an existing one re-applied
    // (its own HPA is found and skipped as owned): the webhook's common cases.
    let fresh = KubeObject(node: .mapping([
        ("apiVersion", .string("keda.sh/v1alpha1")), ("kind", .string("ScaledObject")),
        ("metadata", .mapping([("name", .string("payments-worker")), ("namespace", .string("team-7"))])),
        ("spec", .mapping([("scaleTargetRef", .mapping([("name", .string("payments-worker"))])), ("minReplicaCount", .int(1)),
                           ("triggers", .sequence([.mapping([("type", .string("cron")),
                                                             ("metadata", .mapping([("timezone", .string("UTC")), ("start", .string("0 8 * * *")),
                                                                                    ("end", .string("0 18 * * *")), ("desiredReplicas", .string("3"))]))])]))])),
    ]))!
    let existing = Generate.objects(count: 18).map { KubeObject(node: $0)! }.filter { $0.kind == "ScaledObject" }.last!
    let options = CheckOptions(defaultNamespace: "team-7")
    let full = ClusterLookup(cache: cache), empty = ClusterLookup(cache: emptyCache)

    for (label, object) in [("new ScaledObject", fresh), ("existing ScaledObject re-applied", existing)] {
        var checkOptions = options
        checkOptions.defaultNamespace = object.declaredNamespace ?? "team-7"
        // Warm up, then interleave the two caches so machine noise hits both alike.
        for _ in 0..<2000 {
            _ = await engine.check(object, lookup: full, options: checkOptions)
            _ = await engine.check(object, lookup: empty, options: checkOptions)
        }
        let findingsFull = await engine.check(object, lookup: full, options: checkOptions).diagnostics.map(\.ruleID)
        let findingsEmpty = await engine.check(object, lookup: empty, options: checkOptions).diagnostics.map(\.ruleID)
        var a: [Duration] = [], b: [Duration] = []
        let clock = ContinuousClock()
        for _ in 0..<20_000 {
            a.append(await clock.measure { _ = await engine.check(object, lookup: full, options: checkOptions) })
            b.append(await clock.measure { _ = await engine.check(object, lookup: empty, options: checkOptions) })
        }
        a.sort()
        b.sort()
        let ratio = Double(percentile(a, 0.5).components.attoseconds) / Double(percentile(b, 0.5).components.attoseconds)
        print("\(label): findings \(findingsFull) (empty cache: \(findingsEmpty))")
        print("  check latency, full cache:       p50 \(micros(percentile(a, 0.5))), p99 \(micros(percentile(a, 0.99)))")
        print("  check latency, empty cache:     p50 \(micros(percentile(b, 0.5))), p99 \(micros(percentile(b, 0.99)))")
        print(String(format: "  p50 ratio: %.3f", ratio))
    }

    task.cancel()
    emptyTask.cancel()
    await task.value
    await emptyTask.value
    await client.shutdown()
    await emptyClient.shutdown()
}

let args = CommandLine.arguments
switch args.dropFirst().first {
case "serve":
    try await serve(count: Int(args.dropFirst(2).first ?? "") ?? 100_000)
case "measure":
    guard args.count >= 4 else { fatalError("usage: measure URL EMPTY-URL") }
    try await measure(url: args[2], emptyURL: args[3])
default:
    FileHandle.standardError.write(Data("usage: kedaguard-cluster-bench serve N | measure URL EMPTY-URL\n".utf8))
    exit(2)
}
