import CConcurrencyHook
import NIOConcurrencyHelpers
import Foundation
import Hummingbird
import KedaguardCore
import Logging
import NIOCore
import NIOPosix
import ServiceLifecycle
import UnixSignals
import HummingbirdCore

/// Everything `kedaguard serve` listens with.
public struct WebhookServerConfiguration: Sendable {
    /// The admission listener (TLS). Port 0 picks a free port (tests).
    public var address: ListenAddress
    /// Plain-HTTP Prometheus metrics; nil switches the listener off.
    public var metricsAddress: ListenAddress?
    /// Plain-HTTP /healthz and /readyz; nil switches the listener off.
    public var healthAddress: ListenAddress?
    /// Offer HTTP/2 through ALPN. Off by default: kube-apiserver only speaks HTTP/1.1 to webhooks.
    public var enableHTTP2: Bool
    public var limits: ConnectionLimits
    /// Where tls.crt and tls.key live, watched for changes; nil with a fixed in-memory pair.
    public var certificateFiles: CertificateFiles?
    public var certificateReloadInterval: Duration
    /// Upper bound on shutting down after SIGTERM: the drain delay and finishing in-flight requests.
    public var shutdownGracePeriod: Duration
    /// After SIGTERM, keep serving this long with readiness off, answering every request with
    /// `Connection: close` and closing the connection after it, before the listener stops. Gives
    /// Kubernetes time to take the pod out of the Service's endpoints and lets clients close
    /// their keep-alive connections themselves, so none sends a request into a connection the
    /// server is closing.
    public var shutdownDelay: Duration

    public init(address: ListenAddress = ListenAddress(host: "0.0.0.0", port: 9443),
                metricsAddress: ListenAddress? = ListenAddress(host: "0.0.0.0", port: 8080),
                healthAddress: ListenAddress? = ListenAddress(host: "0.0.0.0", port: 8081),
                enableHTTP2: Bool = false, limits: ConnectionLimits = ConnectionLimits(),
                certificateFiles: CertificateFiles? = nil, certificateReloadInterval: Duration = .seconds(10),
                shutdownGracePeriod: Duration = .seconds(25), shutdownDelay: Duration = .zero) {
        self.address = address
        self.metricsAddress = metricsAddress
        self.healthAddress = healthAddress
        self.enableHTTP2 = enableHTTP2
        self.limits = limits
        self.certificateFiles = certificateFiles
        self.certificateReloadInterval = certificateReloadInterval
        self.shutdownGracePeriod = shutdownGracePeriod
        self.shutdownDelay = shutdownDelay
    }
}

/// The admission webhook: the TLS listener plus metrics and probes, run as one service group
/// that shuts down gracefully on SIGTERM (readiness off, stop accepting, finish in-flight
/// requests, then exit).
public final class WebhookServer: Sendable {
    public struct BoundPorts: Sendable {
        public var admission: Int
        public var metrics: Int?
        public var health: Int?
    }

    public let configuration: WebhookServerConfiguration
    public let handler: AdmissionHandler
    public let certificates: CertificateStore
    public let metrics: WebhookMetrics
    public let readiness = Readiness()
    private let logger: Logger
    private let ports = PortBox()

    /// Work that runs beside the listeners for the server's lifetime (the cluster cache), and
    /// what /readyz waits for besides the server itself (the cache's first sync).
    private let background: [BackgroundTask]
    private let readinessSources: [any ReadinessSource]

    public struct BackgroundTask: Sendable {
        public var name: String
        /// Runs until cancelled; cancelled once the listeners have shut down.
        public var run: @Sendable () async -> Void

        public init(name: String, run: @escaping @Sendable () async -> Void) {
            self.name = name
            self.run = run
        }
    }

    public init(configuration: WebhookServerConfiguration, handler: AdmissionHandler, certificates: CertificateStore,
                metrics: WebhookMetrics = WebhookMetrics(), logger: Logger,
                background: [BackgroundTask] = [], readinessSources: [any ReadinessSource] = []) {
        self.configuration = configuration
        self.handler = handler
        self.certificates = certificates
        self.metrics = metrics
        self.logger = logger
        self.background = background
        self.readinessSources = readinessSources
        metrics.certificateLoaded(notValidAfter: certificates.pair.notValidAfter)
        handler.loadTables()
        readiness.update { $0.rulesLoaded = !handler.engine.rules.isEmpty }
    }

    /// Makes NIO's event loops Swift Concurrency's global executor, so request handling does not
    /// hop between NIO's threads and the concurrency pool for every request (measured: about a
    /// third less CPU per request at 1,000 requests/s). Call once, first thing in the process.
    @discardableResult
    public static func installEventLoopsAsGlobalExecutor() -> Bool {
        if NIOSingletons.unsafeTryInstallSingletonPosixEventLoopGroupAsConcurrencyGlobalExecutor() { return true }
        return installEnqueueHookByReference()
    }

    #if compiler(<6.6)
    /// The runtime's hook type: the job, and the enqueue it replaces.
    private typealias EnqueueGlobalHook = @convention(thin) (UnownedJob, @convention(thin) (UnownedJob) -> Void) -> Void

    /// What NIO installs, for the binary NIO cannot install it in: NIO finds the hook with dlsym,
    /// and the image's binary exports no symbols (scripts/build-release.sh), so NIO gives up.
    /// The same hook, reached by a direct reference: every job goes to one of NIO's event loops,
    /// the current one when called from one.
    private static func installEnqueueHookByReference() -> Bool {
        let hook: EnqueueGlobalHook = { job, _ in
            MultiThreadedEventLoopGroup.singleton.any().executor.enqueue(ExecutorJob(job))
        }
        return kedaguard_install_global_enqueue_hook(unsafeBitCast(hook, to: UnsafeRawPointer.self))
    }
    #else
    private static func installEnqueueHookByReference() -> Bool { false }
    #endif

    /// Runs until SIGTERM or SIGINT (graceful) or until the task is cancelled.
    public func run(signals: [UnixSignal] = [.sigterm, .sigint]) async throws {
        let group = try makeServiceGroup(signals: signals)
        try await group.run()
    }

    /// The service group, for callers that trigger shutdown themselves (tests).
    public func makeServiceGroup(signals: [UnixSignal] = []) throws -> ServiceGroup {
        // Background work is listed first, so it stops last: requests in flight while the
        // listeners drain can still use the cache.
        var services: [ServiceGroupConfiguration.ServiceConfiguration] = background.map {
            .init(service: BackgroundService(task: $0, logger: logger))
        }
        if let address = configuration.metricsAddress {
            services.append(.init(service: plainApplication(MetricsResponder(metrics: metrics), address, name: "metrics") { [ports] in
                ports.set(metrics: $0)
            }))
        }
        if let address = configuration.healthAddress {
            services.append(.init(service: plainApplication(HealthResponder(readiness: readiness, sources: readinessSources), address, name: "health") { [ports] in
                ports.set(health: $0)
            }))
        }
        if let files = configuration.certificateFiles {
            services.append(.init(service: CertificateWatcher(files: files, store: certificates, interval: configuration.certificateReloadInterval,
                                                             metrics: metrics, logger: logger)))
        }
        services.append(.init(service: try admissionApplication()))
        // Listed last, so shut down first: readiness goes off before the listener stops.
        services.append(.init(service: ShutdownMarker(readiness: readiness, delay: configuration.shutdownDelay, logger: logger)))

        var config = ServiceGroupConfiguration(services: services, gracefulShutdownSignals: signals, logger: logger)
        config.maximumGracefulShutdownDuration = configuration.shutdownGracePeriod
        return ServiceGroup(configuration: config)
    }

    /// Waits until the listeners are bound and returns their ports (port 0 picks free ones).
    public func boundPorts() async -> BoundPorts {
        while true {
            if let p = ports.complete(expectMetrics: configuration.metricsAddress != nil, expectHealth: configuration.healthAddress != nil) {
                return p
            }
            try? await Task.sleep(for: .milliseconds(10))
            if Task.isCancelled { return BoundPorts(admission: 0) }
        }
    }

    private func admissionApplication() throws -> any Service {
        let responder = AdmissionResponder(handler: handler, metrics: metrics, readiness: readiness, logger: logger)
        let channel = try AdmissionChannel(responder: responder, certificates: certificates,
                                           limits: configuration.limits, enableHTTP2: configuration.enableHTTP2)
        let address = configuration.address, http2 = configuration.enableHTTP2
        var serverLogger = logger
        serverLogger[metadataKey: "listener"] = "admission"
        return channel.server(
            configuration: ServerConfiguration(address: .hostname(address.host, port: address.port)),
            onServerRunning: { [ports, readiness, logger] channel in
                let port = channel.localAddress?.port ?? address.port
                ports.set(admission: port)
                readiness.update { $0.listening = true }
                logger.info("admission webhook serving", metadata: [
                    "address": .string("\(ListenAddress(host: address.host, port: port))"), "http2": .stringConvertible(http2),
                ])
            },
            eventLoopGroup: MultiThreadedEventLoopGroup.singleton, logger: serverLogger)
    }

    private func plainApplication<R: HTTPResponder>(_ responder: R, _ address: ListenAddress, name: String,
                                                    bound: @escaping @Sendable (Int) -> Void) -> some Service
        where R.Context == BasicRequestContext {
        var hbLogger = logger
        hbLogger[metadataKey: "listener"] = .string(name)
        return Application(
            responder: responder,
            server: .http1(configuration: .init(idleTimeout: .seconds(60))),
            configuration: ApplicationConfiguration(address: .hostname(address.host, port: address.port), serverName: nil),
            onServerRunning: { [logger] channel in
                let port = channel.localAddress?.port ?? address.port
                bound(port)
                logger.info("\(name) endpoint serving", metadata: ["address": .string("\(ListenAddress(host: address.host, port: port))")])
            },
            logger: hbLogger)
    }
}

/// Runs a background task until graceful shutdown reaches it, then cancels it.
private struct BackgroundService: Service {
    let task: WebhookServer.BackgroundTask
    let logger: Logger

    func run() async throws {
        logger.info("\(task.name) started")
        await cancelWhenGracefulShutdown { await task.run() }
        logger.info("\(task.name) stopped")
    }
}

/// Marks the server not ready as soon as graceful shutdown starts, then holds the shutdown of
/// the listeners (services listed before it stop after it returns) for the drain delay.
private struct ShutdownMarker: Service {
    let readiness: Readiness
    let delay: Duration
    let logger: Logger

    func run() async throws {
        try? await gracefulShutdown()
        readiness.update { $0.shuttingDown = true }
        if delay > .zero {
            logger.info("shutting down: no longer ready, draining connections", metadata: ["delay_s": .stringConvertible(delay.components.seconds)])
            try? await Task.sleep(for: delay)
        }
        logger.info("shutting down: closing the listener, finishing in-flight requests")
    }
}

private final class PortBox: Sendable {
    private let box = NIOLockedValueBox<(admission: Int?, metrics: Int?, health: Int?)>((nil, nil, nil))

    func set(admission: Int) { box.withLockedValue { $0.admission = admission } }
    func set(metrics: Int) { box.withLockedValue { $0.metrics = metrics } }
    func set(health: Int) { box.withLockedValue { $0.health = health } }

    func complete(expectMetrics: Bool, expectHealth: Bool) -> WebhookServer.BoundPorts? {
        box.withLockedValue { v in
            guard let a = v.admission, !expectMetrics || v.metrics != nil, !expectHealth || v.health != nil else { return nil }
            return WebhookServer.BoundPorts(admission: a, metrics: v.metrics, health: v.health)
        }
    }
}
