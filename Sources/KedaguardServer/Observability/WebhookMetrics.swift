import CoreMetrics
import Foundation
import KedaguardCore
import NIOConcurrencyHelpers
import Prometheus

/// The webhook's Prometheus metrics, through swift-metrics with a registry per server (so tests
/// can run several servers in one process without a global bootstrap).
public final class WebhookMetrics: Sendable {
    public let registry: PrometheusCollectorRegistry
    private let factory: PrometheusMetricsFactory
    private let inFlight: CoreMetrics.Meter
    private let certificateExpiry: CoreMetrics.Gauge
    /// The per-request counter and timer, by their labels. Making them anew for every request
    /// meant validating and looking up the labels in the registry each time. Bounded: every label
    /// comes from a fixed set (unknown paths count as "other").
    private let perRequest = NIOLockedValueBox<[RequestLabels: (requests: CoreMetrics.Counter, duration: CoreMetrics.Timer)]>([:])

    private struct RequestLabels: Hashable {
        var endpoint: String
        var kind: String
        var operation: String
        var verdict: String
    }

    public static let requestDurationLabel = "kedaguard_webhook_request_duration_seconds"

    /// For other components' metrics (the cluster cache's existing violations) on the same
    /// /metrics endpoint.
    public var metricsFactory: any MetricsFactory { factory }

    public init(registry: PrometheusCollectorRegistry = PrometheusCollectorRegistry()) {
        self.registry = registry
        var factory = PrometheusMetricsFactory(registry: registry)
        // Admission answers take well under a millisecond; kube-apiserver gives up after the
        // webhook's timeoutSeconds (10 s by default).
        factory.durationHistogramBuckets[Self.requestDurationLabel] = [
            .microseconds(100), .microseconds(250), .microseconds(500), .milliseconds(1), .microseconds(2500),
            .milliseconds(5), .milliseconds(10), .milliseconds(25), .milliseconds(50), .milliseconds(100),
            .milliseconds(250), .milliseconds(500), .seconds(1), .milliseconds(2500), .seconds(5), .seconds(10),
        ]
        self.factory = factory
        inFlight = CoreMetrics.Meter(label: "kedaguard_webhook_requests_in_flight", dimensions: [], factory: factory)
        certificateExpiry = CoreMetrics.Gauge(label: "kedaguard_webhook_certificate_expiry_timestamp_seconds", dimensions: [], factory: factory)
    }

    public func requestStarted() { inFlight.increment() }
    public func requestFinished() { inFlight.decrement() }

    public func record(_ outcome: AdmissionOutcome, duration: Duration) {
        let endpoint = AdmissionEndpoint(path: outcome.endpoint) != nil ? outcome.endpoint : "other"
        let labels = RequestLabels(
            endpoint: endpoint,
            kind: outcome.kind.flatMap { ResourceKind(rawValue: $0)?.rawValue } ?? (outcome.kind == nil ? "none" : "other"),
            operation: ["CREATE", "UPDATE", "DELETE", "CONNECT"].contains(outcome.operation ?? "") ? outcome.operation! : "none",
            verdict: outcome.verdict.rawValue)
        let (requests, timer) = perRequest.withLockedValue { cache in
            if let known = cache[labels] { return known }
            let made = (CoreMetrics.Counter(label: "kedaguard_webhook_requests_total", dimensions: [
                ("endpoint", labels.endpoint), ("kind", labels.kind), ("operation", labels.operation), ("verdict", labels.verdict),
            ], factory: factory), CoreMetrics.Timer(label: Self.requestDurationLabel, dimensions: [("endpoint", endpoint)], factory: factory))
            cache[labels] = made
            return made
        }
        requests.increment()
        let (s, atto) = duration.components
        timer.recordNanoseconds(s * 1_000_000_000 + atto / 1_000_000_000)
        // Under enforcement warn the same rules are counted apart, to watch before enforcing.
        let denialCounter = outcome.verdict == .warned ? "kedaguard_webhook_would_deny_total" : "kedaguard_webhook_denials_total"
        for rule in outcome.deniedRuleIDs {
            CoreMetrics.Counter(label: denialCounter, dimensions: [("rule", rule)], factory: factory).increment()
        }
        for failure in outcome.ruleFailures {
            CoreMetrics.Counter(label: "kedaguard_webhook_rule_failures_total", dimensions: [("rule", failure.ruleID)], factory: factory).increment()
        }
        if outcome.droppedWarnings > 0 {
            CoreMetrics.Counter(label: "kedaguard_webhook_warnings_dropped_total", dimensions: [], factory: factory).increment(by: outcome.droppedWarnings)
        }
        if outcome.timedOut {
            CoreMetrics.Counter(label: "kedaguard_webhook_deadline_exceeded_total", dimensions: [], factory: factory).increment()
        }
    }

    public func certificateLoaded(notValidAfter: Date) {
        certificateExpiry.record(notValidAfter.timeIntervalSince1970)
    }

    public func certificateReload(succeeded: Bool) {
        CoreMetrics.Counter(label: "kedaguard_webhook_certificate_reloads_total", dimensions: [("result", succeeded ? "success" : "failure")],
                factory: factory).increment()
    }

    /// Prometheus text exposition format.
    public func render() -> String {
        registry.emitToString()
    }
}
