/// mongodb: `mongoDBMetadata.Validate()`: without a connection string, the parts of one.
public struct MongoDBScalerRule: ScalerRule {
    public static let id = "scaler-mongodb"
    public init() {}
    public var ruleID: String { Self.id }
    public let triggerTypes: Set<String> = ["mongodb"]
    public var summary: String { "A mongodb trigger with neither a connection string nor host, port, username and password." }
    public var explanation: String {
        """
        Without connectionString (metadata, TriggerAuthentication or connectionStringFromEnv) KEDA \
        needs host, port (not for scheme mongodb+srv), username and password. TLS settings live in \
        the TriggerAuthentication: with tls: enable at least one of cert, key or ca is needed, and \
        cert and key come together (KEDA 2.19 and later).
        """
    }

    public func check(_ input: ScalerInput) -> [Finding] {
        guard input.isSet("connectionString") == .no else { return [] }
        var names = ["host", "username", "password"]
        let scheme = input.string("scheme")
        if scheme != nil && scheme != "mongodb+srv" { names.insert("port", at: 1) }
        let missing = names.filter { input.isSet($0) == .no }
        guard !missing.isEmpty else { return [] }
        return [input.missing(missing[0], "without connectionString KEDA needs host, port (except for scheme mongodb+srv), username and password; missing: \(missing.joined(separator: ", "))")]
    }
}
