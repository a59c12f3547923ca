import Crypto
import Foundation
import NIOConcurrencyHelpers
import NIOCore
import NIOSSL
import X509

/// A serving certificate chain and its key, checked to belong together.
public struct CertificatePair: Sendable {
    public let chain: [NIOSSLCertificate]
    public let key: NIOSSLPrivateKey
    public let notValidAfter: Date
    public let subject: String
    /// SHA-256 of the PEM files, to notice changes without comparing bytes on every poll.
    public let digest: String

    public struct Invalid: Error, CustomStringConvertible {
        public let description: String
    }

    /// Parses PEM bytes; fails if either is unreadable or the key does not match the leaf.
    public init(certificatePEM: [UInt8], keyPEM: [UInt8]) throws(Invalid) {
        let certText = String(decoding: certificatePEM, as: UTF8.self)
        let keyText = String(decoding: keyPEM, as: UTF8.self)
        let leaf: Certificate
        let privateKey: Certificate.PrivateKey
        do {
            leaf = try Certificate(pemEncoded: certText)
        } catch {
            throw Invalid(description: "the certificate is not a readable PEM X.509 certificate (\(error))")
        }
        do {
            privateKey = try Certificate.PrivateKey(pemEncoded: keyText)
        } catch {
            throw Invalid(description: "the key is not a readable PEM private key (\(error))")
        }
        guard privateKey.publicKey == leaf.publicKey else {
            throw Invalid(description: "the private key does not belong to the certificate")
        }
        do {
            chain = try NIOSSLCertificate.fromPEMBytes(certificatePEM)
            key = try NIOSSLPrivateKey(bytes: keyPEM, format: .pem)
        } catch {
            throw Invalid(description: "BoringSSL cannot load the pair (\(error))")
        }
        guard !chain.isEmpty else { throw Invalid(description: "the certificate file holds no certificate") }
        notValidAfter = leaf.notValidAfter
        subject = leaf.subject.description
        digest = Self.digest(certificatePEM, keyPEM)
    }

    static func digest(_ cert: [UInt8], _ key: [UInt8]) -> String {
        var hasher = SHA256()
        hasher.update(data: cert)
        hasher.update(data: [0])
        hasher.update(data: key)
        return hasher.finalize().map { String(format: "%02x", $0) }.joined()
    }
}

/// Holds the pair new TLS handshakes use. Swapping it never touches open connections: their
/// handshake is done. BoringSSL asks for the pair through NIOSSL's context callback once per
/// handshake, so a reload needs no new server.
public final class CertificateStore: Sendable {
    private let current: NIOLockedValueBox<CertificatePair>

    public init(_ pair: CertificatePair) {
        current = NIOLockedValueBox(pair)
    }

    public var pair: CertificatePair { current.withLockedValue { $0 } }

    public func replace(with pair: CertificatePair) {
        current.withLockedValue { $0 = pair }
    }

    /// TLS 1.2 or newer, with the store consulted on every handshake. `alpn` lists what the
    /// server offers: `http/1.1`, and `h2` when HTTP/2 is on.
    public func serverConfiguration(alpn: [String]) -> TLSConfiguration {
        let pair = self.pair
        var config = TLSConfiguration.makeServerConfiguration(
            certificateChain: pair.chain.map { .certificate($0) },
            privateKey: .privateKey(pair.key))
        config.minimumTLSVersion = .tlsv12
        config.applicationProtocols = alpn
        config.sslContextCallback = { [current] _, promise in
            let pair = current.withLockedValue { $0 }
            var override = NIOSSLContextConfigurationOverride()
            override.certificateChain = pair.chain.map { .certificate($0) }
            override.privateKey = .privateKey(pair.key)
            promise.succeed(override)
        }
        return config
    }
}

/// Where `--cert-dir` keeps the pair (controller-runtime's names).
public struct CertificateFiles: Sendable, Hashable {
    public var certificatePath: String
    public var keyPath: String

    public init(directory: String, certName: String = "tls.crt", keyName: String = "tls.key") {
        certificatePath = (directory as NSString).appendingPathComponent(certName)
        keyPath = (directory as NSString).appendingPathComponent(keyName)
    }

    public struct ReadError: Error, CustomStringConvertible {
        public let description: String
    }

    public func readBytes() throws(ReadError) -> (cert: [UInt8], key: [UInt8]) {
        guard let cert = FileManager.default.contents(atPath: certificatePath) else {
            throw ReadError(description: "cannot read \(certificatePath)")
        }
        guard let key = FileManager.default.contents(atPath: keyPath) else {
            throw ReadError(description: "cannot read \(keyPath)")
        }
        return ([UInt8](cert), [UInt8](key))
    }

    public func load() throws -> CertificatePair {
        let (cert, key) = try readBytes()
        return try CertificatePair(certificatePEM: cert, keyPEM: key)
    }
}
