/// The CEL validation rules of KEDA's CRDs, implemented natively. scripts/generate-tables.py
/// refuses to generate a schema holding a rule that is not listed here.
public enum CELRules {
    /// Returns a message and the field to point at when the rule fails, nil when it holds.
    public static func evaluate(_ id: String, on node: Node) -> (message: String, field: String?)? {
        switch id {
        case "min-le-max-or-100":
            // !has(min) || min <= (has(max) ? max : 100)
            guard let min = node["minReplicaCount"]?.intValue else { return nil }
            let max = node["maxReplicaCount"]?.intValue ?? 100
            return min <= max ? nil : ("minReplicaCount \(min) must be less than or equal to maxReplicaCount (\(node["maxReplicaCount"] == nil ? "unset, so 100" : String(max)))", "minReplicaCount")
        default:
            return nil
        }
    }
}
