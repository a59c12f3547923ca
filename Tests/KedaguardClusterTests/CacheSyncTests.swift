import FakeKubeAPI
import Foundation
import KedaguardCluster
import KedaguardCore
import Testing

@Suite(.serialized) struct CacheSyncTests {
    @Test func listsEveryPageAndAnswersFromTheCache() async throws {
        try await withTimeLimit {
            let h = try await Harness()
            for i in 0..<5 { h.api.apply(Objects.hpa("shop", "hpa-\(i)", target: "web-\(i)")) }
            h.api.apply(Objects.scaledObject("shop", "orders", target: "web-9"))
            h.api.apply(Objects.deployment("shop", "web-9"))
            try await h.startAndSync()
            let pages = h.api.requests.filter { $0.path.hasSuffix("/horizontalpodautoscalers") && !$0.isWatch }
            #expect(pages.count == 3, "5 HPAs in pages of 2")
            #expect(pages.dropFirst().allSatisfy { $0.query["continue"] != nil })
            let target = WorkloadRef(namespace: "shop", apiVersion: "apps/v1", kind: "Deployment", name: "web-3")
            let hpas = await h.lookup.horizontalPodAutoscalers(targeting: target)
            #expect(hpas.value?.map(\.name) == ["hpa-3"])
            let so = await h.lookup.scaledObjects(targeting: WorkloadRef(namespace: "shop", apiVersion: "apps/v1", kind: "Deployment", name: "web-9"))
            #expect(so.value?.map(\.name) == ["orders"])
            let byHPA = await h.lookup.scaledObjects(namespace: "shop", hpaName: "keda-hpa-orders")
            #expect(byHPA.value?.map(\.name) == ["orders"])
            let workload = await h.lookup.workload(WorkloadRef(namespace: "shop", apiVersion: "apps/v1", kind: "Deployment", name: "web-9"))
            #expect(workload.value?.containers.first?.requests["cpu"] == "100m")
            await h.stop()
        }
    }
}
