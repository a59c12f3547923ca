import FakeKubeAPI
import Foundation
import KedaguardCore
import Testing

/// `kedaguard audit` end to end: the real binary against the fake API server, through a
/// kubeconfig file written here.
@Suite(.serialized) struct AuditCommandTests {
    /// Two Deployments and a manual HPA in namespace shop, shared with the serve tests.
    static let workloads = try! String(contentsOf: Binary.repo.appendingPathComponent("testdata/cluster/shop-workloads.yaml"),
                                       encoding: .utf8)

    /// The KEDA objects audited: on those workloads, and a clean one elsewhere.
    static let objects = """
    apiVersion: keda.sh/v1alpha1
    kind: ScaledObject
    metadata: {name: orders, namespace: shop}
    spec:
      scaleTargetRef: {name: web}
      minReplicaCount: 1
      triggers:
        - type: cpu
          metricType: Utilization
          metadata: {value: "60"}
    ---
    apiVersion: keda.sh/v1alpha1
    kind: ScaledObject
    metadata: {name: api, namespace: shop}
    spec:
      scaleTargetRef: {name: api}
      minReplicaCount: 1
      triggers:
        - type: cpu
          metricType: Utilization
          metadata: {value: "60"}
    ---
    apiVersion: keda.sh/v1alpha1
    kind: TriggerAuthentication
    metadata: {name: creds, namespace: shop}
    spec:
      secretTargetRef: [{parameter: password, name: s, key: p}]
    ---
    apiVersion: apps/v1
    kind: Deployment
    metadata: {name: worker, namespace: quiet}
    spec:
      template:
        spec:
          containers: [{name: worker, image: worker:1}]
    ---
    apiVersion: keda.sh/v1alpha1
    kind: ScaledObject
    metadata: {name: clean, namespace: quiet}
    spec:
      scaleTargetRef: {name: worker}
      minReplicaCount: 1
      triggers:
        - type: cron
          metadata: {timezone: UTC, start: 0 8 * * *, end: 0 18 * * *, desiredReplicas: "3"}
    ---
    apiVersion: keda.sh/v1alpha1
    kind: ClusterTriggerAuthentication
    metadata: {name: shared}
    spec:
      env: [{parameter: host, name: HOST}]
    """

    static let token = "audit-token"

    func withCluster(_ body: (FakeKubeAPI, _ kubeconfig: String) throws -> Void) async throws {
        var options = FakeKubeAPI.Options()
        options.tokens = [Self.token]
        options.tls = true
        let api = try FakeKubeAPI(options: options)
        try await api.start()
        api.apply(yaml: Self.workloads)
        api.apply(yaml: Self.objects)
        let dir = try Binary.temporaryDirectory()
        let kubeconfig = dir.appendingPathComponent("kubeconfig").path
        try api.kubeconfig(token: Self.token, namespace: "shop", context: "test").write(toFile: kubeconfig, atomically: true, encoding: .utf8)
        defer { Task { await api.stop() } }
        try body(api, kubeconfig)
        await api.stop()
    }

    @Test func namespaceAuditReportsClusterConflictsAsJSON() async throws {
        try await withCluster { _, kubeconfig in
            let r = try Binary.run(["audit", "--kubeconfig", kubeconfig, "--format", "json"], timeout: 60)
            #expect(r.status == 1, "\(r.stdout)\(r.stderr)")
            let root = try #require(JSONParser.parse(r.stdout).documents.first?.root)
            #expect(root["summary"]?["objects"]?.intValue == 3)
            let diagnostics = root["diagnostics"]?.sequenceValue ?? []
            let found = Set(diagnostics.compactMap { d -> String? in
                guard let id = d["ruleId"]?.stringValue, let file = d["file"]?.stringValue else { return nil }
                return "\(file) \(id)"
            })
            #expect(found.contains("shop/ScaledObject/orders scaledobject-hpa-conflict"), "\(found)")
            #expect(found.contains("shop/ScaledObject/orders scaledobject-cpu-memory-requests"), "\(found)")
            #expect(!found.contains { $0.hasPrefix("shop/ScaledObject/api ") && $0.hasSuffix("-conflict") })
            #expect(!found.contains { $0.contains("cluster-state-unavailable") }, "\(found)")
            #expect(!found.contains { $0.hasPrefix("quiet/") }, "other namespaces are not audited")
        }
    }

    @Test func allNamespacesTextAndExitCodes() async throws {
        try await withCluster { _, kubeconfig in
            let r = try Binary.run(["audit", "--kubeconfig", kubeconfig, "-A"], timeout: 60)
            #expect(r.status == 1)
            #expect(r.stdout.contains("shop/ScaledObject/orders: error:"), "\(r.stdout)")
            #expect(r.stdout.contains("KEDA objects of the cluster (context test)"), "\(r.stdout)")
            #expect(r.stdout.contains("in 5 KEDA objects"), "\(r.stdout)")
            let quiet = try Binary.run(["audit", "--kubeconfig", kubeconfig, "--namespace", "quiet"], timeout: 60)
            #expect(quiet.status == 0, "\(quiet.stdout)\(quiet.stderr)")
            for format in ["sarif", "junit"] {
                let out = try Binary.run(["audit", "--kubeconfig", kubeconfig, "-n", "shop", "--format", format], timeout: 60)
                #expect(out.status == 1)
                #expect(out.stdout.contains("shop/ScaledObject/orders"), "\(format): \(out.stdout)")
            }
        }
    }

    @Test func unreachableClusterIsExitTwo() async throws {
        try await withCluster { api, kubeconfig in
            let broken = try String(contentsOfFile: kubeconfig, encoding: .utf8).replacingOccurrences(of: Self.token, with: "wrong")
            let path = kubeconfig + ".wrong"
            try broken.write(toFile: path, atomically: true, encoding: .utf8)
            let r = try Binary.run(["audit", "--kubeconfig", path], timeout: 60)
            #expect(r.status == 2)
            #expect(r.stderr.contains("cannot read the cluster"), "\(r.stderr)")
            #expect(r.stderr.contains("401"), "\(r.stderr)")
            let missing = try Binary.run(["audit", "--kubeconfig", "/nonexistent/kubeconfig"], timeout: 60)
            #expect(missing.status == 2)
            #expect(missing.stderr.contains("does not exist"))
            let both = try Binary.run(["audit", "-A", "-n", "x", "--kubeconfig", kubeconfig], timeout: 60)
            #expect(both.status == 2)
        }
    }
}
