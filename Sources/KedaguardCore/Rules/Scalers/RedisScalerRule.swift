/// redis, redis-cluster, redis-sentinel and their -streams variants: the connection block
/// (`validateRedisAddress`, `SetEnableTLS`) and, for streams, which targets apply.
public struct RedisScalerRule: ScalerRule {
    public static let id = "scaler-redis"
    public init() {}
    public var ruleID: String { Self.id }
    public static let listTypes: Set<String> = ["redis", "redis-cluster", "redis-sentinel"]
    public static let streamTypes: Set<String> = ["redis-streams", "redis-cluster-streams", "redis-sentinel-streams"]
    public let triggerTypes: Set<String> = Self.listTypes.union(Self.streamTypes)
    public var summary: String { "A redis trigger without an address, with hosts and ports that do not pair up, or with TLS set twice." }
    public var explanation: String {
        """
        KEDA needs at least one address: address/addresses, or host(s) together with port(s) of the \
        same count (joined pairwise). enableTLS in the metadata must be a boolean, and it may not be \
        combined with tls in the TriggerAuthentication ("unable to set tls in both ScaledObject and \
        TriggerAuthentication"). For the -streams types, consumerGroup selects the mode: with it, \
        lagCount (if set) or pendingEntriesCount is the target and streamLength is ignored; \
        without it, streamLength is the target and pendingEntriesCount, lagCount and \
        activationLagCount are ignored.
        """
    }

    public func check(_ input: ScalerInput) -> [Finding] {
        var findings: [Finding] = []
        let hosts = input.value("hosts"), ports = input.value("ports")
        if let hosts, let ports {
            let h = hosts.text.components(separatedBy: ",").count, p = ports.text.components(separatedBy: ",").count
            if h != p {
                findings.append(input.at(ports.located, "\(h) host\(h == 1 ? "" : "s") but \(p) port\(p == 1 ? "" : "s"); give one port per host, in the same order"))
            }
        }
        let address = input.seen("addresses")
        let hostsAndPorts = input.isSet("hosts") && input.isSet("ports")
        if address.isSet == .no, hostsAndPorts == .no {
            findings.append(input.missing("address", "no Redis address: set address (host:port), or host and port"))
        } else if let a = address.text, ScalerInput.trim(a.components(separatedBy: ",")[0]).isEmpty, hostsAndPorts == .no {
            findings.append(input.about("addresses", "the first address is empty; list addresses as host:port separated by commas"))
        }
        if let tls = input.value("enableTLS") {
            if KEDAValueSyntax.goBool(tls.text) == nil {
                findings.append(input.at(tls.located, "enableTLS \"\(tls.text)\" must be true or false"))
            }
            if input.isSet("tls") == .yes {
                findings.append(input.at(tls.located, "enableTLS is set here and tls in the TriggerAuthentication; KEDA rejects setting TLS in both places. Keep one"))
            }
        }
        if Self.streamTypes.contains(input.type) {
            findings += streamModeFindings(input)
        }
        return findings
    }

    private func streamModeFindings(_ input: ScalerInput) -> [Finding] {
        var findings: [Finding] = []
        func ignored(_ name: String, _ why: String) {
            if let v = input.value(name) {
                findings.append(input.at(v.located, "\(name) is ignored \(why)", severity: .warning))
            }
        }
        switch input.isSet("consumerGroup") {
        case .no:
            for name in ["pendingEntriesCount", "lagCount", "activationLagCount"] {
                ignored(name, "without consumerGroup (the target is streamLength); set consumerGroup or remove it")
            }
        case .yes:
            ignored("streamLength", "with consumerGroup (the target is lagCount or pendingEntriesCount)")
            if let lag = input.number("lagCount"), lag != 0 {
                ignored("pendingEntriesCount", "when lagCount is set (the target is lagCount)")
            }
        case .unknown:
            break
        }
        return findings
    }
}
