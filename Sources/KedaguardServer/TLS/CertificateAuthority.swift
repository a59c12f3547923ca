import Crypto
import Foundation
import SwiftASN1
import X509

/// A small private CA for the webhook: makes itself, signs serving certificates, and can be
/// written to and read back from PEM so that `kedaguard certs` can issue a new serving
/// certificate under the same CA (the caBundle registered with kube-apiserver stays valid).
/// `--self-signed` and the tests use it through `SelfSignedCertificates`.
public struct CertificateAuthority: Sendable {
    public let certificate: Certificate
    private let key: Certificate.PrivateKey

    public struct Invalid: Error, CustomStringConvertible {
        public let description: String
    }

    /// A new CA with a P-256 key. It may only sign end-entity certificates (path length 0).
    public static func generate(commonName: String = "kedaguard CA", validFor: TimeInterval,
                                now: Date = Date()) throws -> CertificateAuthority {
        let key = Certificate.PrivateKey(P256.Signing.PrivateKey())
        let name = try DistinguishedName {
            OrganizationName("kedaguard")
            CommonName(commonName)
        }
        let certificate = try Certificate(
            version: .v3, serialNumber: Certificate.SerialNumber(), publicKey: key.publicKey,
            // Backdated a little: clocks of nodes and kube-apiserver are not exactly ours.
            notValidBefore: now.addingTimeInterval(-300), notValidAfter: now.addingTimeInterval(validFor),
            issuer: name, subject: name, signatureAlgorithm: .ecdsaWithSHA256,
            extensions: try Certificate.Extensions {
                Critical(BasicConstraints.isCertificateAuthority(maxPathLength: 0))
                Critical(KeyUsage(keyCertSign: true, cRLSign: true))
                SubjectKeyIdentifier(hash: key.publicKey)
            },
            issuerPrivateKey: key)
        return CertificateAuthority(certificate: certificate, key: key)
    }

    private init(certificate: Certificate, key: Certificate.PrivateKey) {
        self.certificate = certificate
        self.key = key
    }

    /// Reads a CA written by `certificatePEM`/`keyPEM` (or any CA certificate and its key).
    public init(certificatePEM: String, keyPEM: String) throws(Invalid) {
        let certificate: Certificate
        let key: Certificate.PrivateKey
        do {
            certificate = try Certificate(pemEncoded: certificatePEM)
        } catch {
            throw Invalid(description: "the CA certificate is not a readable PEM X.509 certificate (\(error))")
        }
        do {
            key = try Certificate.PrivateKey(pemEncoded: keyPEM)
        } catch {
            throw Invalid(description: "the CA key is not a readable PEM private key (\(error))")
        }
        guard key.publicKey == certificate.publicKey else {
            throw Invalid(description: "the CA key does not belong to the CA certificate")
        }
        guard let constraints = try? certificate.extensions.basicConstraints, case .isCertificateAuthority = constraints else {
            throw Invalid(description: "the CA certificate is not a CA (basicConstraints CA:TRUE is missing)")
        }
        self.init(certificate: certificate, key: key)
    }

    public var certificatePEM: String { get throws { try certificate.serializeAsPEM().pemString } }
    public var keyPEM: String { get throws { try key.serializeAsPEM().pemString } }

    /// A serving certificate (TLS server auth) for `dnsNames` and `ipAddresses`, with a new
    /// P-256 key. Its validity ends with the CA's at the latest.
    public func issueServingCertificate(dnsNames: [String], ipAddresses: [String] = [], validFor: TimeInterval,
                                        now: Date = Date()) throws -> (certificatePEM: String, keyPEM: String) {
        let leafKey = Certificate.PrivateKey(P256.Signing.PrivateKey())
        var names: [GeneralName] = dnsNames.map { .dnsName($0) }
        for ip in ipAddresses {
            guard let bytes = Self.ipBytes(ip) else { throw Invalid(description: "\(ip) is not an IPv4 or IPv6 address") }
            names.append(.ipAddress(ASN1OctetString(contentBytes: bytes[...])))
        }
        let subject = try DistinguishedName {
            OrganizationName("kedaguard")
            CommonName(dnsNames.first ?? "kedaguard")
        }
        let caKeyID = try certificate.extensions.subjectKeyIdentifier?.keyIdentifier
        let leaf = try Certificate(
            version: .v3, serialNumber: Certificate.SerialNumber(), publicKey: leafKey.publicKey,
            notValidBefore: now.addingTimeInterval(-300),
            notValidAfter: min(now.addingTimeInterval(validFor), certificate.notValidAfter),
            issuer: certificate.subject, subject: subject, signatureAlgorithm: .ecdsaWithSHA256,
            extensions: try Certificate.Extensions {
                Critical(BasicConstraints.notCertificateAuthority)
                Critical(KeyUsage(digitalSignature: true))
                try ExtendedKeyUsage([.serverAuth])
                SubjectAlternativeNames(names)
                if let caKeyID { AuthorityKeyIdentifier(keyIdentifier: caKeyID) }
            },
            issuerPrivateKey: key)
        return (try leaf.serializeAsPEM().pemString, try leafKey.serializeAsPEM().pemString)
    }

    private static func ipBytes(_ text: String) -> [UInt8]? {
        var v4 = in_addr()
        if inet_pton(AF_INET, text, &v4) == 1 { return withUnsafeBytes(of: &v4) { Array($0) } }
        var v6 = in6_addr()
        if inet_pton(AF_INET6, text, &v6) == 1 { return withUnsafeBytes(of: &v6) { Array($0) } }
        return nil
    }
}
