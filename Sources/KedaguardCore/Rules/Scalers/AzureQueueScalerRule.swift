/// azure-queue: cloud selection and the pod identity switch of `parseAzureQueueMetadata`.
public struct AzureQueueScalerRule: ScalerRule {
    public static let id = "scaler-azure-queue"
    public init() {}
    public var ruleID: String { Self.id }
    public let triggerTypes: Set<String> = ["azure-queue"]
    public var summary: String { "An azure-queue trigger without usable credentials or with an unknown cloud." }
    public var explanation: String {
        """
        Without pod identity KEDA needs a storage connection string (connection in the \
        TriggerAuthentication or the metadata, or connectionFromEnv); with pod identity \
        azure-workload it needs accountName; other providers are rejected. cloud must name a known \
        Azure cloud, and cloud: Private needs endpointSuffix.
        """
    }

    public func check(_ input: ScalerInput) -> [Finding] {
        var findings = AzureCloud.check(input, endpointKey: "endpointSuffix")
        switch input.podIdentity {
        case .none, .provider(""), .provider("none"):
            if input.isSet("connection") == .no {
                findings.append(input.missing("connectionFromEnv", "no connection string: supply connection from the TriggerAuthentication or connectionFromEnv, or use pod identity azure-workload with accountName"))
            }
        case .provider("azure-workload"):
            if input.isSet("accountName") == .no {
                findings.append(input.missing("accountName", "pod identity azure-workload needs accountName (the storage account name)"))
            }
        case .provider(let p):
            findings.append(input.aboutAuthentication("azure-queue does not support pod identity \"\(p)\"; use azure-workload or a connection string"))
        case .unknown:
            break
        }
        return findings
    }
}
