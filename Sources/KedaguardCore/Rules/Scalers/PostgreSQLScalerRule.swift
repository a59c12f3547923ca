/// postgresql: `postgreSQLMetadata.Validate()` (connection parameters) and the target rule.
public struct PostgreSQLScalerRule: ScalerRule {
    public static let id = "scaler-postgresql"
    public init() {}
    public var ruleID: String { Self.id }
    public let triggerTypes: Set<String> = ["postgresql"]
    public var summary: String { "A postgresql trigger without a connection string or all of its parts, or without a target value." }
    public var explanation: String {
        """
        Without connection (connection string from the TriggerAuthentication or connectionFromEnv), \
        KEDA needs host, port, userName, dbName and sslmode, each from the metadata or the \
        TriggerAuthentication. targetQueryValue is required and must not be 0, unless the \
        ScaledObject uses advanced.scalingModifiers, which brings its own target.
        """
    }

    public func check(_ input: ScalerInput) -> [Finding] {
        var findings: [Finding] = []
        if input.isSet("connection") == .no {
            let missing = ["host", "port", "userName", "dbName", "sslmode"].filter { input.isSet($0) == .no }
            if !missing.isEmpty {
                findings.append(input.missing(missing[0], "without connection (or connectionFromEnv) KEDA needs host, port, userName, dbName and sslmode; missing: \(missing.joined(separator: ", "))"))
            }
        }
        if !input.asMetricSource, let target = input.number("targetQueryValue"), target == 0 {
            if input.value("targetQueryValue") != nil {
                findings.append(input.about("targetQueryValue", "targetQueryValue must not be 0 unless the ScaledObject uses scalingModifiers"))
            } else {
                findings.append(input.missing("targetQueryValue", "targetQueryValue is missing; KEDA needs it unless the ScaledObject uses scalingModifiers"))
            }
        }
        return findings
    }
}
