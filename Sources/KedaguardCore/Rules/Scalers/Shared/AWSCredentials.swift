/// KEDA's AWS credential lookup (`aws.GetAwsAuthorization`), shared by the AWS scalers and the
/// MSK IAM mode of the Kafka scalers.
///
/// Without pod identity `aws`, and unless `identityOwner: operator`, KEDA needs a role ARN or an
/// access key pair: `awsRoleArn` or `awsAccessKeyID`/`awsAccessKeyId` with `awsSecretAccessKey`
/// from the TriggerAuthentication, or `awsAccessKeyID` (value or FromEnv) with
/// `awsSecretAccessKeyFromEnv` in the metadata.
enum AWSCredentials {
    static func check(_ input: ScalerInput) -> [Finding] {
        if input.podIdentity.isProvider("aws") != .no { return [] }
        // Any other identityOwner value skips the credential lookup entirely.
        let owner = input.trigger.metadata?["identityOwner"]?.node.scalarText ?? ""
        guard owner == "" || owner == "pod" else { return [] }

        let roleFromAuth = input.authSupplies("awsRoleArn")
        let keyFromAuth = input.authSupplies("awsAccessKeyID") || input.authSupplies("awsAccessKeyId")
        if roleFromAuth == .yes { return [] }
        if roleFromAuth == .unknown || keyFromAuth == .unknown { return [] }
        if keyFromAuth == .yes {
            // From 2.18 KEDA stops at the key ID from authParams and needs the secret next to it.
            if input.atLeast(.v2_18_0), input.authSupplies("awsSecretAccessKey") == .no {
                return [input.aboutAuthentication("the TriggerAuthentication supplies awsAccessKeyID but no awsSecretAccessKey; KEDA rejects the trigger. Add awsSecretAccessKey")]
            }
            if input.atLeast(.v2_18_0) || input.authSupplies("awsSecretAccessKey") != .no { return [] }
        }
        let keyInMetadata = input.raw("awsAccessKeyID") != nil || input.raw("awsAccessKeyIDFromEnv") != nil
        let secretFromEnv = input.raw("awsSecretAccessKeyFromEnv") != nil
        if keyInMetadata && secretFromEnv { return [] }
        if keyInMetadata {
            return [input.missing("awsSecretAccessKeyFromEnv", "awsAccessKeyID is given but no awsSecretAccessKeyFromEnv; KEDA rejects the trigger (\"awsSecretAccessKey not found\"). Name the env var holding the secret key, or use a TriggerAuthentication")]
        }
        let hint = "use a TriggerAuthentication with podIdentity.provider: aws, or one supplying awsRoleArn or awsAccessKeyID and awsSecretAccessKey, or set identityOwner: operator to use the KEDA operator's own identity"
        if input.trigger.authenticationRef != nil {
            return [input.aboutAuthentication("no AWS credentials: the TriggerAuthentication has no aws pod identity, awsRoleArn or access key; KEDA rejects the trigger (\"awsAccessKeyID not found\"). Either \(hint)")]
        }
        return [input.missingOnTrigger("authenticationRef", "no AWS credentials; KEDA rejects the trigger (\"awsAccessKeyID not found\"). Either \(hint)")]
    }
}
