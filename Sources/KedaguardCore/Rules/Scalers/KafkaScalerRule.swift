/// kafka (the sarama-based scaler): thresholds, partition options, TLS and SASL parameter sets,
/// Kafka version and MSK IAM. Until KEDA 2.19 the metadata was parsed by hand; the checks below
/// hold for every release unless gated.
public struct KafkaScalerRule: ScalerRule {
    public static let id = "scaler-kafka"
    public init() {}
    public var ruleID: String { Self.id }
    public let triggerTypes: Set<String> = ["kafka"]
    public var summary: String { "A kafka trigger with conflicting partition options, an incomplete TLS/SASL setup, or values KEDA rejects." }
    public var explanation: String {
        """
        lagThreshold must be greater than 0 and activationLagThreshold at least 0. \
        allowIdleConsumers and limitToPartitionsWithLag exclude each other, as do \
        limitToPartitionsWithLag and ensureEvenDistributionOfPartitions; both of the latter (and \
        fullMetadata: false, on KEDA main) need a topic. partitionLimitation is a comma-separated \
        list of partition numbers and from-to ranges. version must look like 2.8.0 (or 0.11.0.2). \
        With tls: enable, cert and key come together. Each SASL mechanism needs its parameters from \
        the TriggerAuthentication: plaintext and scram_sha256/512 need username and password; \
        oauthbearer with the bearer token provider needs username, password and \
        oauthTokenEndpointUri, with aws_msk_iam it needs TLS, awsRegion and AWS credentials; gssapi \
        needs username, exactly one of password or keytab, realm and kerberosConfig. Up to KEDA 2.19 \
        tls, sasl and saslTokenProvider may not be set both in the metadata and in the \
        TriggerAuthentication.
        """
    }

    static let saslModes = ["none", "plaintext", "scram_sha256", "scram_sha512", "oauthbearer", "gssapi"]

    public func check(_ input: ScalerInput) -> [Finding] {
        let handParsed = !input.atLeast(.v2_20_2)
        var findings: [Finding] = []

        if let v = input.value("lagThreshold"), let n = Int64(v.text), n <= 0 {
            findings.append(input.at(v.located, "lagThreshold must be greater than 0"))
        }
        if let v = input.value("activationLagThreshold"), let n = Int64(v.text), n < 0 {
            findings.append(input.at(v.located, "activationLagThreshold must not be negative"))
        }
        if handParsed, let v = input.value("offsetResetPolicy"), v.text != "latest", v.text != "earliest" {
            findings.append(input.at(v.located, "offsetResetPolicy \"\(v.text)\" must be latest or earliest"))
        }

        let topic = input.isSet("topic")
        if let v = input.value("partitionLimitation"), topic == .yes || !handParsed,
           let p = Self.partitionLimitationProblem(v.text) {
            findings.append(input.at(v.located, "partitionLimitation \"\(v.text)\" \(p); use partition numbers and ranges such as 0,2,4-7"))
        }
        let idle = input.bool("allowIdleConsumers"), limit = input.bool("limitToPartitionsWithLag")
        let even = input.parameters.scaler.parameter(named: "ensureEvenDistributionOfPartitions") != nil ? input.bool("ensureEvenDistributionOfPartitions") : false
        if idle == true, limit == true {
            findings.append(input.about("limitToPartitionsWithLag", "allowIdleConsumers and limitToPartitionsWithLag cannot both be true"))
        }
        if limit == true, even == true {
            findings.append(input.about("ensureEvenDistributionOfPartitions", "limitToPartitionsWithLag and ensureEvenDistributionOfPartitions cannot both be true"))
        }
        if topic == .no {
            if limit == true { findings.append(input.about("limitToPartitionsWithLag", "limitToPartitionsWithLag needs a topic")) }
            if even == true { findings.append(input.about("ensureEvenDistributionOfPartitions", "ensureEvenDistributionOfPartitions needs a topic")) }
            if input.parameters.scaler.parameter(named: "fullMetadata") != nil, input.bool("fullMetadata") == false {
                findings.append(input.about("fullMetadata", "fullMetadata: false needs a topic"))
            }
        }
        if let v = input.value("version"), let p = Self.versionProblem(v.text) {
            findings.append(input.at(v.located, "version \"\(v.text)\" \(p)"))
        }

        let tls = tlsState(input, handParsed: handParsed, findings: &findings)
        if tls == .yes {
            findings += KafkaCommon.certKeyPair(input)
        }
        findings += saslFindings(input, handParsed: handParsed, tls: tls)
        return findings
    }

    /// Whether TLS ends up enabled (reporting bad values on the way).
    private func tlsState(_ input: ScalerInput, handParsed: Bool, findings: inout [Finding]) -> Tri {
        guard let v = input.value("tls") else {
            if input.isSet("tls") == .no { return .no }
            return .unknown
        }
        if handParsed, v.text != "enable", v.text != "disable" {
            findings.append(input.at(v.located, "tls \"\(v.text)\" must be enable or disable"))
            return .unknown
        }
        if handParsed, v.text == "enable", input.authSupplies("tls") == .yes {
            findings.append(input.at(v.located, "tls is set here and in the TriggerAuthentication; KEDA \(input.version) rejects setting it in both places"))
        }
        return Tri(v.text == "enable")
    }

    private func saslFindings(_ input: ScalerInput, handParsed: Bool, tls: Tri) -> [Finding] {
        var findings: [Finding] = []
        guard let sasl = input.value("sasl") else { return [] }
        if handParsed, input.authSupplies("sasl") == .yes {
            findings.append(input.at(sasl.located, "sasl is set here and in the TriggerAuthentication; KEDA \(input.version) rejects setting it in both places"))
        }
        let mode = sasl.text
        if handParsed, !Self.saslModes.contains(mode) {
            findings.append(input.at(sasl.located, "sasl \"\(mode)\" must be one of \(Self.saslModes.joined(separator: ", "))"))
            return findings
        }
        func needs(_ names: [String], _ what: String) {
            let missing = names.filter { input.isSet($0) == .no }
            if !missing.isEmpty {
                findings.append(input.at(sasl.located, "\(what) needs \(missing.joined(separator: " and ")) from the TriggerAuthentication"))
            }
        }
        switch mode {
        case "plaintext", "scram_sha256", "scram_sha512":
            needs(["username", "password"], "sasl: \(mode)")
        case "oauthbearer":
            var provider: String?
            if let p = input.value("saslTokenProvider") {
                provider = p.text
                if handParsed, input.authSupplies("saslTokenProvider") == .yes {
                    findings.append(input.at(p.located, "saslTokenProvider is set here and in the TriggerAuthentication; KEDA \(input.version) rejects setting it in both places"))
                }
                if handParsed, p.text != "bearer", p.text != "aws_msk_iam" {
                    findings.append(input.at(p.located, "saslTokenProvider \"\(p.text)\" must be bearer or aws_msk_iam"))
                    return findings
                }
            } else if input.isSet("saslTokenProvider") == .no {
                provider = "bearer"
            }
            if provider == "bearer" {
                needs(["username", "password", "oauthTokenEndpointUri"], "sasl: oauthbearer (token provider bearer)")
            } else if provider == "aws_msk_iam" {
                findings += KafkaCommon.mskIAM(input, tls: tls, what: "sasl: oauthbearer with saslTokenProvider aws_msk_iam")
            }
        case "gssapi":
            needs(["username", "realm", "kerberosConfig"], "sasl: gssapi")
            let password = input.isSet("password"), keytab = input.isSet("keytab")
            if password == .no, keytab == .no {
                findings.append(input.at(sasl.located, "sasl: gssapi needs password or keytab from the TriggerAuthentication"))
            } else if password == .yes, keytab == .yes {
                findings.append(input.aboutAuthentication("sasl: gssapi takes exactly one of password or keytab; the TriggerAuthentication supplies both"))
            }
        default:
            break
        }
        return findings
    }

    /// KEDA's partitionLimitation syntax (as parsed from 2.20; earlier releases are stricter, so
    /// what fails here fails there too).
    public static func partitionLimitationProblem(_ text: String) -> String? {
        for raw in text.split(separator: ",", omittingEmptySubsequences: false) {
            let part = ScalerInput.trim(String(raw))
            let ends = part.split(separator: "-", omittingEmptySubsequences: false).map { ScalerInput.trim(String($0)) }
            if ends.count > 2 { return "has the malformed range \"\(part)\"" }
            for e in ends where Int32(e) == nil {
                return part.isEmpty ? "has an empty entry" : "has the entry \"\(part)\" that is not a partition number or range"
            }
        }
        return nil
    }

    /// sarama.ParseKafkaVersion: `0.a.b.c` before Kafka 1.0, `a.b.c` after.
    public static func versionProblem(_ s: String) -> String? {
        let parts = s.split(separator: ".", omittingEmptySubsequences: false)
        let numeric = parts.allSatisfy { !$0.isEmpty && $0.allSatisfy { $0.isASCII && $0.isNumber } }
        let ok = s.count >= 5 && numeric && (s.hasPrefix("0") ? parts.count == 4 && parts[0] == "0" : parts.count == 3)
        return ok ? nil : "is not a Kafka version; write it as major.minor.patch, e.g. 3.6.0 (0.x versions take four parts, e.g. 0.11.0.2)"
    }
}

/// Checks the two Kafka scalers share.
enum KafkaCommon {
    /// With TLS enabled, a client certificate needs its key and the other way round.
    static func certKeyPair(_ input: ScalerInput) -> [Finding] {
        let cert = input.isSet("cert"), key = input.isSet("key")
        if cert == .yes, key == .no {
            return [input.aboutAuthentication("TLS is enabled and the TriggerAuthentication supplies cert without key; give both or neither")]
        }
        if key == .yes, cert == .no {
            return [input.aboutAuthentication("TLS is enabled and the TriggerAuthentication supplies key without cert; give both or neither")]
        }
        return []
    }

    /// MSK IAM needs TLS, a region in the metadata and AWS credentials.
    static func mskIAM(_ input: ScalerInput, tls: Tri, what: String) -> [Finding] {
        var findings: [Finding] = []
        if tls == .no {
            findings.append(input.about("tls", "\(what) needs tls: enable"))
        }
        if input.isSet("awsRegion") == .no {
            findings.append(input.missing("awsRegion", "\(what) needs awsRegion"))
        }
        findings += AWSCredentials.check(input)
        return findings
    }
}
