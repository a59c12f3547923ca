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

extension CacheSyncTests {
    static let web1 = WorkloadRef(namespace: "shop", apiVersion: "apps/v1", kind: "Deployment", name: "web-1")

    func hpaNames(_ h: Harness, _ target: WorkloadRef = web1) async -> [String] {
        await h.lookup.horizontalPodAutoscalers(targeting: target).value?.map(\.name).sorted() ?? []
    }

    @Test func watchEventsUpdateTheCache() async throws {
        try await withTimeLimit {
            let h = try await Harness()
            try await h.startAndSync()
            let started = ContinuousClock.now
            h.api.apply(Objects.hpa("shop", "a", target: "web-1"))
            try await eventually("ADDED reaches the cache") { await hpaNames(h) == ["a"] }
            let latency = ContinuousClock.now - started
            // Retarget: the index follows.
            h.api.apply(Objects.hpa("shop", "a", target: "web-2"))
            try await eventually("MODIFIED moves the HPA to its new target") { await hpaNames(h).isEmpty }
            let web2 = WorkloadRef(namespace: "shop", apiVersion: "apps/v1", kind: "Deployment", name: "web-2")
            #expect(await hpaNames(h, web2) == ["a"])
            h.api.delete(apiVersion: "autoscaling/v2", kind: "HorizontalPodAutoscaler", namespace: "shop", name: "a")
            try await eventually("DELETED removes it") { await hpaNames(h, web2).isEmpty }
            print("watch event to cache: \(latency)")
            await h.stop()
        }
    }

    @Test func droppedStreamResumesFromTheLastResourceVersion() async throws {
        try await withTimeLimit {
            let h = try await Harness()
            h.api.apply(Objects.hpa("shop", "a", target: "web-1"))
            try await h.startAndSync()
            h.api.apply(Objects.hpa("shop", "b", target: "web-1"))
            try await eventually("b arrives") { await hpaNames(h) == ["a", "b"] }
            let lastSeen = h.api.resourceVersion
            let lists = h.api.requests.filter { !$0.isWatch && $0.path.hasSuffix("horizontalpodautoscalers") }.count
            h.api.clearRequests()
            h.api.dropWatches()
            try await eventually("the watch reconnects") {
                h.api.requests.contains { $0.isWatch && $0.path.hasSuffix("horizontalpodautoscalers") }
            }
            let rewatch = try #require(h.api.requests.first(where: { $0.isWatch && $0.path.hasSuffix("horizontalpodautoscalers") }))
            #expect(rewatch.query["resourceVersion"] == String(lastSeen))
            #expect(rewatch.query["allowWatchBookmarks"] == "true")
            #expect(!h.api.requests.contains { !$0.isWatch && $0.path.hasSuffix("horizontalpodautoscalers") }, "no relist after a drop")
            #expect(lists == 1)
            h.api.apply(Objects.hpa("shop", "c", target: "web-1"))
            try await eventually("events flow again") { await hpaNames(h) == ["a", "b", "c"] }
            await h.stop()
        }
    }

    @Test func bookmarksAdvanceTheResumePoint() async throws {
        try await withTimeLimit {
            let h = try await Harness()
            try await h.startAndSync()
            // Changes elsewhere move the server's resourceVersion; a bookmark tells the HPA watch.
            h.api.apply(Objects.deployment("shop", "web-1"))
            h.api.apply(Objects.deployment("shop", "web-2"))
            let current = h.api.resourceVersion
            h.api.sendBookmarks()
            try await eventually("the bookmark is read") {
                h.cache.status.first(where: { $0.resource == .horizontalPodAutoscalers })?.resourceVersion == String(current)
            }
            h.api.clearRequests()
            h.api.dropWatches()
            try await eventually("the HPA watch reconnects") {
                h.api.requests.contains { $0.isWatch && $0.path.hasSuffix("horizontalpodautoscalers") }
            }
            let rewatch = try #require(h.api.requests.first(where: { $0.isWatch && $0.path.hasSuffix("horizontalpodautoscalers") }))
            #expect(rewatch.query["resourceVersion"] == String(current))
            await h.stop()
        }
    }

    /// History compacted while the watch was down: the server answers 410 and the reflector lists
    /// again, dropping what was deleted in between.
    @Test(arguments: [false, true]) func goneResourceVersionRelists(asEvent: Bool) async throws {
        try await withTimeLimit {
            var options = Harness.defaultOptions
            options.expiredWatchAsEvent = asEvent
            let h = try await Harness(options: options)
            h.api.apply(Objects.hpa("shop", "a", target: "web-1"))
            h.api.apply(Objects.hpa("shop", "b", target: "web-1"))
            try await h.startAndSync()
            h.api.forbid(plural: "horizontalpodautoscalers")
            h.api.clearRequests()
            h.api.dropWatches()
            h.api.delete(apiVersion: "autoscaling/v2", kind: "HorizontalPodAutoscaler", namespace: "shop", name: "a")
            h.api.compactHistory()
            try await eventually("a watch attempt was refused") {
                h.api.requests.contains { $0.isWatch && $0.path.hasSuffix("horizontalpodautoscalers") }
            }
            #expect(await hpaNames(h) == ["a", "b"], "the cache missed the delete")
            h.api.allow(plural: "horizontalpodautoscalers")
            try await eventually("the relist drops a") { await hpaNames(h) == ["b"] }
            let requests = h.api.requests.filter { $0.path.hasSuffix("horizontalpodautoscalers") }
            let firstList = try #require(requests.firstIndex(where: { !$0.isWatch }))
            #expect(requests[..<firstList].contains { $0.isWatch && $0.query["resourceVersion"] != nil }, "watched from the old version first")
            await h.stop()
        }
    }

    @Test func tooManyRequestsWaitsForRetryAfter() async throws {
        try await withTimeLimit {
            let h = try await Harness()
            h.api.inject(.init(pathContains: "/scaledobjects", watch: false, status: 429, reason: "TooManyRequests", retryAfter: 1))
            try await h.startAndSync()
            let lists = h.api.requests.filter { !$0.isWatch && $0.path.hasSuffix("/scaledobjects") }
            #expect(lists.count == 2)
            if lists.count == 2 { #expect(lists[1].at - lists[0].at >= .seconds(1), "retried before Retry-After") }
            await h.stop()
        }
    }

    @Test func serverErrorsAreRetried() async throws {
        try await withTimeLimit {
            let h = try await Harness()
            h.api.inject(.init(pathContains: "/deployments", status: 500, times: 3))
            try await h.startAndSync()
            #expect(h.api.requests.filter { $0.path.hasSuffix("/deployments") && !$0.isWatch }.count == 4)
            await h.stop()
        }
    }

    @Test func forbiddenResourceIsReportedAndAnswersAreUnknown() async throws {
        try await withTimeLimit {
            let h = try await Harness()
            h.api.forbid(plural: "limitranges")
            h.start()
            let synced = await h.cache.waitUntilSynced(timeout: .seconds(10))
            #expect(!synced)
            let status = try #require(h.cache.status.first(where: { $0.resource == .limitRanges }))
            #expect(!status.synced)
            #expect(status.lastError?.status?.code == 403)
            #expect(h.cache.status.filter { $0.resource != .limitRanges }.allSatisfy { $0.synced })
            let readiness = await h.cache.readiness()
            #expect(!readiness.isReady)
            #expect(readiness.detail.contains("limitranges: not synced"))
            let recorder = LookupRecorder()
            let answer = await h.lookup.forCheck(recorder: recorder, direct: false).limitRanges(namespace: "shop")
            guard case .unknown(let reason) = answer else { Issue.record("expected unknown, got \(answer)"); return }
            #expect(reason.contains("403"))
            #expect(recorder.gaps.map(\.subject) == ["LimitRanges in namespace shop"])
            await h.stop()
        }
    }

    @Test func rotatedTokenFileIsReadAgainOn401() async throws {
        try await withTimeLimit {
            let dir = FileManager.default.temporaryDirectory.appendingPathComponent("kedaguard-token-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
            let tokenFile = dir.appendingPathComponent("token")
            try "first".write(to: tokenFile, atomically: true, encoding: .utf8)
            var options = FakeKubeAPI.Options()
            options.tokens = ["first"]
            let h = try await Harness(options: options) { api in
                ClusterConnection(server: URL(string: api.url)!, credentials: .bearer(TokenSource(.file(tokenFile.path), refreshInterval: .seconds(3600))),
                                  origin: "test")
            }
            try await h.startAndSync()
            // The kubelet rotates the token; the old one stops working.
            try "second".write(to: tokenFile, atomically: true, encoding: .utf8)
            h.api.setTokens(["second"])
            h.api.clearRequests()
            h.api.dropWatches()
            h.api.apply(Objects.hpa("shop", "after-rotation", target: "web-1"))
            try await eventually("events flow with the new token") { await hpaNames(h) == ["after-rotation"] }
            #expect(h.api.requests.contains { $0.authorization == "Bearer first" })
            #expect(h.api.requests.contains { $0.authorization == "Bearer second" })
            await h.stop()
        }
    }

    @Test func namespaceScopedCacheWatchesOneNamespace() async throws {
        try await withTimeLimit {
            let h = try await Harness(settings: ClusterCache.Settings(namespace: "shop", reflector: Harness.fast))
            h.api.apply(Objects.hpa("shop", "mine", target: "web-1"))
            h.api.apply(Objects.hpa("other", "theirs", target: "web-1"))
            try await h.startAndSync()
            #expect(await hpaNames(h) == ["mine"])
            #expect(h.api.requests.filter { $0.path.contains("horizontalpodautoscalers") }.allSatisfy { $0.path.contains("/namespaces/shop/") })
            #expect(h.api.requests.contains { $0.path == "/apis/keda.sh/v1alpha1/clustertriggerauthentications" })
            let other = await h.lookup.horizontalPodAutoscalers(targeting: WorkloadRef(namespace: "other", apiVersion: "apps/v1", kind: "Deployment", name: "web-1"))
            guard case .unknown = other else { Issue.record("a namespace outside the scope must be unknown, got \(other)"); return }
            await h.stop()
        }
    }
}
