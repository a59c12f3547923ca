/// kube-apiserver's validation of HPA behavior (autoscaling/v2, pkg/apis/autoscaling/validation),
/// applied to `spec.advanced.horizontalPodAutoscalerConfig.behavior` after the defaulting the API
/// server performs. KEDA's CRD carries none of these bounds, so a ScaledObject that breaks them is
/// admitted and its HPA is rejected later, when the operator creates it.
public enum BehaviorValidation {
    public static let maxStabilizationWindowSeconds = 3600
    public static let maxPeriodSeconds = 1800

    public struct Problem: Sendable {
        public var message: String
        public var located: Located
        public var severity: Severity
        /// Report at the key (the field as a whole) rather than at its value.
        public var atKey: Bool
    }

    /// Every problem in `behavior` (nil or null: none). Values of the wrong JSON type are left to
    /// the schema rules.
    public static func problems(in behavior: Located?) -> [Problem] {
        guard let behavior, behavior.node.isMapping else { return [] }
        var out: [Problem] = []
        for direction in ["scaleUp", "scaleDown"] {
            guard let rules = behavior[direction], rules.node.isMapping else { continue }
            out += problems(rules: rules, direction: direction)
        }
        return out
    }

    /// Reads plain nodes and builds a `Located` (with its path) only for a field it reports: this
    /// runs for every ScaledObject with a behavior, and nearly all of them have nothing to report.
    private static func problems(rules: Located, direction: String) -> [Problem] {
        var out: [Problem] = []
        let node = rules.node
        func rejected(_ field: String, _ located: Located?, _ detail: String, fix: String) {
            guard let located else { return }
            out.append(Problem(
                message: "\(direction).\(field) \(detail); kube-apiserver rejects the HPA KEDA creates (spec.behavior.\(direction).\(field)) and the ScaledObject never becomes Ready; \(fix)",
                located: located, severity: .error, atKey: false))
        }

        if let n = node["stabilizationWindowSeconds"]?.intValue {
            if n < 0 {
                rejected("stabilizationWindowSeconds", rules["stabilizationWindowSeconds"], "is \(n): must be greater than or equal to zero", fix: "use 0 to \(maxStabilizationWindowSeconds) seconds")
            } else if n > Int64(maxStabilizationWindowSeconds) {
                rejected("stabilizationWindowSeconds", rules["stabilizationWindowSeconds"], "is \(n): must be less than or equal to \(maxStabilizationWindowSeconds)", fix: "use at most \(maxStabilizationWindowSeconds) seconds (1 hour)")
            }
        }
        if let text = node["selectPolicy"]?.stringValue, SelectPolicy(rawValue: text) == nil {
            let suggestion = SelectPolicy.allCases.first { $0.rawValue.lowercased() == text.lowercased() }
            rejected("selectPolicy", rules["selectPolicy"], "is \"\(text)\": supported values are \"Disabled\", \"Max\", \"Min\"",
                     fix: suggestion.map { "write \"\($0.rawValue)\" (values are case-sensitive)" } ?? "use Max, Min or Disabled")
        }
        if let items = node["policies"]?.sequenceValue {
            if items.isEmpty, let policies = rules["policies"] {
                out.append(Problem(
                    message: "\(direction).policies is an empty list, which KEDA drops when it writes the HPA (the field is omitted when empty), so Kubernetes' default \(direction) policies apply (\(defaultsText(direction))); list the policies you want, use selectPolicy: Disabled to stop scaling in this direction, or remove the key",
                    located: policies, severity: .warning, atKey: true))
            }
            for (i, policy) in items.enumerated() {
                // Built only for a message: most policies have nothing to report.
                var field: String { "policies[\(i)]" }
                func located(_ key: String) -> Located? { rules["policies"]?[i]?[key] }
                if let text = policy["type"]?.stringValue, ScalingPolicyType(rawValue: text) == nil {
                    let suggestion = ScalingPolicyType.allCases.first { $0.rawValue.lowercased() == text.lowercased() }
                    rejected("\(field).type", located("type"), "is \"\(text)\": supported values are \"Percent\", \"Pods\"",
                             fix: suggestion.map { "write \"\($0.rawValue)\" (values are case-sensitive)" } ?? "use Pods or Percent")
                }
                if let n = policy["value"]?.intValue, n <= 0 {
                    rejected("\(field).value", located("value"), "is \(n): must be greater than zero", fix: "use a positive number of pods or percent, or selectPolicy: Disabled to stop scaling in this direction")
                }
                if let n = policy["periodSeconds"]?.intValue {
                    if n <= 0 {
                        rejected("\(field).periodSeconds", located("periodSeconds"), "is \(n): must be greater than zero", fix: "use 1 to \(maxPeriodSeconds) seconds")
                    } else if n > Int64(maxPeriodSeconds) {
                        rejected("\(field).periodSeconds", located("periodSeconds"), "is \(n): must be less than or equal to \(maxPeriodSeconds)", fix: "use at most \(maxPeriodSeconds) seconds (30 minutes)")
                    }
                }
            }
        }
        if let tolerance = node["tolerance"], let text = tolerance.scalarText,
           tolerance.stringValue != nil || tolerance.numberValue?.isInteger == true {
            if let quantity = Quantity(parsing: text) {
                if quantity.value < 0 {
                    rejected("tolerance", rules["tolerance"], "is \(text): must be greater or equal to zero", fix: "use a non-negative ratio such as \"0.05\"")
                }
            } else if let located = rules["tolerance"] {
                out.append(Problem(
                    message: "\(direction).tolerance \"\(text)\" is not a Kubernetes quantity, so KEDA cannot read this ScaledObject; write a ratio such as \"0.05\" or \"50m\"",
                    located: located, severity: .error, atKey: false))
            }
        }
        return out
    }

    static func defaultsText(_ direction: String) -> String {
        direction == "scaleUp"
            ? "the larger of 4 pods or 100% every 15s, no stabilization window"
            : "100% every 15s after the controller's 300s stabilization window"
    }
}
