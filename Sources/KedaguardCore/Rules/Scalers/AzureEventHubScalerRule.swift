/// azure-eventhub: threshold, cloud selection and what each authentication path needs.
public struct AzureEventHubScalerRule: ScalerRule {
    public static let id = "scaler-azure-eventhub"
    public init() {}
    public var ruleID: String { Self.id }
    public let triggerTypes: Set<String> = ["azure-eventhub"]
    public var summary: String { "An azure-eventhub trigger missing what its authentication path needs, or with a non-positive threshold." }
    public var explanation: String {
        """
        Without pod identity KEDA needs both the Event Hub connection string (connection or \
        connectionFromEnv) and the checkpoint storage connection string (storageConnection or \
        storageConnectionFromEnv). With pod identity azure-workload it needs eventHubNamespace, \
        eventHubName and either storageConnection or storageAccountName. Other pod identities cannot \
        build the Event Hub client. cloud must name a known Azure cloud (Private needs \
        endpointSuffix, and storageEndpointSuffix with storageAccountName). From KEDA 2.20 \
        unprocessedEventThreshold must be greater than 0. An unknown checkpointStrategy silently \
        falls back to the default checkpoint layout.
        """
    }

    static let strategies = ["azureFunction", "blobMetadata", "goSdk", "dapr"]

    public func check(_ input: ScalerInput) -> [Finding] {
        var findings = AzureCloud.check(input, endpointKey: "endpointSuffix")
        if input.atLeast(.v2_20_2), let t = input.integer("unprocessedEventThreshold"), t <= 0 {
            findings.append(input.about("unprocessedEventThreshold", "unprocessedEventThreshold must be greater than 0"))
        }
        switch input.podIdentity {
        case .none, .provider(""), .provider("none"):
            if input.isSet("storageConnection") == .no {
                findings.append(input.missing("storageConnectionFromEnv", "no checkpoint storage connection: supply storageConnection from the TriggerAuthentication or storageConnectionFromEnv"))
            }
            if input.isSet("connection") == .no {
                findings.append(input.missing("connectionFromEnv", "no Event Hub connection string: supply connection from the TriggerAuthentication or connectionFromEnv, or use pod identity azure-workload"))
            }
        case .provider("azure-workload"):
            if input.isSet("storageConnection") == .no, input.isSet("storageAccountName") == .no {
                findings.append(input.missing("storageAccountName", "pod identity azure-workload needs storageAccountName (or a storageConnection) for the checkpoints"))
            }
            if input.isSet("storageAccountName") == .yes {
                findings += AzureCloud.check(input, endpointKey: "storageEndpointSuffix")
            }
            if input.isSet("eventHubNamespace") == .no {
                findings.append(input.missing("eventHubNamespace", "pod identity azure-workload needs eventHubNamespace"))
            }
            if input.isSet("eventHubName") == .no {
                findings.append(input.missing("eventHubName", "pod identity azure-workload needs eventHubName"))
            }
        case .provider(let p):
            findings.append(input.aboutAuthentication("azure-eventhub does not support pod identity \"\(p)\"; use azure-workload or connection strings"))
        case .unknown:
            break
        }
        if let s = input.value("checkpointStrategy"), !Self.strategies.contains(s.text) {
            let hint = Suggest.closest(to: s.text, in: Self.strategies).map { "; did you mean \"\($0)\"?" } ?? ""
            findings.append(input.at(s.located, "checkpointStrategy \"\(s.text)\" is not one of \(Self.strategies.joined(separator: ", ")); KEDA falls back to the default checkpoint layout\(hint)", severity: .warning))
        }
        return findings
    }
}
