import CoreMetrics
import KedaguardCore
import Logging

/// Everything `kedaguard serve` needs from the cluster, built from its flags: the API client,
/// the watch cache, the lookup for the admission handler, readiness for /readyz, and
/// optionally the existing-violations gauges.
///
/// `run()` fits swift-service-lifecycle's `Service` (add `extension ClusterServices: Service {}`
/// where that package is imported): it keeps everything in step until cancelled, then closes
/// the connections.
public final class ClusterServices: Sendable {
    public struct Options: Sendable {
        public var connection: ConnectionOptions
        /// nil: the whole cluster; a namespace limits watches (and RBAC needs) to it.
        public var namespace: String?
        /// Operator opt-in: cache Secrets' key names (needs webhook-config/rbac-secrets.yaml).
        public var readSecrets: Bool
        /// Publish `kedaguard_existing_violations{rule=...}`.
        public var existingViolations: Bool
        /// Rules and options the violation counts use (the webhook's own).
        public var engine: RuleEngine
        public var checkOptions: CheckOptions
        /// Where the gauges go; nil: the process's bootstrapped `MetricsSystem`.
        public var metricsFactory: (any MetricsFactory)?

        public init(connection: ConnectionOptions = ConnectionOptions(), namespace: String? = nil, readSecrets: Bool = false,
                    existingViolations: Bool = false, engine: RuleEngine = RuleEngine(), checkOptions: CheckOptions = CheckOptions(),
                    metricsFactory: (any MetricsFactory)? = nil) {
            self.metricsFactory = metricsFactory
            self.connection = connection
            self.namespace = namespace
            self.readSecrets = readSecrets
            self.existingViolations = existingViolations
            self.engine = engine
            self.checkOptions = checkOptions
        }
    }

    public let client: KubeClient
    public let cache: ClusterCache
    /// Give this to the admission handler as its `ObjectLookup`.
    public let lookup: ClusterLookup
    public let violations: ExistingViolations?
    private let logger: Logger

    /// Resolves the connection (kubeconfig or in-cluster) and builds the pieces; nothing is
    /// contacted until `run()`.
    public init(options: Options, logger: Logger = Logger(label: "kedaguard.cluster")) throws {
        let connection = try ClusterConnection.resolve(options.connection)
        self.logger = logger
        self.client = try KubeClient(connection: connection)
        var resources = CachedResource.standard
        if options.readSecrets { resources.append(.secrets) }
        self.cache = ClusterCache(client: client, settings: ClusterCache.Settings(resources: resources, namespace: options.namespace),
                                  logger: logger)
        self.lookup = ClusterLookup(cache: cache)
        self.violations = options.existingViolations
            ? ExistingViolations(cache: cache, engine: options.engine, options: options.checkOptions,
                                 settings: ExistingViolations.Settings(namespace: options.namespace), factory: options.metricsFactory)
            : nil
        logger.info("cluster checks enabled", metadata: ["server": "\(connection.server)", "origin": "\(connection.origin)",
                                                         "namespace": "\(options.namespace ?? "all")"])
    }

    /// For /readyz: ready once the cache has finished its first sync.
    public var readiness: any ReadinessSource { cache }

    public func run() async {
        await withTaskGroup(of: Void.self) { group in
            group.addTask { await self.cache.run() }
            if let violations {
                group.addTask {
                    // Counting against a half-filled cache would only report gaps.
                    while !self.cache.isSynced {
                        do { try await Task.sleep(for: .milliseconds(200)) } catch { return }
                    }
                    await violations.run()
                }
            }
            await group.waitForAll()
        }
        await client.shutdown()
    }
}
