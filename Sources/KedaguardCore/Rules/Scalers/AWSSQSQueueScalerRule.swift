/// aws-sqs-queue: the queue URL shape and the AWS credentials KEDA resolves while parsing.
public struct AWSSQSQueueScalerRule: ScalerRule {
    public static let id = "scaler-aws-sqs-queue"
    public init() {}
    public var ruleID: String { Self.id }
    public let triggerTypes: Set<String> = ["aws-sqs-queue"]
    public var summary: String { "An aws-sqs-queue trigger whose queueURL KEDA cannot split or that has no AWS credentials." }
    public var explanation: String {
        """
        queueURL may be a plain queue name or a URL; when it parses as a URL (a scheme such as \
        https:, or a leading /), its path must be exactly /<account-id>/<queue-name>, otherwise KEDA \
        rejects the trigger ("cannot get queueName from queueURL"). An ARN (arn:aws:sqs:...) is not \
        a queue URL. KEDA also resolves credentials while parsing: without a TriggerAuthentication \
        using podIdentity.provider aws, it needs awsRoleArn, or awsAccessKeyID and \
        awsSecretAccessKey, from the TriggerAuthentication, or awsAccessKeyID with \
        awsSecretAccessKeyFromEnv in the metadata, unless identityOwner is operator.
        """
    }

    public func check(_ input: ScalerInput) -> [Finding] {
        var findings: [Finding] = []
        if let v = input.value("queueURL"), case .path(let path) = GoURL.requestURI(v.text) {
            let parts = path.split(separator: "/", omittingEmptySubsequences: false)
            if parts.count != 3 || parts[2].isEmpty {
                findings.append(input.at(v.located, "queueURL \"\(v.text)\" is a URL whose path is not /<account-id>/<queue-name>; KEDA rejects it. Use the queue URL shown by SQS (https://sqs.<region>.amazonaws.com/<account-id>/<queue-name>) or just the queue name"))
            }
        }
        findings += AWSCredentials.check(input)
        return findings
    }
}
