import Foundation
import KedaguardServer
import Testing
@_spi(FixedExpiryValidationTime) import X509

/// The CA behind `kedaguard certs` and `--self-signed`: chains must verify the way a TLS client
/// (kube-apiserver) checks them, for the Service's names and no others.
struct CertificateAuthorityTests {
    let names = ["kedaguard.kedaguard-system.svc", "kedaguard", "kedaguard.kedaguard-system", "kedaguard.kedaguard-system.svc.cluster.local"]

    func verify(leafPEM: String, caPEM: String, hostname: String, at time: Date = Date()) async throws -> Bool {
        let ca = try Certificate(pemEncoded: caPEM)
        let leaf = try Certificate(pemEncoded: leafPEM)
        var verifier = Verifier(rootCertificates: X509.CertificateStore([ca])) {
            RFC5280Policy(fixedExpiryValidationTime: time)
            ServerIdentityPolicy(serverHostname: hostname, serverIP: nil)
        }
        if case .validCertificate = await verifier.validate(leaf: leaf, intermediates: X509.CertificateStore()) { return true }
        return false
    }

    @Test func servingCertificateVerifiesForEachServiceName() async throws {
        let ca = try CertificateAuthority.generate(validFor: 3650 * 86_400)
        let leaf = try ca.issueServingCertificate(dnsNames: names, validFor: 365 * 86_400)
        for name in names { #expect(try await verify(leafPEM: leaf.certificatePEM, caPEM: ca.certificatePEM, hostname: name)) }
        #expect(try await !verify(leafPEM: leaf.certificatePEM, caPEM: ca.certificatePEM, hostname: "other.kedaguard-system.svc"))
        // Another CA does not vouch for it.
        let stranger = try CertificateAuthority.generate(validFor: 86_400)
        #expect(try await !verify(leafPEM: leaf.certificatePEM, caPEM: stranger.certificatePEM, hostname: names[0]))
        // Expired after --days.
        #expect(try await !verify(leafPEM: leaf.certificatePEM, caPEM: ca.certificatePEM, hostname: names[0],
                                  at: Date().addingTimeInterval(366 * 86_400)))
        let parsed = try Certificate(pemEncoded: leaf.certificatePEM)
        #expect(try parsed.extensions.extendedKeyUsage?.contains(.serverAuth) == true)
        #expect(try parsed.extensions.basicConstraints == .notCertificateAuthority)
    }

    @Test func aReloadedCAKeepsSigningForTheSameBundle() async throws {
        let ca = try CertificateAuthority.generate(validFor: 3650 * 86_400)
        let reloaded = try CertificateAuthority(certificatePEM: ca.certificatePEM, keyPEM: ca.keyPEM)
        #expect(try reloaded.certificatePEM == ca.certificatePEM)
        let leaf = try reloaded.issueServingCertificate(dnsNames: names, validFor: 86_400)
        #expect(try await verify(leafPEM: leaf.certificatePEM, caPEM: ca.certificatePEM, hostname: names[0]))
        // The pair loads as the server loads it.
        _ = try CertificatePair(certificatePEM: Array(leaf.certificatePEM.utf8), keyPEM: Array(leaf.keyPEM.utf8))
    }

    @Test func leafNeverOutlivesItsCA() throws {
        let ca = try CertificateAuthority.generate(validFor: 10 * 86_400)
        let leaf = try Certificate(pemEncoded: ca.issueServingCertificate(dnsNames: names, validFor: 365 * 86_400).certificatePEM)
        #expect(leaf.notValidAfter == ca.certificate.notValidAfter)
    }

    @Test func mismatchedOrNonCAInputIsRefused() throws {
        let a = try CertificateAuthority.generate(validFor: 86_400), b = try CertificateAuthority.generate(validFor: 86_400)
        #expect(throws: CertificateAuthority.Invalid.self) { try CertificateAuthority(certificatePEM: a.certificatePEM, keyPEM: b.keyPEM) }
        let leaf = try a.issueServingCertificate(dnsNames: ["x"], validFor: 86_400)
        #expect(throws: CertificateAuthority.Invalid.self) { try CertificateAuthority(certificatePEM: leaf.certificatePEM, keyPEM: leaf.keyPEM) }
        #expect(throws: CertificateAuthority.Invalid.self) { try CertificateAuthority(certificatePEM: "nonsense", keyPEM: a.keyPEM) }
    }
}
