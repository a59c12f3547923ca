/// elasticsearch: `elasticsearchMetadata.Validate()`: cloud or addresses, template or query.
public struct ElasticsearchScalerRule: ScalerRule {
    public static let id = "scaler-elasticsearch"
    public init() {}
    public var ruleID: String { Self.id }
    public let triggerTypes: Set<String> = ["elasticsearch"]
    public var summary: String { "An elasticsearch trigger that mixes or lacks connection modes, or gives both or neither of searchTemplateName and query." }
    public var explanation: String {
        """
        Connect either to Elastic Cloud with cloudID and apiKey (both), or to addresses with \
        username and password (all three); not both modes and not neither. Search with exactly one \
        of searchTemplateName or query.
        """
    }

    public func check(_ input: ScalerInput) -> [Finding] {
        var findings: [Finding] = []
        let cloud = input.isSet("cloudID"), apiKey = input.isSet("apiKey")
        let addresses = input.isSet("addresses"), user = input.isSet("username"), password = input.isSet("password")
        let cloudMode = cloud || apiKey, addressMode = addresses || user || password
        if (cloudMode && addressMode) == .yes {
            findings.append(input.about("cloudID", "both Elastic Cloud (cloudID/apiKey) and endpoint (addresses/username/password) settings are given; use one"))
        } else if (!cloudMode && !addressMode) == .yes {
            findings.append(input.missing("addresses", "no connection: give cloudID and apiKey, or addresses with username and password"))
        } else if ((cloud && !apiKey) || (!cloud && apiKey)) == .yes {
            findings.append(input.about(cloud == .yes ? "cloudID" : "apiKey", "cloudID and apiKey go together"))
        } else if (addresses && (!user || !password)) == .yes {
            findings.append(input.about("addresses", "addresses needs both username and password"))
        }
        let template = input.isSet("searchTemplateName"), query = input.isSet("query")
        if (!template && !query) == .yes {
            findings.append(input.missing("query", "give either searchTemplateName or query"))
        } else if (template && query) == .yes {
            findings.append(input.about("query", "searchTemplateName and query are both given; use one"))
        }
        return findings
    }
}
