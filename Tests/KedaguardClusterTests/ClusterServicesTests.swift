import FakeKubeAPI
import Foundation
import KedaguardCluster
import KedaguardCore
import Testing

/// The bundle `serve` uses: built from flags, ready after sync, stops on cancellation.
struct ClusterServicesTests {
    @Test func runsUntilCancelledAndReportsReadiness() async throws {
        try await withTimeLimit {
            var options = FakeKubeAPI.Options()
            options.tokens = ["t"]
            let api = try FakeKubeAPI(options: options)
            try await api.start()
            api.apply(Objects.deployment("shop", "web"))
            api.apply(Objects.hpa("shop", "manual", target: "web"))
            api.apply(Objects.scaledObject("shop", "existing", target: "web"))
            let dir = FileManager.default.temporaryDirectory.appendingPathComponent("kedaguard-services-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
            let kubeconfig = dir.appendingPathComponent("config").path
            try KubeconfigTests.config(cluster: "server: \(api.url)", user: "token: t").write(toFile: kubeconfig, atomically: true, encoding: .utf8)

            let services = try ClusterServices(options: .init(connection: ConnectionOptions(kubeconfig: kubeconfig, environment: [:], homeDirectory: nil),
                                                              existingViolations: true))
            #expect(await services.readiness.readiness().isReady == false)
            let task = Task { await services.run() }
            try await eventually("ready") { await services.readiness.readiness().isReady }
            let so = KubeObject(node: Objects.scaledObject("shop", "orders", target: "web"))!
            let result = await RuleEngine().check(so, lookup: services.lookup, options: CheckOptions(defaultNamespace: "shop"))
            #expect(Set(result.diagnostics.map(\.ruleID)) == [ForeignHPAConflictRule.id, WorkloadOwnerConflictRule.id])
            // The ScaledObject already in the cluster conflicts with the HPA.
            try await eventually("violation counts") { services.violations?.counts == [ForeignHPAConflictRule.id: 1] }
            task.cancel()
            await task.value
            await api.stop()
        }
    }
}
