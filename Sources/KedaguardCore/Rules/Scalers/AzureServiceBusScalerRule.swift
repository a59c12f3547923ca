/// azure-servicebus: `azureServiceBusMetadata.Validate()` and the pod identity switch.
public struct AzureServiceBusScalerRule: ScalerRule {
    public static let id = "scaler-azure-servicebus"
    public init() {}
    public var ruleID: String { Self.id }
    public let triggerTypes: Set<String> = ["azure-servicebus"]
    public var summary: String { "An azure-servicebus trigger without exactly one entity, with a bad name regex, or without usable credentials." }
    public var explanation: String {
        """
        Give either queueName, or topicName with subscriptionName: not both, not neither, and no \
        subscriptionName with a queue. With useRegex: true the queue or subscription name is \
        compiled as a Go (RE2) regular expression. Without pod identity KEDA needs the connection \
        string (connection from the TriggerAuthentication or connectionFromEnv); with pod identity \
        azure-workload it needs namespace (and a known cloud, or cloud: Private with \
        endpointSuffix); other pod identity providers are rejected.
        """
    }

    public func check(_ input: ScalerInput) -> [Finding] {
        var findings: [Finding] = []
        let queue = input.value("queueName"), topic = input.value("topicName"), subscription = input.value("subscriptionName")
        let hasQueue = input.isSet("queueName"), hasTopic = input.isSet("topicName"), hasSubscription = input.isSet("subscriptionName")
        if let queue, hasSubscription == .yes {
            findings.append(input.about("subscriptionName", "subscriptionName is given with queueName \"\(queue.text)\"; a queue has no subscriptions. Remove one of them"))
        }
        if queue != nil, let topic {
            findings.append(input.at(topic.located, "both queueName and topicName are given; a trigger watches either a queue or a topic subscription"))
        }
        if topic != nil, hasQueue == .no, hasSubscription == .no {
            findings.append(input.missing("subscriptionName", "topicName needs subscriptionName"))
        }
        if hasQueue == .no, hasTopic == .no {
            findings.append(input.missing("queueName", "neither queueName nor topicName is given; set queueName, or topicName and subscriptionName"))
        }
        if input.bool("useRegex") == true {
            let target = queue != nil ? queue : (topic != nil && hasQueue == .no ? subscription : nil)
            if let target, let p = RE2Syntax.problem(target.text) {
                findings.append(input.at(target.located, "useRegex is true but \"\(target.text)\" is not a valid Go regular expression: \(p)"))
            }
        }
        switch input.podIdentity {
        case .none:
            findings += connectionFindings(input)
        case .provider(let p) where p.isEmpty || p == "none":
            findings += connectionFindings(input)
        case .provider("azure-workload"):
            if input.isSet("namespace") == .no {
                findings.append(input.missing("namespace", "pod identity azure-workload needs namespace (the Service Bus namespace name)"))
            } else {
                findings += AzureCloud.check(input, endpointKey: "endpointSuffix")
            }
        case .provider(let p):
            findings.append(input.aboutAuthentication("azure-servicebus does not support pod identity \"\(p)\"; use azure-workload or a connection string"))
        case .unknown:
            break
        }
        return findings
    }

    private func connectionFindings(_ input: ScalerInput) -> [Finding] {
        guard input.isSet("connection") == .no else { return [] }
        return [input.missing("connectionFromEnv", "no connection string: supply connection from the TriggerAuthentication or connectionFromEnv, or use pod identity azure-workload")]
    }
}
