import AsyncHTTPClient
import FakeKubeAPI
import Foundation
import KedaguardCore
import Testing

/// `kedaguard serve --kubeconfig`: the real binary, its watch cache filled from the fake API
/// server, denying what only the cluster can tell (a manual HPA on the workload, containers
/// without cpu requests) and allowing what is fine.
@Suite("serve with cluster state")
struct ClusterStateServeTests {
    /// Two Deployments and a manual HPA in namespace shop.
    static let cluster = try! String(contentsOf: testdata("cluster/shop-workloads.yaml"), encoding: .utf8)

    static func scaledObject(name: String, target: String) -> String {
        #"{"apiVersion":"keda.sh/v1alpha1","kind":"ScaledObject","metadata":{"name":"\#(name)","namespace":"shop"},"spec":{"scaleTargetRef":{"name":"\#(target)"},"minReplicaCount":1,"triggers":[{"type":"cpu","metricType":"Utilization","metadata":{"value":"60"}}]}}"#
    }

    static func review(_ object: String, uid: String) -> [UInt8] {
        Array("""
        {"apiVersion":"admission.k8s.io/v1","kind":"AdmissionReview","request":{"uid":"\(uid)",\
        "kind":{"group":"keda.sh","version":"v1alpha1","kind":"ScaledObject"},"name":"x","namespace":"shop",\
        "operation":"CREATE","userInfo":{"username":"tester"},"object":\(object),"oldObject":null,"dryRun":false}}
        """.utf8)
    }

    @Test func conflictsFoundInTheClusterDenyAndCleanObjectsPass() async throws {
        var options = FakeKubeAPI.Options()
        options.tokens = ["serve-token"]
        options.tls = true
        let api = try FakeKubeAPI(options: options)
        try await api.start()
        api.apply(yaml: Self.cluster)
        let dir = temporaryDirectory()
        let kubeconfig = dir + "/kubeconfig"
        try api.kubeconfig(token: "serve-token").write(toFile: kubeconfig, atomically: true, encoding: .utf8)

        let server = try ServeProcess.start(["--kubeconfig", kubeconfig, "--self-signed", "--cert-dir", dir, "--port", "0",
                                             "--host", "127.0.0.1", "--metrics-bind-address", "0",
                                             "--health-probe-bind-address", "127.0.0.1:0", "--log-format", "json"])
        let clients = Clients()
        do {
            let ports = try await server.ports(of: "admission webhook serving", "health endpoint serving")
            let (port, healthPort) = (ports[0], ports[1])
            // Ready only once the cache has synced.
            try await waitFor { (try? await plainGet("http://127.0.0.1:\(healthPort)/readyz").status) == 200 }

            let client = try clients.make(trusting: try String(contentsOfFile: dir + "/ca.crt", encoding: .utf8), http2: false)
            let url = "https://localhost:\(port)/validate?timeout=10s"
            let denied = try await post(client, url, body: Self.review(Self.scaledObject(name: "orders", target: "web"), uid: "deny-1"))
            let response = try #require(expectAcceptableToKubeAPIServer(denied, uid: "deny-1", mutating: false))
            #expect(response["allowed"]?.boolValue == false)
            let message = response["status"]?["message"]?.stringValue ?? ""
            #expect(message.contains("[scaledobject-hpa-conflict]"), "\(message)")
            #expect(message.contains("HPA \"manual\""), "\(message)")
            #expect(message.contains("[scaledobject-cpu-memory-requests]"), "\(message)")

            let allowed = try await post(client, url, body: Self.review(Self.scaledObject(name: "api", target: "api"), uid: "allow-1"))
            let ok = try #require(expectAcceptableToKubeAPIServer(allowed, uid: "allow-1", mutating: false))
            #expect(ok["allowed"]?.boolValue == true, "\(allowed.body)")

            let ghost = try await post(client, url, body: Self.review(Self.scaledObject(name: "ghost", target: "ghost"), uid: "ghost-1"))
            let missing = try #require(expectAcceptableToKubeAPIServer(ghost, uid: "ghost-1", mutating: false))
            #expect(missing["allowed"]?.boolValue == false)
            #expect((missing["status"]?["message"]?.stringValue ?? "").contains("[scaledobject-scale-target-missing]"), "\(ghost.body)")

            // The HPA goes away: the next review is no longer denied for it (watch event, and the
            // direct read that confirms a cached conflict before denying).
            api.delete(apiVersion: "autoscaling/v2", kind: "HorizontalPodAutoscaler", namespace: "shop", name: "manual")
            try await waitFor {
                let again = try await post(client, url, body: Self.review(Self.scaledObject(name: "orders", target: "web"), uid: "deny-2"))
                return !(parseJSON(again.body)?["response"]?["status"]?["message"]?.stringValue ?? "").contains("scaledobject-hpa-conflict")
            }
        } catch {
            Issue.record(error)
        }
        await clients.shutdown()
        server.terminate()
        await api.stop()
        try? FileManager.default.removeItem(atPath: dir)
    }
}
