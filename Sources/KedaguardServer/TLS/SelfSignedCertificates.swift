import Crypto
import Foundation
import SwiftASN1
import X509

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
        let caKey = P256.Signing.PrivateKey()
        let caPrivate = Certificate.PrivateKey(caKey)
        let caName = try DistinguishedName {
            OrganizationName("kedaguard")
            CommonName("kedaguard throwaway CA")
        }
        let notBefore = now.addingTimeInterval(-300)
        let notAfter = now.addingTimeInterval(validFor)
        let ca = try Certificate(
            version: .v3, serialNumber: Certificate.SerialNumber(), publicKey: caPrivate.publicKey,
            notValidBefore: notBefore, notValidAfter: notAfter, issuer: caName, subject: caName,
            signatureAlgorithm: .ecdsaWithSHA256,
            extensions: try Certificate.Extensions {
                Critical(BasicConstraints.isCertificateAuthority(maxPathLength: 0))
                Critical(KeyUsage(keyCertSign: true, cRLSign: true))
                SubjectKeyIdentifier(hash: caPrivate.publicKey)
            },
            issuerPrivateKey: caPrivate)

        let serverKey = P256.Signing.PrivateKey()
        let serverPrivate = Certificate.PrivateKey(serverKey)
        var names: [GeneralName] = dnsNames.map { .dnsName($0) }
        for ip in ipAddresses {
            if let bytes = Self.ipBytes(ip) { names.append(.ipAddress(ASN1OctetString(contentBytes: bytes[...]))) }
        }
        let subject = try DistinguishedName {
            OrganizationName("kedaguard")
            CommonName(dnsNames.first ?? "kedaguard")
        }
        let leaf = try Certificate(
            version: .v3, serialNumber: Certificate.SerialNumber(), publicKey: serverPrivate.publicKey,
            notValidBefore: notBefore, notValidAfter: notAfter, issuer: caName, subject: subject,
            signatureAlgorithm: .ecdsaWithSHA256,
            extensions: try Certificate.Extensions {
                Critical(BasicConstraints.notCertificateAuthority)
                Critical(KeyUsage(digitalSignature: true))
                try ExtendedKeyUsage([.serverAuth])
                SubjectAlternativeNames(names)
            },
            issuerPrivateKey: caPrivate)

        return SelfSignedCertificates(
            caPEM: try ca.serializeAsPEM().pemString,
            certificatePEM: try leaf.serializeAsPEM().pemString,
            keyPEM: try serverPrivate.serializeAsPEM().pemString)
    }

    public func pair() throws -> CertificatePair {
        try CertificatePair(certificatePEM: Array(certificatePEM.utf8), keyPEM: Array(keyPEM.utf8))
    }

    private static func ipBytes(_ text: String) -> [UInt8]? {
        var v4 = in_addr()
        if inet_pton(AF_INET, text, &v4) == 1 { return withUnsafeBytes(of: &v4) { Array($0) } }
        var v6 = in6_addr()
        if inet_pton(AF_INET6, text, &v6) == 1 { return withUnsafeBytes(of: &v6) { Array($0) } }
        return nil
    }
}
