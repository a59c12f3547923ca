/// mysql: nothing beyond tags is checked by KEDA while parsing; without a connection string the
/// DSN is built from its parts, which must then be there for the connection to work.
public struct MySQLScalerRule: ScalerRule {
    public static let id = "scaler-mysql"
    public init() {}
    public var ruleID: String { Self.id }
    public var severity: Severity { .warning }
    public let triggerTypes: Set<String> = ["mysql"]
    public var summary: String { "A mysql trigger with neither a connection string nor the parts KEDA builds one from." }
    public var explanation: String {
        """
        Without connectionString (from the TriggerAuthentication or connectionStringFromEnv) KEDA \
        builds the DSN from host, port, username, password and dbName. KEDA accepts the trigger \
        without them, but the connection made when the scaler starts then fails, so kedaguard warns \
        about missing host, port or dbName.
        """
    }

    public func check(_ input: ScalerInput) -> [Finding] {
        guard input.isSet("connectionString") == .no else { return [] }
        let missing = ["host", "port", "dbName"].filter { input.isSet($0) == .no }
        guard !missing.isEmpty else { return [] }
        return [input.missing(missing[0], "without connectionString KEDA connects to host:port/dbName; missing: \(missing.joined(separator: ", ")). Give them or a connectionString")]
    }
}
