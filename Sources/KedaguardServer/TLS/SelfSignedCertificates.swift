import Foundation

/// A throwaway CA and a serving certificate it signed, for `--self-signed` and for tests.
public struct SelfSignedCertificates: Sendable {
    public let caPEM: String
    public let certificatePEM: String
    public let keyPEM: String

    /// - Parameters:
    ///   - dnsNames: names the serving certificate is valid for (kube-apiserver checks
    ///     `<service>.<namespace>.svc`).
    ///   - ipAddresses: IPv4 or IPv6 literals the certificate is valid for.
    public static func generate(dnsNames: [String] = ["localhost"], ipAddresses: [String] = ["127.0.0.1", "::1"],
                                validFor: TimeInterval = 7 * 24 * 3600, now: Date = Date()) throws -> SelfSignedCertificates {
        let ca = try CertificateAuthority.generate(commonName: "kedaguard throwaway CA", validFor: validFor, now: now)
        let leaf = try ca.issueServingCertificate(dnsNames: dnsNames, ipAddresses: ipAddresses, validFor: validFor, now: now)
        return SelfSignedCertificates(caPEM: try ca.certificatePEM, certificatePEM: leaf.certificatePEM, keyPEM: leaf.keyPEM)
    }

    public func pair() throws -> CertificatePair {
        try CertificatePair(certificatePEM: Array(certificatePEM.utf8), keyPEM: Array(keyPEM.utf8))
    }
}
