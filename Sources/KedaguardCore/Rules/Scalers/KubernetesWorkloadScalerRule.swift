/// kubernetes-workload: the pod selector KEDA parses with labels.Parse, and the target value.
public struct KubernetesWorkloadScalerRule: ScalerRule {
    public static let id = "scaler-kubernetes-workload"
    public init() {}
    public var ruleID: String { Self.id }
    public let triggerTypes: Set<String> = ["kubernetes-workload"]
    public var summary: String { "A kubernetes-workload trigger with an unparsable podSelector or no positive value." }
    public var explanation: String {
        """
        podSelector is parsed as a Kubernetes label selector string (`app=web,tier in (a,b),!canary`); \
        keys and values must be valid label keys and values, and `in`/`notin` need a parenthesised \
        list. A selector that does not parse fails the trigger. value (the number of matching pods \
        per replica) must be greater than 0, and it defaults to 0, so it must be written; only a \
        ScaledObject using advanced.scalingModifiers (which computes its own target) may leave it out.
        """
    }

    public func check(_ input: ScalerInput) -> [Finding] {
        var findings: [Finding] = []
        if let v = input.value("podSelector"), let p = LabelSelectorSyntax.problem(v.text) {
            findings.append(input.at(v.located, "podSelector \"\(v.text)\" is not a valid label selector: \(p)"))
        }
        if !input.asMetricSource, let value = input.number("value"), value <= 0 {
            let message = "value must be greater than 0 (pods per replica) unless the ScaledObject uses scalingModifiers"
            if input.value("value") != nil {
                findings.append(input.about("value", message))
            } else {
                findings.append(input.missing("value", "value is missing; \(message)"))
            }
        }
        return findings
    }
}
