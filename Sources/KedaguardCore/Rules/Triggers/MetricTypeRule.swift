/// The trigger's metricType becomes the HPA metric target type; the CRD has no enum for it.
public struct MetricTypeRule: SynchronousRule {
    public static let id = "trigger-metric-type"
    public init() {}
    public static let allowed = ["AverageValue", "Value", "Utilization"]

    public var descriptor: RuleDescriptor {
        RuleDescriptor(
            id: Self.id, severity: .error,
            summary: "A trigger metricType that is unknown, or not valid for its scaler, or a cpu/memory value that does not fit it.",
            explanation: """
            metricType must be AverageValue, Value or Utilization (case-sensitive). Utilization only \
            exists for cpu and memory; other scalers fail with "unsupported metric type". cpu and memory \
            need metricType Utilization (value: an integer percentage) or AverageValue (value: a quantity \
            such as 500m or 512Mi); without metricType they fail at runtime (KEDA v2.17 still read the \
            deprecated metadata.type instead), Value is rejected, and an \
            invalid quantity makes KEDA's operator panic in resource.MustParse.
            """,
            kinds: [.scaledObject], category: "triggers")
    }

    public func checkSynchronously(_ context: RuleContext) throws -> [Finding] {
        var findings: [Finding] = []
        for trigger in context.triggers {
            let metricType = trigger.metricType?.string
            if let node = trigger.metricType, let text = metricType, !text.isEmpty, !Self.allowed.contains(text) {
                let hint = Suggest.closest(to: text, in: Self.allowed).map { "; did you mean \"\($0)\"?" } ?? ""
                findings.append(Finding("metricType \"\(text)\" is not one of AverageValue, Value, Utilization\(hint)", at: node))
                continue
            }
            if trigger.isResourceMetric {
                findings += resourceFindings(trigger, metricType: metricType ?? legacyType(trigger, context))
            } else if metricType == "Utilization", let node = trigger.metricType {
                findings.append(Finding("metricType Utilization is only valid for cpu and memory triggers; use AverageValue or Value for \(trigger.type)", at: node))
            }
        }
        return findings
    }

    /// Before v2.18 cpu/memory still read `metadata.type` (with a deprecation event); the catalog
    /// says whether the selected release does.
    private func legacyType(_ trigger: TriggerView, _ context: RuleContext) -> String? {
        guard let parameter = context.catalog.scaler(trigger.type)?.parameter(named: "type"),
              parameter.deprecated == nil, let value = trigger.metadataValue("type"),
              ["Utilization", "AverageValue"].contains(value) else { return nil }
        return value
    }

    private func resourceFindings(_ trigger: TriggerView, metricType: String?) -> [Finding] {
        guard let metricType, !metricType.isEmpty else {
            return [Finding("\(trigger.label) needs metricType Utilization or AverageValue (metadata.type is no longer read)", missing: "metricType", in: trigger.located)]
        }
        if metricType == "Value", let node = trigger.metricType {
            return [Finding("metricType Value is not supported for \(trigger.type); use Utilization or AverageValue", at: node)]
        }
        guard let valueNode = trigger.metadata?["value"], let value = trigger.metadataValue("value") else {
            return [] // a missing value is reported by the trigger metadata checks
        }
        if metricType == "Utilization" {
            if Int32(value) == nil {
                return [Finding("\(trigger.type) value \"\(value)\" must be an integer percentage for metricType Utilization", at: valueNode)]
            }
            if let v = Int32(value), v < 1 {
                return [Finding("\(trigger.type) utilization target \(v) must be at least 1", at: valueNode)]
            }
        } else if metricType == "AverageValue" {
            guard let q = Quantity(parsing: value) else {
                return [Finding("\(trigger.type) value \"\(value)\" is not a Kubernetes quantity (e.g. 500m, 1.5, 512Mi); KEDA's operator would panic parsing it", at: valueNode)]
            }
            if !q.isPositive {
                return [Finding("\(trigger.type) AverageValue target \(value) must be greater than zero", at: valueNode)]
            }
        }
        return []
    }
}
