@testable import KedaguardCluster
import KedaguardCore
import Testing

struct StringTableTests {
    @Test func internsSharesAndFrees() {
        var t = StringTable()
        let a = t.retain("default")
        let b = t.retain("default")
        #expect(a == b)
        #expect(t.string(a) == "default")
        #expect(t.retain("") == StringTable.empty)
        let long = t.retain(String(repeating: "x", count: 300))
        #expect(t.id(of: String(repeating: "x", count: 300)) == long)
        t.release(a)
        #expect(t.id(of: "default") == a, "one reference left")
        t.release(b)
        #expect(t.id(of: "default") == nil, "freed")
        let c = t.retain("other")
        #expect(c == a, "the freed id is reused")
        #expect(t.string(c) == "other")
    }

    @Test func survivesGrowthChurnAndCompaction() {
        var t = StringTable()
        var ids: [String: UInt32] = [:]
        for round in 0..<3 {
            for i in 0..<20_000 { ids["name-\(round)-\(i)-\(String(repeating: "p", count: 40))"] = t.retain("name-\(round)-\(i)-\(String(repeating: "p", count: 40))") }
            if round < 2 {
                for i in 0..<20_000 {
                    let s = "name-\(round)-\(i)-\(String(repeating: "p", count: 40))"
                    t.release(ids[s]!)
                    ids[s] = nil
                }
            }
        }
        #expect(t.count == 20_001)
        for (s, id) in ids {
            #expect(t.string(id) == s)
            #expect(t.id(of: s) == id)
        }
    }
}

struct ClusterStoreTests {
    static func object(_ yaml: String) -> KubeObject { KubeObject(node: YAMLParser.parse(yaml).documents[0].root!)! }

    static func hpa(_ name: String, target: String, owner: String? = nil) -> KubeObject {
        object("""
        apiVersion: autoscaling/v2
        kind: HorizontalPodAutoscaler
        metadata:
          name: \(name)
          namespace: shop
          \(owner.map { "ownerReferences: [{apiVersion: keda.sh/v1alpha1, kind: ScaledObject, name: \($0)}, {apiVersion: v1, kind: Other, name: x}]" } ?? "labels: {}")
          annotations: {validations.keda.sh/hpa-ownership: "false", unrelated: "dropped"}
        spec:
          scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: \(target)}
        """)
    }

    static func target(_ name: String) -> WorkloadRef { WorkloadRef(namespace: "shop", apiVersion: "apps/v1", kind: "Deployment", name: name) }

    @Test func hpaRoundTripKeepsWhatRulesRead() {
        var store = ClusterStore()
        let original = Self.hpa("h", target: "web", owner: "orders")
        store.upsert(.horizontalPodAutoscalers, original)
        let info = store.hpas.targeting(Self.target("web"), strings: store.strings)
        #expect(info.count == 1)
        #expect(info.first?.ownerReferences.map(\.kind) == ["ScaledObject", "Other"])
        #expect(info.first?.annotations == [ForeignHPAConflictRule.hpaOwnershipAnnotation: "false"])
        var expected = HPAInfo(object: original, namespace: "shop")!
        expected.annotations = [ForeignHPAConflictRule.hpaOwnershipAnnotation: "false"]
        #expect(info.first == expected)
    }

    @Test func updatesMoveIndexesAndDeletesFreeStrings() {
        var store = ClusterStore()
        for i in 0..<3 { store.upsert(.horizontalPodAutoscalers, Self.hpa("h\(i)", target: "web")) }
        #expect(store.hpas.targeting(Self.target("web"), strings: store.strings).map(\.name).sorted() == ["h0", "h1", "h2"])
        store.upsert(.horizontalPodAutoscalers, Self.hpa("h1", target: "api"))
        #expect(store.hpas.targeting(Self.target("web"), strings: store.strings).map(\.name).sorted() == ["h0", "h2"])
        #expect(store.hpas.targeting(Self.target("api"), strings: store.strings).map(\.name) == ["h1"])
        for i in 0..<3 { store.delete(.horizontalPodAutoscalers, namespace: "shop", name: "h\(i)") }
        #expect(store.hpas.count == 0)
        #expect(store.strings.count == 1, "only the empty string is left")
    }

    @Test func relistSweepsWhatWasNotListed() {
        var store = ClusterStore()
        for i in 0..<4 { store.upsert(.horizontalPodAutoscalers, Self.hpa("h\(i)", target: "t\(i)")) }
        store.beginRelist(.horizontalPodAutoscalers)
        store.upsert(.horizontalPodAutoscalers, Self.hpa("h1", target: "t1"))
        store.upsert(.horizontalPodAutoscalers, Self.hpa("h3", target: "t3"))
        store.endRelist(.horizontalPodAutoscalers)
        #expect(store.hpas.count == 2)
        #expect(store.hpas.targeting(Self.target("t0"), strings: store.strings).isEmpty)
        #expect(store.hpas.targeting(Self.target("t3"), strings: store.strings).map(\.name) == ["h3"])
    }

    @Test func scaledObjectsByDefaultAndCustomHPAName() {
        var store = ClusterStore()
        store.upsert(.scaledObjects, Self.object("""
        apiVersion: keda.sh/v1alpha1
        kind: ScaledObject
        metadata: {name: a, namespace: shop}
        spec: {scaleTargetRef: {name: web}}
        """))
        store.upsert(.scaledObjects, Self.object("""
        apiVersion: keda.sh/v1alpha1
        kind: ScaledObject
        metadata: {name: b, namespace: shop}
        spec: {scaleTargetRef: {name: api, kind: StatefulSet}, advanced: {horizontalPodAutoscalerConfig: {name: keda-hpa-a}}}
        """))
        let same = store.scaledObjects.withHPAName(namespace: "shop", hpaName: "keda-hpa-a", strings: store.strings)
        #expect(same.map(\.name).sorted() == ["a", "b"])
        #expect(store.scaledObjects.withHPAName(namespace: "shop", hpaName: "keda-hpa-b", strings: store.strings).isEmpty)
        let web = store.scaledObjects.targeting(Self.target("web"), strings: store.strings)
        #expect(web.first?.target.apiVersion == "apps/v1", "KEDA's defaults applied by the shared extractor")
        store.delete(.scaledObjects, namespace: "shop", name: "b")
        #expect(store.scaledObjects.withHPAName(namespace: "shop", hpaName: "keda-hpa-a", strings: store.strings).map(\.name) == ["a"])
    }

    @Test func workloadContainersRoundTrip() {
        var store = ClusterStore()
        let deployment = Self.object("""
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: web, namespace: shop}
        spec:
          template:
            spec:
              containers:
                - name: app
                  resources: {requests: {cpu: 100m, memory: 64Mi}, limits: {memory: 128Mi}}
                  env: [{name: HOST, value: h}, {name: PORT, value: "1"}]
                - name: sidecar
                  envFrom: [{configMapRef: {name: c}}]
        """)
        store.upsert(.deployments, deployment)
        let info = store.deployments.named(namespace: "shop", name: "web", kind: "Deployment", strings: store.strings)
        #expect(info?.containers == WorkloadInfo(object: deployment, namespace: "shop")?.containers)
    }
}
