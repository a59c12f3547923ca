import FakeKubeAPI
import Foundation
import KedaguardCluster
import KedaguardCore
import MetricsTestKit
import Testing

@Suite(.serialized) struct ExistingViolationsTests {
    func gauge(_ metrics: TestMetrics, _ rule: String) -> Double? {
        try? metrics.expectGauge(ExistingViolations.metricLabel, [("rule", rule)]).lastValue
    }

    @Test func countsFollowObjectsAndWhatTheyDependOn() async throws {
        try await withTimeLimit(60) {
            let h = try await Harness()
            h.api.apply(Objects.deployment("shop", "web", cpuRequest: nil))
            h.api.apply(Objects.deployment("shop", "api"))
            h.api.apply(Objects.scaledObject("shop", "orders", target: "web", cpu: true))
            h.api.apply(Objects.scaledObject("shop", "fine", target: "api"))
            try await h.startAndSync()
            let metrics = TestMetrics()
            let violations = ExistingViolations(cache: h.cache, engine: RuleEngine(), options: CheckOptions(),
                                                settings: .init(reflector: Harness.fast, recheckInterval: .seconds(3600), debounce: .milliseconds(50)),
                                                factory: metrics)
            let task = Task { await violations.run() }
            try await eventually("the first pass") { violations.isSynced }
            #expect(violations.counts == [ResourceRequestsRule.id: 1])
            #expect(gauge(metrics, ResourceRequestsRule.id) == 1)
            #expect(gauge(metrics, ForeignHPAConflictRule.id) == 0, "every rule is published, at 0 when clean")

            // A manual HPA appears on the workload: the ScaledObject on it is checked again.
            h.api.apply(Objects.hpa("shop", "manual", target: "web"))
            try await eventually("the conflict is counted") { violations.counts[ForeignHPAConflictRule.id] == 1 }
            #expect(gauge(metrics, ForeignHPAConflictRule.id) == 1)

            // The ScaledObject goes away: both counts drop.
            h.api.delete(apiVersion: "keda.sh/v1alpha1", kind: "ScaledObject", namespace: "shop", name: "orders")
            try await eventually("its violations are forgotten") { violations.counts.isEmpty }
            #expect(gauge(metrics, ResourceRequestsRule.id) == 0)
            #expect(gauge(metrics, ForeignHPAConflictRule.id) == 0)
            task.cancel()
            await task.value
            await h.stop()
        }
    }
}
