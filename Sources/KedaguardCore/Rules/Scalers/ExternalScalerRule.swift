/// external and external-push: KEDA forwards all metadata to the gRPC scaler and checks nothing
/// beyond scalerAddress; what it silently ignores is worth a warning.
public struct ExternalScalerRule: ScalerRule {
    public static let id = "scaler-external"
    public init() {}
    public var ruleID: String { Self.id }
    public var severity: Severity { .warning }
    public let triggerTypes: Set<String> = ["external", "external-push"]
    public var summary: String { "An external scaler address that gRPC cannot dial, or a client certificate without its key." }
    public var explanation: String {
        """
        scalerAddress is a gRPC target such as my-scaler.ns.svc:6000, not a URL: with http:// or \
        https:// in front gRPC cannot dial it. tlsClientCert and tlsClientKey (from the \
        TriggerAuthentication) are used only together; one without the other is silently ignored. \
        Everything else in metadata is passed to the external scaler unchecked.
        """
    }

    public func check(_ input: ScalerInput) -> [Finding] {
        var findings: [Finding] = []
        if let v = input.value("scalerAddress") {
            let lower = v.text.lowercased()
            if lower.hasPrefix("http://") || lower.hasPrefix("https://") {
                findings.append(input.at(v.located, "scalerAddress \"\(v.text)\" is a URL; gRPC expects host:port (use enableTLS for TLS)"))
            }
        }
        let cert = input.isSet("tlsClientCert"), key = input.isSet("tlsClientKey")
        if cert == .yes && key == .no || cert == .no && key == .yes {
            findings.append(input.aboutAuthentication("tlsClientCert and tlsClientKey are only used together; the TriggerAuthentication supplies just one, so no client certificate is sent"))
        }
        return findings
    }
}
