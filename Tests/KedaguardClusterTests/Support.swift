import FakeKubeAPI
import Foundation
import KedaguardCluster
import KedaguardCore
import Testing

struct TimeLimitExceeded: Error, CustomStringConvertible {
    let seconds: Int
    var description: String { "the test did not finish within \(seconds)s" }
}

/// Runs `body`, failing if it takes longer than `seconds`: no test can hang the suite. The
/// work is not awaited after the limit (a task stuck on I/O may not honour cancellation).
func withTimeLimit<T: Sendable>(_ seconds: Int = 30, _ body: @escaping @Sendable () async throws -> T) async throws -> T {
    let gate = ResumeOnce<T>()
    return try await withCheckedThrowingContinuation { continuation in
        gate.set(continuation)
        let work = Task {
            do { gate.resume(.success(try await body())) } catch { gate.resume(.failure(error)) }
        }
        Task {
            try? await Task.sleep(for: .seconds(seconds))
            if gate.resume(.failure(TimeLimitExceeded(seconds: seconds))) { work.cancel() }
        }
    }
}

final class ResumeOnce<T: Sendable>: @unchecked Sendable {
    private let lock = NSLock()
    private var continuation: CheckedContinuation<T, any Error>?

    func set(_ c: CheckedContinuation<T, any Error>) {
        lock.withLock { continuation = c }
    }

    @discardableResult
    func resume(_ result: Result<T, any Error>) -> Bool {
        let c = lock.withLock { () -> CheckedContinuation<T, any Error>? in
            defer { continuation = nil }
            return continuation
        }
        c?.resume(with: result)
        return c != nil
    }
}

/// Polls until `condition` holds; fails (throws) after `seconds`. For state that arrives
/// asynchronously (watch events), never for timing assertions.
func eventually(_ what: String, within seconds: Int = 10, _ condition: @Sendable () async throws -> Bool) async throws {
    let deadline = ContinuousClock.now + .seconds(seconds)
    while ContinuousClock.now < deadline {
        if try await condition() { return }
        try await Task.sleep(for: .milliseconds(20))
    }
    Issue.record("timed out waiting for: \(what)")
    throw TimeLimitExceeded(seconds: seconds)
}

/// Test objects in the shape the API returns them.
enum Objects {
    static func parse(_ yaml: String) -> Node {
        YAMLParser.parse(yaml).documents[0].root!
    }

    static func deployment(_ ns: String, _ name: String, cpuRequest: String? = "100m", env: [String] = []) -> Node {
        let resources = cpuRequest.map { "resources: {requests: {cpu: \"\($0)\"}}" } ?? "resources: {}"
        let envBlock = env.isEmpty ? "" : "\n              env: [\(env.map { "{name: \($0), value: x}" }.joined(separator: ", "))]"
        return parse("""
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: \(name), namespace: \(ns)}
        spec:
          template:
            spec:
              containers:
                - name: app
                  image: example/app:1
                  \(resources)\(envBlock)
        """)
    }

    static func hpa(_ ns: String, _ name: String, target: String, kind: String = "Deployment", ownerSO: String? = nil,
                    ownershipAnnotation: String? = nil) -> Node {
        let owner = ownerSO.map { "\n  ownerReferences: [{apiVersion: keda.sh/v1alpha1, kind: ScaledObject, name: \($0), uid: u1}]" } ?? ""
        let ann = ownershipAnnotation.map { "\n  annotations: {validations.keda.sh/hpa-ownership: \"\($0)\"}" } ?? ""
        return parse("""
        apiVersion: autoscaling/v2
        kind: HorizontalPodAutoscaler
        metadata:
          name: \(name)
          namespace: \(ns)\(owner)\(ann)
        spec:
          scaleTargetRef: {apiVersion: apps/v1, kind: \(kind), name: \(target)}
          minReplicas: 1
          maxReplicas: 5
        """)
    }

    static func scaledObject(_ ns: String, _ name: String, target: String, hpaName: String? = nil, cpu: Bool = false) -> Node {
        let advanced = hpaName.map { "\n  advanced: {horizontalPodAutoscalerConfig: {name: \($0)}}" } ?? ""
        let trigger = cpu
            ? "- type: cpu\n      metricType: Utilization\n      metadata: {value: \"60\"}"
            : "- type: cron\n      metadata: {timezone: UTC, start: 0 8 * * *, end: 0 18 * * *, desiredReplicas: \"3\"}"
        return parse("""
        apiVersion: keda.sh/v1alpha1
        kind: ScaledObject
        metadata: {name: \(name), namespace: \(ns)}
        spec:
          scaleTargetRef: {name: \(target)}
          minReplicaCount: 1\(advanced)
          triggers:
            \(trigger)
        """)
    }

    static func triggerAuthentication(_ ns: String, _ name: String, parameters: [String]) -> Node {
        parse("""
        apiVersion: keda.sh/v1alpha1
        kind: TriggerAuthentication
        metadata: {name: \(name), namespace: \(ns)}
        spec:
          secretTargetRef: [\(parameters.map { "{parameter: \($0), name: s, key: \($0)}" }.joined(separator: ", "))]
        """)
    }

    static func limitRange(_ ns: String, _ name: String, defaultCPU: String) -> Node {
        parse("""
        apiVersion: v1
        kind: LimitRange
        metadata: {name: \(name), namespace: \(ns)}
        spec:
          limits: [{type: Container, defaultRequest: {cpu: "\(defaultCPU)"}}]
        """)
    }
}

/// A fake API server and a cache connected to it; torn down by `stop()`.
final class Harness: @unchecked Sendable {
    let api: FakeKubeAPI
    let client: KubeClient
    let cache: ClusterCache
    private var task: Task<Void, Never>?

    static let token = "test-token"

    /// Fast timings so retries happen within a test's time.
    static let fast = ReflectorSettings(pageSize: 2, watchTimeoutSeconds: 30...30,
                                        backoffInitial: .milliseconds(20), backoffMax: .milliseconds(200))

    init(options: FakeKubeAPI.Options = Harness.defaultOptions, settings: ClusterCache.Settings? = nil,
         connection: ((FakeKubeAPI) throws -> ClusterConnection)? = nil) async throws {
        api = try FakeKubeAPI(options: options)
        try await api.start()
        let conn = try connection?(api) ?? ClusterConnection(server: URL(string: api.url)!, credentials: .bearer(TokenSource(.fixed(Self.token))),
                                                             origin: "test")
        client = try KubeClient(connection: conn, requestTimeout: .seconds(10), watchIdleTimeout: .seconds(60))
        cache = ClusterCache(client: client, settings: settings ?? ClusterCache.Settings(reflector: Self.fast, staleAfter: .milliseconds(300)))
    }

    static var defaultOptions: FakeKubeAPI.Options {
        var o = FakeKubeAPI.Options()
        o.tokens = [token]
        return o
    }

    func start() {
        let cache = self.cache
        task = Task { await cache.run() }
    }

    /// Starts, waits for the first lists and for every watch to be open on the server (so
    /// bookmarks and drops reach them).
    func startAndSync() async throws {
        start()
        let synced = await cache.waitUntilSynced(timeout: .seconds(10))
        #expect(synced, "cache did not sync: \(cache.status)")
        let api = self.api, expected = cache.resources.count
        try await eventually("every watch is open") { api.openWatches == expected }
    }

    func stop() async {
        task?.cancel()
        await task?.value
        // Server first: a TLS client waits for close_notify answers from a live server.
        await api.stop()
        await client.shutdown()
    }

    var lookup: ClusterLookup { ClusterLookup(cache: cache) }
}
