import FakeKubeAPI
import Foundation
import KedaguardCluster
import KedaguardCore
import Testing

/// Rules over the cluster cache: conflicts, containers, references, direct reads, outages.
@Suite(.serialized) struct ClusterLookupTests {
    static let web = WorkloadRef(namespace: "shop", apiVersion: "apps/v1", kind: "Deployment", name: "web")

    func check(_ h: Harness, _ object: Node, policy: ClusterChecksPolicy = .warn) async -> [Diagnostic] {
        let engine = RuleEngine()
        let result = await engine.check(KubeObject(node: object)!, lookup: h.lookup,
                                        options: CheckOptions(defaultNamespace: "shop", clusterChecks: policy))
        #expect(result.failures.isEmpty)
        return result.diagnostics.filter { !$0.isSuppressed }
    }

    func ids(_ diagnostics: [Diagnostic]) -> [String] { diagnostics.map(\.ruleID).sorted() }

    @Test func foreignHPAFoundThroughTheCacheIsConfirmedAndReported() async throws {
        try await withTimeLimit {
            let h = try await Harness()
            h.api.apply(Objects.deployment("shop", "web"))
            h.api.apply(Objects.hpa("shop", "manual", target: "web"))
            h.api.apply(Objects.hpa("shop", "keda-hpa-orders", target: "web", ownerSO: "orders"))
            h.api.apply(Objects.hpa("shop", "ignored", target: "web", ownershipAnnotation: "false"))
            try await h.startAndSync()
            h.api.clearRequests()
            let diagnostics = await check(h, Objects.scaledObject("shop", "orders", target: "web"))
            #expect(ids(diagnostics) == [ForeignHPAConflictRule.id], "\(diagnostics.map(\.message))")
            #expect(diagnostics.first?.message.contains("HPA \"manual\"") == true)
            let gets = h.api.requests.map(\.path)
            #expect(gets.contains("/apis/autoscaling/v2/namespaces/shop/horizontalpodautoscalers/manual"), "confirmed by a direct read: \(gets)")
            await h.stop()
        }
    }

    @Test func conflictOnlyInAStaleCacheIsNotReported() async throws {
        try await withTimeLimit {
            let h = try await Harness(settings: ClusterCache.Settings(reflector: Harness.fast, staleAfter: .seconds(120)))
            h.api.apply(Objects.deployment("shop", "web"))
            h.api.apply(Objects.hpa("shop", "manual", target: "web"))
            try await h.startAndSync()
            // The HPA watch breaks, and the HPA is deleted meanwhile: the cache still holds it.
            h.api.inject(.init(pathContains: "horizontalpodautoscalers", watch: true, status: 500, times: 100_000))
            h.api.dropWatches()
            h.api.delete(apiVersion: "autoscaling/v2", kind: "HorizontalPodAutoscaler", namespace: "shop", name: "manual")
            #expect(await h.lookup.horizontalPodAutoscalers(targeting: Self.web).value?.map(\.name) == ["manual"])
            let diagnostics = await check(h, Objects.scaledObject("shop", "orders", target: "web"))
            #expect(diagnostics.isEmpty, "a deleted HPA must not deny: \(diagnostics.map(\.message))")
            await h.stop()
        }
    }

    @Test func otherScaledObjectsOnTheWorkloadOrHPAName() async throws {
        try await withTimeLimit {
            let h = try await Harness()
            h.api.apply(Objects.deployment("shop", "web"))
            h.api.apply(Objects.scaledObject("shop", "first", target: "web"))
            h.api.apply(Objects.scaledObject("shop", "named", target: "api", hpaName: "keda-hpa-second"))
            try await h.startAndSync()
            let sameTarget = await check(h, Objects.scaledObject("shop", "second", target: "web"))
            #expect(ids(sameTarget) == [HPANameConflictRule.id, WorkloadOwnerConflictRule.id].sorted(), "\(sameTarget.map(\.message))")
            // Updating the object itself is no conflict.
            #expect(await check(h, Objects.scaledObject("shop", "first", target: "web")).isEmpty)
            await h.stop()
        }
    }

    @Test func cpuTriggerChecksTheCachedDeploymentAndLimitRanges() async throws {
        try await withTimeLimit {
            let h = try await Harness()
            h.api.apply(Objects.deployment("shop", "web", cpuRequest: nil))
            try await h.startAndSync()
            let so = Objects.scaledObject("shop", "orders", target: "web", cpu: true)
            h.api.clearRequests()
            #expect(ids(await check(h, so)) == [ResourceRequestsRule.id])
            #expect(h.api.requests.map(\.path).contains("/apis/apps/v1/namespaces/shop/deployments/web"))
            #expect(h.api.requests.map(\.path).contains("/api/v1/namespaces/shop/limitranges"))
            h.api.apply(Objects.limitRange("shop", "defaults", defaultCPU: "50m"))
            try await eventually("the LimitRange is cached") {
                await h.lookup.limitRanges(namespace: "shop").value?.count == 1
            }
            #expect(await check(h, so).isEmpty)
            await h.stop()
        }
    }

    @Test func cachedDeploymentBehindTheSourceDoesNotDeny() async throws {
        try await withTimeLimit {
            let h = try await Harness(settings: ClusterCache.Settings(reflector: Harness.fast, staleAfter: .seconds(120)))
            h.api.apply(Objects.deployment("shop", "web", cpuRequest: nil))
            try await h.startAndSync()
            h.api.inject(.init(pathContains: "deployments", watch: true, status: 500, times: 100_000))
            h.api.dropWatches()
            // Requests added; the cache has not seen it.
            h.api.apply(Objects.deployment("shop", "web", cpuRequest: "200m"))
            #expect(await h.lookup.workload(Self.web).value?.containers.first?.requests.isEmpty == true)
            #expect(await check(h, Objects.scaledObject("shop", "orders", target: "web", cpu: true)).isEmpty)
            await h.stop()
        }
    }

    @Test func cacheMissIsReadDirectlyBeforeSayingAbsent() async throws {
        try await withTimeLimit {
            let h = try await Harness(settings: ClusterCache.Settings(reflector: Harness.fast, staleAfter: .seconds(120)))
            try await h.startAndSync()
            h.api.inject(.init(pathContains: "triggerauthentications", watch: true, status: 500, times: 100_000))
            h.api.dropWatches()
            h.api.apply(Objects.triggerAuthentication("shop", "creds", parameters: ["password"]))
            let cached = await h.lookup.authentication(kind: .triggerAuthentication, namespace: "shop", name: "creds")
            guard case .absent = cached else { Issue.record("the lagging cache should not have it yet: \(cached)"); return }
            let direct = h.lookup.forCheck(recorder: LookupRecorder(), direct: true)
            let found = await direct.authentication(kind: .triggerAuthentication, namespace: "shop", name: "creds")
            #expect(found.value?.parameters == ["password"])
            let missing = await direct.authentication(kind: .triggerAuthentication, namespace: "shop", name: "nope")
            guard case .absent = missing else { Issue.record("a 404 is absent: \(missing)"); return }
            #expect(h.api.requests.map(\.path).contains("/apis/keda.sh/v1alpha1/namespaces/shop/triggerauthentications/nope"))
            await h.stop()
        }
    }

    @Test func unreachableAPIWarnsByDefaultAndDeniesWhenStrict() async throws {
        try await withTimeLimit {
            let h = try await Harness()
            h.api.apply(Objects.hpa("shop", "manual", target: "web"))
            try await h.startAndSync()
            await h.api.stop()
            try await eventually("the cache notices", within: 15) {
                h.cache.status.allSatisfy { ($0.failingFor ?? .zero) > .milliseconds(300) }
            }
            let so = Objects.scaledObject("shop", "orders", target: "web")
            let warn = await check(h, so)
            #expect(ids(warn) == [ClusterStateDiagnostics.unavailable.id])
            #expect(warn.first?.severity == .warning)
            let message = warn.first?.message ?? ""
            #expect(message.contains("HorizontalPodAutoscalers targeting Deployment.apps shop/web"), "\(message)")
            #expect(message.contains("ScaledObjects targeting Deployment.apps shop/web"))
            let strict = await check(h, so, policy: .strict)
            #expect(strict.map(\.severity) == [.error])
            await h.stop()
        }
    }

    @Test func unsyncedCacheIsACheckThatCouldNotRun() async throws {
        try await withTimeLimit {
            let h = try await Harness()
            let d = await check(h, Objects.scaledObject("shop", "orders", target: "web"))
            #expect(ids(d) == [ClusterStateDiagnostics.unavailable.id])
            #expect(d.first?.message.contains("has not finished listing") == true)
            await h.stop()
        }
    }

    @Test func workloadKindsKedaguardDoesNotWatchAreNoGap() async throws {
        try await withTimeLimit {
            let h = try await Harness()
            try await h.startAndSync()
            let rollout = Objects.parse("""
            apiVersion: keda.sh/v1alpha1
            kind: ScaledObject
            metadata: {name: orders, namespace: shop}
            spec:
              scaleTargetRef: {apiVersion: argoproj.io/v1alpha1, kind: Rollout, name: web}
              minReplicaCount: 1
              triggers:
                - type: cpu
                  metricType: Utilization
                  metadata: {value: "60"}
            """)
            #expect(await check(h, rollout, policy: .strict).isEmpty)
            let secret = await h.lookup.forCheck(recorder: LookupRecorder(), direct: false).secret(namespace: "shop", name: "x")
            guard case .unknown(let reason) = secret else { Issue.record("\(secret)"); return }
            #expect(reason.contains("opts in"))
            await h.stop()
        }
    }
}
