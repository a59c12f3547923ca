/// apache-kafka (the kafka-go based scaler): `apacheKafkaMetadata.Validate()`, the
/// metadata-versus-TriggerAuthentication conflicts and the SASL mechanisms its client builds.
public struct ApacheKafkaScalerRule: ScalerRule {
    public static let id = "scaler-apache-kafka"
    public init() {}
    public var ruleID: String { Self.id }
    public let triggerTypes: Set<String> = ["apache-kafka"]
    public var summary: String { "An apache-kafka trigger with conflicting options, an incomplete TLS/SASL setup, or an unsupported SASL mechanism." }
    public var explanation: String {
        """
        lagThreshold must be greater than 0 and activationLagThreshold at least 0; \
        allowIdleConsumers and limitToPartitionsWithLag exclude each other and the latter needs a \
        topic. With tls: enable, cert and key come together. sasl: plaintext needs username and \
        password; aws_msk_iam needs awsRegion, tls: enable and AWS credentials. sasl and tls may not \
        be set both in the metadata and in the TriggerAuthentication. The scaler's client cannot \
        build gssapi (listed as allowed, but creating the scaler then fails) and has no \
        oauthbearer.
        """
    }

    public func check(_ input: ScalerInput) -> [Finding] {
        var findings: [Finding] = []
        if let v = input.value("lagThreshold"), let n = Int64(v.text), n <= 0 {
            findings.append(input.at(v.located, "lagThreshold must be greater than 0"))
        }
        if let v = input.value("activationLagThreshold"), let n = Int64(v.text), n < 0 {
            findings.append(input.at(v.located, "activationLagThreshold must not be negative"))
        }
        let limit = input.bool("limitToPartitionsWithLag")
        if input.bool("allowIdleConsumers") == true, limit == true {
            findings.append(input.about("limitToPartitionsWithLag", "allowIdleConsumers and limitToPartitionsWithLag cannot both be true"))
        }
        if limit == true, input.isSet("topic") == .no {
            findings.append(input.about("limitToPartitionsWithLag", "limitToPartitionsWithLag needs a topic"))
        }
        for name in ["sasl", "tls"] {
            if let v = input.value(name), input.authSupplies(name) == .yes {
                findings.append(input.at(v.located, "\(name) is set here and in the TriggerAuthentication; KEDA rejects setting it in both places"))
            }
        }
        var tls = Tri.unknown
        if let v = input.value("tls") { tls = Tri(v.text == "enable") } else if input.isSet("tls") == .no { tls = .no }
        if tls == .yes { findings += KafkaCommon.certKeyPair(input) }

        if let sasl = input.value("sasl") {
            switch sasl.text {
            case "plaintext":
                let missing = ["username", "password"].filter { input.isSet($0) == .no }
                if !missing.isEmpty {
                    findings.append(input.at(sasl.located, "sasl: plaintext needs \(missing.joined(separator: " and ")) from the TriggerAuthentication"))
                }
            case "aws_msk_iam":
                findings += KafkaCommon.mskIAM(input, tls: tls, what: "sasl: aws_msk_iam")
            case "gssapi":
                findings.append(input.at(sasl.located, "the apache-kafka scaler cannot create a gssapi client (KEDA fails building the scaler); use the kafka scaler for Kerberos"))
            default:
                break
            }
        }
        return findings
    }
}
