/// datadog (KEDA 2.18 and later): `datadogMetadata.Validate()` and the API / Cluster Agent
/// requirements of NewDatadogScaler.
public struct DatadogScalerRule: ScalerRule {
    public static let id = "scaler-datadog"
    public init() {}
    public var ruleID: String { Self.id }
    public let triggerTypes: Set<String> = ["datadog"]
    public var summary: String { "A datadog trigger missing what its mode (API or Cluster Agent) needs, or with values KEDA rejects." }
    public var explanation: String {
        """
        age, timeWindowOffset and lastAvailablePointOffset must not be negative, and a query must \
        have a scope in braces (`sum:http.requests{service:web}`). API mode (the default) needs \
        apiKey and appKey from the TriggerAuthentication and a query. With useClusterAgentProxy: \
        true KEDA needs datadogMetricsService and datadogNamespace (TriggerAuthentication) and \
        datadogMetricName and datadogMetricNamespace (metadata). Both modes need targetValue (or \
        queryValue) unless the ScaledObject uses scalingModifiers. The legacy metadata.type must be \
        average or global and cannot be combined with the trigger's metricType. Checked from KEDA \
        2.18, when the scaler moved to typed parameters.
        """
    }

    public func check(_ input: ScalerInput) -> [Finding] {
        guard input.atLeast(.v2_18_0) else { return [] }
        var findings: [Finding] = []
        for name in ["age", "timeWindowOffset", "lastAvailablePointOffset"] {
            if let v = input.value(name), let n = Int64(v.text), n < 0 {
                findings.append(input.at(v.located, "\(name) must not be negative"))
            }
        }
        let query = input.value("query")
        if let query, !Self.hasScope(query.text) {
            findings.append(input.at(query.located, "query has no scope in braces; write it like avg:my.metric{env:prod} (use {*} for all)"))
        }
        guard let clusterAgent = input.bool("useClusterAgentProxy") else { return findings }
        var missing: [String] = []
        if clusterAgent {
            missing = ["datadogMetricsService", "datadogMetricName", "datadogNamespace", "datadogMetricNamespace"].filter { input.isSet($0) == .no }
            if !missing.isEmpty {
                findings.append(input.missing(missing[0], "useClusterAgentProxy: true needs datadogMetricsService and datadogNamespace (TriggerAuthentication) and datadogMetricName and datadogMetricNamespace; missing: \(missing.joined(separator: ", "))"))
            }
        } else {
            missing = ["apiKey", "appKey"].filter { input.isSet($0) == .no }
            if !missing.isEmpty {
                findings.append(input.aboutAuthenticationOrMissing("the Datadog API needs apiKey and appKey from the TriggerAuthentication; missing: \(missing.joined(separator: ", "))"))
            }
        }
        if !input.asMetricSource, let target = input.number("targetValue"), target == -1 {
            findings.append(input.missing("targetValue", "targetValue (or queryValue) is missing; KEDA needs it unless the ScaledObject uses scalingModifiers"))
        }
        if let type = input.trigger.metadata?["type"], let text = type.node.scalarText {
            if input.metricType != nil {
                findings.append(input.at(type, "metadata.type cannot be combined with the trigger's metricType; drop metadata.type"))
            } else if !["average", "global"].contains(text.lowercased()) {
                findings.append(input.at(type, "metadata.type \"\(text)\" must be average or global (better: use the trigger's metricType)"))
            }
        }
        if !clusterAgent, input.isSet("query") == .no {
            findings.append(input.missing("query", "the Datadog API mode needs a query"))
        }
        return findings
    }

    /// Go's `.*\{.*\}.*` (unanchored; `.` stops at newlines): some line has `{` and later `}`.
    public static func hasScope(_ query: String) -> Bool {
        query.split(separator: "\n", omittingEmptySubsequences: false).contains { line in
            guard let open = line.firstIndex(of: "{") else { return false }
            return line[line.index(after: open)...].contains("}")
        }
    }
}
