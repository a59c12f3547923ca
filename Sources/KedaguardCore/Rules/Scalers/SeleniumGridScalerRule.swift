/// selenium-grid: nothing is checked while parsing; the GraphQL URL and the capabilities JSON
/// are used on every poll.
public struct SeleniumGridScalerRule: ScalerRule {
    public static let id = "scaler-selenium-grid"
    public init() {}
    public var ruleID: String { Self.id }
    public let triggerTypes: Set<String> = ["selenium-grid"]
    public var summary: String { "A selenium-grid trigger whose url is not HTTP or whose capabilities are not a JSON object." }
    public var explanation: String {
        """
        url is the Grid's GraphQL endpoint (http://selenium-hub:4444/graphql) and is fetched with \
        Go's HTTP client: other schemes fail on every poll. capabilities must be a JSON object; \
        otherwise KEDA logs an error on every poll and, with enableManagedDownloads (the default), \
        writes into a missing map, which crashes the metrics request.
        """
    }

    public func check(_ input: ScalerInput) -> [Finding] {
        var findings: [Finding] = []
        if let v = input.value("url"), GoURL.isNotHTTP(v.text) {
            findings.append(input.at(v.located, "url \"\(v.text)\" is not an http:// or https:// URL; every poll fails. Use the Grid's GraphQL endpoint, e.g. http://selenium-hub:4444/graphql"))
        }
        if let v = input.value("capabilities") {
            let parsed = JSONParser.parse(v.text)
            if !parsed.problems.isEmpty || parsed.documents.first?.root?.isMapping != true {
                let severity: Severity = input.bool("enableManagedDownloads") == false ? .warning : .error
                findings.append(input.at(v.located, "capabilities must be a JSON object such as {\"browserName\": \"chrome\"}", severity: severity))
            }
        }
        return findings
    }
}
