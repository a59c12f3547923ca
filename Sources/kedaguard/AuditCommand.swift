import ArgumentParser
import Foundation
import KedaguardCluster
import KedaguardCore
import KedaguardLint

extension ClusterChecksPolicy: ExpressibleByArgument {}

struct AuditCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "audit",
        abstract: "Check the KEDA objects already in a cluster.",
        discussion: """
        Lists every ScaledObject, ScaledJob, (Cluster)TriggerAuthentication and (Cluster)CloudEventSource \
        and checks them with the rules `lint` and the webhook use, with conflicts, scale targets and \
        references read from the cluster. The cluster is found like kubectl finds it: --kubeconfig, \
        KUBECONFIG, the in-cluster service account, ~/.kube/config. Read access (get, list, watch) \
        to the resources in webhook-config/rbac.yaml is enough. Exit status as for lint: 0 clean, \
        1 findings at or above the threshold, 2 usage errors or a cluster that cannot be read.
        """
    )

    @Option(name: .long, help: "Kubeconfig file (default: KUBECONFIG, in-cluster, ~/.kube/config).")
    var kubeconfig: String?

    @Option(name: .long, help: "Kubeconfig context (default: its current-context).")
    var context: String?

    @Option(name: [.customShort("n"), .long], help: "Audit one namespace (default: the context's namespace, else default).")
    var namespace: String?

    @Flag(name: [.customShort("A"), .customLong("all-namespaces")], help: "Audit every namespace and the cluster-scoped KEDA objects.")
    var allNamespaces = false

    @Option(name: .long, help: "Output format: text, json, sarif, github or junit.")
    var format: OutputFormat = .text

    @Option(name: .customLong("keda-version"), help: "KEDA release to check against: \(KEDAVersion.supportedList) (default \(KEDAVersion.default)).")
    var kedaVersion: KEDAVersion?

    @Flag(name: .long, help: "Fail on warnings too.")
    var strict = false

    @Option(name: .customLong("cluster-checks"), help: "When cluster state cannot be read: warn (default) or strict (report an error).")
    var clusterChecks: ClusterChecksPolicy = .warn

    @Option(name: .long, help: "Configuration file (default: the nearest .kedaguard.yaml).")
    var config: String?

    @Flag(name: .customLong("insecure-skip-tls-verify"), help: "Accept a kubeconfig that turns off server certificate checks.")
    var insecureSkipTLSVerify = false

    @Option(name: .customLong("sync-timeout"), help: "Seconds to wait for the cluster cache to sync (default 60).")
    var syncTimeout: Int = 60

    @Option(name: .shortAndLong, help: "Write the report to this file instead of standard output.")
    var output: String?

    func validate() throws {
        if allNamespaces && namespace != nil {
            throw ValidationError("--namespace and --all-namespaces exclude each other")
        }
        if syncTimeout <= 0 { throw ValidationError("--sync-timeout must be a positive number of seconds") }
    }

    func run() async throws {
        let configuration = try loadLintConfiguration(explicitPath: config)

        let connection: ClusterConnection
        do {
            connection = try ClusterConnection.resolve(ConnectionOptions(kubeconfig: kubeconfig, context: context,
                                                                         allowInsecure: insecureSkipTLSVerify))
        } catch {
            printError("kedaguard audit: \(error)")
            throw ExitCode(2)
        }
        let scope: ClusterAudit.Scope = allNamespaces ? .allNamespaces : .namespace(namespace ?? connection.namespace ?? "default")
        let options = CheckOptions(kedaVersion: kedaVersion ?? configuration.kedaVersion ?? .default,
                                   defaultNamespace: scope == .allNamespaces ? "default" : (namespace ?? connection.namespace ?? "default"),
                                   clusterChecks: clusterChecks)
        let client: KubeClient
        do {
            client = try KubeClient(connection: connection)
        } catch {
            printError("kedaguard audit: \(error)")
            throw ExitCode(2)
        }
        let audit = ClusterAudit(client: client, engine: RuleEngine(configuration: configuration.rules), options: options,
                                 scope: scope, syncTimeout: .seconds(syncTimeout))
        let outcome: ClusterAudit.Outcome
        do {
            outcome = try await audit.run()
        } catch let error as KubeAPIError {
            await client.shutdown()
            if error.status?.code == 404 {
                printError("kedaguard audit: KEDA's CRDs are not installed in the cluster (\(connection.origin), \(connection.server)): \(error)")
            } else {
                printError("kedaguard audit: cannot read the cluster (\(connection.origin), \(connection.server)): \(error)")
            }
            throw ExitCode(2)
        }
        await client.shutdown()

        var report = LintReport()
        report.kedaVersion = options.kedaVersion
        report.subject = scope == .allNamespaces ? "the cluster (\(connection.origin))" : "namespace \(scope.namespaceName ?? "") (\(connection.origin))"
        for object in outcome.objects {
            report.objects.append(LintReport.CheckedObject(identity: object.identity, file: object.location, line: 0,
                                                           diagnostics: object.diagnostics))
            report.diagnostics += object.diagnostics
        }
        report.diagnostics.sort(by: Diagnostic.ordered)
        report.errors = outcome.problems.map { LintError(path: $0.resource, message: $0.message) }
        for status in outcome.cacheStatus where !status.synced {
            printError("kedaguard audit: warning: \(status)")
        }
        for error in report.errors where format != .text && format != .github {
            printError("kedaguard: \(error)")
        }
        try emit(format.reporter.render(report), to: output)
        let code = report.exitCode(strict: strict)
        if code != 0 { throw ExitCode(code) }
    }
}
