import ArgumentParser
import Foundation
import KedaguardCluster
import KedaguardCore
import KedaguardServer
import Logging

struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Run the validating and mutating admission webhook.",
        discussion: """
        Serves POST /validate and /mutate (and per-kind paths such as \
        /validate-keda-sh-v1alpha1-scaledobject) over TLS, metrics on --metrics-bind-address and \
        /healthz, /readyz on --health-probe-bind-address. SIGTERM stops accepting connections, \
        finishes in-flight requests and exits 0. See docs/webhook.md.
        """
    )

    enum LogFormat: String, ExpressibleByArgument, CaseIterable {
        case text, json
    }

    @Option(name: .long, help: "Admission (TLS) port.")
    var port: Int = 9443

    @Option(name: .long, help: "Admission listen host.")
    var host: String = "0.0.0.0"

    @Option(name: .customLong("cert-dir"), help: "Directory with tls.crt and tls.key (default: <tmp>/k8s-webhook-server/serving-certs). Watched for changes.")
    var certDir: String?

    @Option(name: .customLong("metrics-bind-address"), help: "Prometheus metrics address (plain HTTP); 0 disables.")
    var metricsBindAddress: String = ":8080"

    @Option(name: .customLong("health-probe-bind-address"), help: "Address for /healthz and /readyz (plain HTTP); 0 disables.")
    var healthProbeBindAddress: String = ":8081"

    @Option(name: .customLong("keda-version"), help: "KEDA release to check against: \(KEDAVersion.supportedList) (default \(KEDAVersion.default)).")
    var kedaVersion: KEDAVersion?

    @Option(name: .long, help: "Configuration file (.kedaguard.yaml format: rules, kedaVersion, webhook settings).")
    var config: String?

    @Option(name: .long, help: "deny, or warn to admit everything and send errors back as warnings (for rolling out); overrides webhook.enforcement in --config.")
    var enforcement: Enforcement?

    @Option(name: .customLong("log-format"), help: "text or json.")
    var logFormat: LogFormat = .text

    @Option(name: .customLong("log-level"), help: "trace, debug, info, notice, warning, error or critical. Admitted requests are logged at debug.")
    var logLevel: String = "info"

    @Flag(name: .customLong("enable-http2"), help: "Also offer HTTP/2 through ALPN (kube-apiserver uses HTTP/1.1; see docs/webhook.md).")
    var enableHTTP2 = false

    @Flag(name: .customLong("self-signed"), help: "Serve a throwaway certificate from a throwaway CA made in memory; the CA is written to a file whose path is printed.")
    var selfSigned = false

    @Option(name: .customLong("self-signed-host"), help: "Extra DNS name for the --self-signed certificate (repeatable), e.g. kedaguard.kedaguard.svc.")
    var selfSignedHosts: [String] = []

    @Option(name: .customLong("cert-reload-interval"), help: "Seconds between checks of --cert-dir for a renewed pair.")
    var certReloadInterval: Int = 10

    @Option(name: .customLong("read-timeout"), help: "Seconds a client may take to send one request (head and body).")
    var readTimeout: Int = 10

    @Option(name: .customLong("idle-timeout"), help: "Seconds an idle keep-alive connection is kept open.")
    var idleTimeout: Int = 120

    @Flag(name: .customLong("cluster-state"), help: "Check against the live cluster (HPAs and ScaledObjects on the same workload, the target's containers, LimitRanges, TriggerAuthentications) through a watch cache; in-cluster config unless --kubeconfig is given.")
    var clusterState = false

    @Option(name: .long, help: "Kubeconfig for --cluster-state (implies it); default: in-cluster, then KUBECONFIG, then ~/.kube/config.")
    var kubeconfig: String?

    @Option(name: .long, help: "Kubeconfig context (default: its current-context).")
    var context: String?

    @Flag(name: .customLong("insecure-skip-tls-verify"), help: "Accept a kubeconfig that turns off the API server's certificate check.")
    var insecureSkipTLSVerify = false

    @Option(name: .customLong("cluster-checks"), help: "When cluster state cannot be read (cache not synced, API unreachable): warn (admit, naming what was not checked) or strict (deny).")
    var clusterChecks: ClusterChecksPolicy = .warn

    @Option(name: .customLong("watch-namespace"), help: "Cache only this namespace (default: the whole cluster).")
    var watchNamespace: String?

    @Flag(name: .customLong("read-secrets"), help: "Also cache Secrets' key names, so secretTargetRef keys can be checked (needs the secret-read-access RBAC component).")
    var readSecrets = false

    @Flag(name: .customLong("existing-violations"), help: "Publish kedaguard_existing_violations{rule} for the KEDA objects already in the cluster.")
    var existingViolations = false

    @Option(name: .customLong("shutdown-delay"), help: "Seconds to keep serving after SIGTERM with readiness off, closing each connection after its next answer, before the listener stops (counts toward the 25 s shutdown limit).")
    var shutdownDelay: Int = 0

    func run() async throws {
        guard let level = Logger.Level(rawValue: logLevel.lowercased()) else {
            printError("kedaguard: --log-level must be one of \(Logger.Level.allCases.map(\.rawValue).joined(separator: ", "))")
            throw ExitCode(2)
        }
        let format = logFormat
        LoggingSystem.bootstrap { label in
            var handler: any LogHandler = format == .json ? JSONLogHandler(label: label) : StreamLogHandler.standardError(label: label)
            handler.logLevel = level
            return handler
        }
        var logger = Logger(label: "kedaguard")
        logger.logLevel = level

        let settings: ServerSettings
        let metricsAddress: ListenAddress?
        let healthAddress: ListenAddress?
        do {
            settings = try ServerSettings.load(configPath: config, kedaVersion: kedaVersion, enforcement: enforcement)
            metricsAddress = try ListenAddress.parse(metricsBindAddress)
            healthAddress = try ListenAddress.parse(healthProbeBindAddress)
        } catch {
            printError("kedaguard: \(error)")
            throw ExitCode(2)
        }
        guard (0...65535).contains(port), certReloadInterval > 0, readTimeout > 0, idleTimeout > 0 else {
            printError("kedaguard: --port must be 0-65535 and the intervals and timeouts positive")
            throw ExitCode(2)
        }

        let store: CertificateStore
        var files: CertificateFiles?
        if selfSigned {
            do {
                let generated = try SelfSignedCertificates.generate(dnsNames: ["localhost"] + selfSignedHosts)
                store = CertificateStore(try generated.pair())
                let caPath = try writeCA(generated.caPEM)
                FileHandle.standardOutput.write(Data("kedaguard: serving a self-signed certificate; CA written to \(caPath)\n".utf8))
                logger.info("self-signed certificate generated", metadata: ["ca": .string(caPath)])
            } catch {
                printError("kedaguard: cannot create a self-signed certificate: \(error)")
                throw ExitCode(1)
            }
        } else {
            let dir = certDir ?? (NSTemporaryDirectory() as NSString).appendingPathComponent("k8s-webhook-server/serving-certs")
            let certFiles = CertificateFiles(directory: dir)
            do {
                store = CertificateStore(try certFiles.load())
            } catch {
                printError("kedaguard: cannot load the serving certificate from \(dir) (tls.crt, tls.key): \(error); use --cert-dir or --self-signed")
                throw ExitCode(1)
            }
            files = certFiles
        }

        let configuration = WebhookServerConfiguration(
            address: ListenAddress(host: host, port: port),
            metricsAddress: metricsAddress, healthAddress: healthAddress, enableHTTP2: enableHTTP2,
            limits: ConnectionLimits(requestReadTimeout: .seconds(readTimeout), idleTimeout: .seconds(idleTimeout),
                                     hardBodyLimit: settings.admission.maxBodyBytes + 1024 * 1024),
            certificateFiles: files, certificateReloadInterval: .seconds(certReloadInterval),
            shutdownDelay: .seconds(shutdownDelay))
        let metrics = WebhookMetrics()
        var handler = settings.makeHandler()
        var background: [WebhookServer.BackgroundTask] = []
        var readinessSources: [any ReadinessSource] = []
        if clusterState || kubeconfig != nil {
            var checkOptions = settings.options
            checkOptions.clusterChecks = clusterChecks
            let cluster: ClusterServices
            do {
                cluster = try ClusterServices(options: ClusterServices.Options(
                    connection: ConnectionOptions(kubeconfig: kubeconfig, context: context, allowInsecure: insecureSkipTLSVerify),
                    namespace: watchNamespace, readSecrets: readSecrets, existingViolations: existingViolations,
                    engine: handler.engine, checkOptions: checkOptions, metricsFactory: metrics.metricsFactory),
                    logger: logger)
            } catch {
                printError("kedaguard: cannot use the cluster: \(error)")
                throw ExitCode(2)
            }
            handler = AdmissionHandler(engine: handler.engine, options: checkOptions, settings: handler.settings, lookup: cluster.lookup)
            background.append(WebhookServer.BackgroundTask(name: "cluster cache") { await cluster.run() })
            readinessSources.append(cluster.readiness)
        } else if existingViolations || readSecrets || watchNamespace != nil {
            printError("kedaguard: --existing-violations, --read-secrets and --watch-namespace need --cluster-state")
            throw ExitCode(2)
        }
        let server = WebhookServer(configuration: configuration, handler: handler, certificates: store, metrics: metrics,
                                   logger: logger, background: background, readinessSources: readinessSources)
        logger.info("starting", metadata: [
            "version": .string(KedaguardVersion.current), "keda_version": .string(settings.options.kedaVersion.rawValue),
            "rules": .stringConvertible(server.handler.engine.rules.count),
            "failure_policy": .string(settings.admission.failurePolicy.rawValue),
            "enforcement": .string(settings.admission.enforcement.rawValue),
            "event_loop_executor": .stringConvertible(eventLoopsRunConcurrency),
            "defaults": .array(settings.admission.defaults.sorted().map { .string($0.rawValue) }),
            "cluster_state": .stringConvertible(!background.isEmpty),
        ])
        if !eventLoopsRunConcurrency {
            logger.warning("NIO's event loops could not be made Swift concurrency's global executor, so request handlers hop between threads (more CPU per request)")
        }
        do {
            try await server.run()
        } catch {
            logger.error("server stopped with an error", metadata: ["error": .string("\(error)")])
            throw ExitCode(1)
        }
        logger.info("stopped")
    }

    /// The CA goes next to --cert-dir when one is given, else into a fresh temporary directory.
    private func writeCA(_ pem: String) throws -> String {
        let dir: String
        if let certDir {
            dir = certDir
        } else {
            dir = (NSTemporaryDirectory() as NSString).appendingPathComponent("kedaguard-\(ProcessInfo.processInfo.processIdentifier)")
        }
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        let path = (dir as NSString).appendingPathComponent("ca.crt")
        try Data(pem.utf8).write(to: URL(fileURLWithPath: path))
        return path
    }
}
