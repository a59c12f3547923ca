/// rabbitmq: `rabbitMQMetadata.Validate()`: protocol, credential pairs, what needs HTTP, and
/// the trigger mode/value rules.
public struct RabbitMQScalerRule: ScalerRule {
    public static let id = "scaler-rabbitmq"
    public init() {}
    public var ruleID: String { Self.id }
    public let triggerTypes: Set<String> = ["rabbitmq"]
    public var summary: String { "A rabbitmq trigger whose protocol, credentials or mode/value KEDA rejects." }
    public var explanation: String {
        """
        protocol is amqp, http or auto (default); with auto the host URL's scheme decides (amqp, \
        amqps, http or https; anything else is rejected). cert and key, and username and password, \
        come in pairs. pageSize must be at least 1. useRegex, excludeUnacknowledged, \
        workloadIdentityResource, OAuth2 (KEDA 2.20+: oauthTokenURI, clientID and clientSecret \
        together, not mixed with username/password or workload identity) and every mode except \
        QueueLength need the HTTP protocol; AMQP takes no timeout. The trigger is either the legacy \
        queueLength alone, or mode (QueueLength, MessageRate, DeliverGetRate, \
        PublishedToDeliveredRatio, ExpectedQueueConsumptionTime; KEDA 2.17 only the first two) \
        together with a non-zero value; with none of them KEDA uses QueueLength 20.
        """
    }

    public func check(_ input: ScalerInput) -> [Finding] {
        var findings: [Finding] = []

        // Protocol as KEDA ends up with it: nil when it cannot be told.
        var protocolName: String?
        if let p = input.string("protocol") {
            if ["amqp", "http", "auto"].contains(p) {
                protocolName = p
            } else {
                findings.append(input.about("protocol", "protocol \"\(p)\" must be amqp, http or auto"))
            }
        }
        if protocolName == "auto" {
            protocolName = nil
            if let host = input.value("host") {
                switch GoURL.scheme(of: host.text) {
                case .scheme("amqp"), .scheme("amqps"): protocolName = "amqp"
                case .scheme("http"), .scheme("https"): protocolName = "http"
                case .scheme(let s):
                    findings.append(input.at(host.located, "host \"\(host.text)\" has \(s.isEmpty ? "no scheme" : "the scheme \"\(s)\""); with protocol auto KEDA needs amqp://, amqps://, http:// or https://"))
                case .invalid:
                    findings.append(input.at(host.located, "host \"\(host.text)\" is not a URL; with protocol auto KEDA needs amqp://, amqps://, http:// or https://"))
                }
            }
        }

        for (a, b) in [("cert", "key"), ("username", "password")] {
            let sa = input.isSet(a), sb = input.isSet(b)
            if sa == .yes && sb == .no || sa == .no && sb == .yes {
                let (given, other) = sa == .yes ? (a, b) : (b, a)
                findings.append(finding(input, given, "\(given) is supplied without \(other); KEDA needs both or neither"))
            }
        }
        if let size = input.integer("pageSize"), size < 1 {
            findings.append(input.about("pageSize", "pageSize must be 1 or greater"))
        }

        let isHTTP: Tri = protocolName.map { Tri($0 == "http") } ?? .unknown
        let isAMQP: Tri = protocolName.map { Tri($0 == "amqp") } ?? .unknown
        if isAMQP == .yes, input.isSet("workloadIdentityResource") == .yes {
            findings.append(input.aboutAuthentication("workloadIdentityResource needs the HTTP protocol; KEDA does not support workload identity over AMQP"))
        }
        if input.atLeast(.v2_20_2) { findings += oauthFindings(input, isAMQP: isAMQP) }
        if isHTTP == .no {
            for flag in ["useRegex", "excludeUnacknowledged"] where input.bool(flag) == true {
                findings.append(input.about(flag, "\(flag): true needs the HTTP protocol (protocol: http, or an http(s):// host)"))
            }
        }
        findings += triggerFindings(input, isHTTP: isHTTP, isAMQP: isAMQP)
        return findings
    }

    private func finding(_ input: ScalerInput, _ name: String, _ message: String) -> Finding {
        input.value(name) != nil ? input.about(name, message) : input.aboutAuthentication(message)
    }

    private func oauthFindings(_ input: ScalerInput, isAMQP: Tri) -> [Finding] {
        let names = ["oauthTokenURI", "clientID", "clientSecret"]
        let set = names.map { input.isSet($0) }
        guard set.contains(.yes) else { return [] }
        var findings: [Finding] = []
        let missing = zip(names, set).filter { $0.1 == .no }.map(\.0)
        if !missing.isEmpty {
            findings.append(input.aboutAuthentication("OAuth2 needs oauthTokenURI, clientID and clientSecret together; \(missing.joined(separator: " and ")) \(missing.count == 1 ? "is" : "are") missing"))
        }
        if isAMQP == .yes {
            findings.append(input.aboutAuthentication("OAuth2 authentication only works with the HTTP protocol, not AMQP"))
        }
        if (input.isSet("username") && input.isSet("password")) == .yes || input.isSet("workloadIdentityResource") == .yes {
            findings.append(input.aboutAuthentication("OAuth2 cannot be combined with username/password or workloadIdentityResource; keep one authentication method"))
        }
        return findings
    }

    private func triggerFindings(_ input: ScalerInput, isHTTP: Tri, isAMQP: Tri) -> [Finding] {
        guard let queueLength = input.number("queueLength"), let value = input.number("value"),
              let mode = input.string("mode") else { return [] }
        let unknownMode = mode == "Unknown"
        if queueLength == 0 && unknownMode && value == 0 { return [] }
        if queueLength != 0 {
            if !unknownMode || value != 0 {
                return [input.about("queueLength", "queueLength is the deprecated form of mode: QueueLength with value; give either queueLength alone or mode and value")]
            }
            return []
        }
        if unknownMode {
            return [input.missing("mode", "value is set but mode is not; set mode (e.g. QueueLength or MessageRate)")]
        }
        if value == 0 {
            return [input.missing("value", "mode \(mode) needs a non-zero value")]
        }
        let all = input.atLeast(.v2_18_0)
            ? ["QueueLength", "MessageRate", "DeliverGetRate", "PublishedToDeliveredRatio", "ExpectedQueueConsumptionTime"]
            : ["QueueLength", "MessageRate"]
        if !all.contains(mode) {
            let hint = Suggest.closest(to: mode, in: all).map { "; did you mean \"\($0)\"?" } ?? ""
            return [input.about("mode", "mode \"\(mode)\" must be one of \(all.joined(separator: ", "))\(hint)")]
        }
        var findings: [Finding] = []
        if mode != "QueueLength", isHTTP == .no {
            findings.append(input.about("mode", "mode \(mode) needs the HTTP protocol (protocol: http, or an http(s):// host)"))
        }
        if isAMQP == .yes, let timeout = input.value("timeout"), let t = timeoutValue(timeout.text, input), t != 0 {
            findings.append(input.at(timeout.located, "timeout is not supported with the AMQP protocol; remove it or use HTTP"))
        }
        if !input.atLeast(.v2_18_0), let timeout = input.value("timeout"), let t = Int64(timeout.text), t < 0 {
            findings.append(input.at(timeout.located, "timeout must not be negative"))
        }
        return findings
    }

    /// The timeout as KEDA reads it: a Go duration or milliseconds (from 2.18), an integer before.
    private func timeoutValue(_ text: String, _ input: ScalerInput) -> Double? {
        if input.atLeast(.v2_18_0) {
            if let d = KEDAValueSyntax.goDuration(text) { return Double(d) }
            return Int64(text).map(Double.init)
        }
        return KEDAValueSyntax.jsonInteger(text, bits: 64, signed: true) == nil ? Double(text) : nil
    }
}
