import ArgumentParser
import Foundation
import KedaguardServer

struct CertsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "certs",
        abstract: "Make a CA and a serving certificate for the webhook's Service.",
        discussion: """
        Writes ca.crt, ca.key, tls.crt and tls.key to --out. The serving certificate is valid for \
        <service>, <service>.<namespace>, <service>.<namespace>.svc and \
        <service>.<namespace>.svc.<cluster-domain>. When --out already holds ca.crt and ca.key, \
        that CA signs the new certificate, so the caBundle kube-apiserver has stays valid and \
        rotating is only replacing the Secret (the server reloads it). --patch-webhooks writes \
        the CA into the webhook configurations of a YAML file, in place. See docs/operations.md.
        """
    )

    @Option(name: .long, help: "Name of the webhook's Service.")
    var service: String = "kedaguard"

    @Option(name: .long, help: "Namespace of the Service.")
    var namespace: String = "kedaguard-system"

    @Option(name: .long, help: "Directory to write ca.crt, ca.key, tls.crt and tls.key to (created if missing).")
    var out: String

    @Option(name: .long, help: "Days the serving certificate is valid.")
    var days: Int = 365

    @Option(name: .customLong("ca-days"), help: "Days a new CA is valid.")
    var caDays: Int = 3650

    @Flag(name: .customLong("new-ca"), help: "Make a new CA even if --out has one (the caBundle must then be updated too).")
    var newCA = false

    @Option(name: .customLong("cluster-domain"), help: "The cluster's DNS domain.")
    var clusterDomain: String = "cluster.local"

    @Option(name: .customLong("patch-webhooks"), help: "YAML file whose Validating/MutatingWebhookConfigurations get the caBundle (repeatable).")
    var patchWebhooks: [String] = []

    func validate() throws {
        for (flag, value) in [("--service", service), ("--namespace", namespace)] where !Self.isDNSLabel(value) {
            throw ValidationError("\(flag) must be a DNS label (lower-case letters, digits and '-', at most 63), got \"\(value)\"")
        }
        guard !clusterDomain.isEmpty, clusterDomain.split(separator: ".", omittingEmptySubsequences: false).allSatisfy({ Self.isDNSLabel(String($0)) }) else {
            throw ValidationError("--cluster-domain must be a DNS name such as cluster.local")
        }
        guard days > 0, caDays > 0 else { throw ValidationError("--days and --ca-days must be positive") }
    }

    func run() throws {
        let files = OutputFiles(directory: out)
        let ca: CertificateAuthority
        let reused: Bool
        do {
            try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
            (ca, reused) = try loadOrMakeCA(files)
        } catch {
            printError("kedaguard: \(error)")
            throw ExitCode(1)
        }
        let dnsNames = ["\(service).\(namespace).svc", service, "\(service).\(namespace)", "\(service).\(namespace).svc.\(clusterDomain)"]
        let caPEM: String
        do {
            let leaf = try ca.issueServingCertificate(dnsNames: dnsNames, validFor: TimeInterval(days) * 86_400)
            caPEM = try ca.certificatePEM
            if !reused {
                try write(caPEM, to: files.caCertificate, mode: 0o644)
                try write(try ca.keyPEM, to: files.caKey, mode: 0o600)
            }
            try write(leaf.certificatePEM, to: files.certificate, mode: 0o644)
            try write(leaf.keyPEM, to: files.key, mode: 0o600)
        } catch {
            printError("kedaguard: cannot write the certificates: \(error)")
            throw ExitCode(1)
        }
        let notAfter = ISO8601DateFormatter().string(from: min(Date().addingTimeInterval(TimeInterval(days) * 86_400), ca.certificate.notValidAfter))
        print("""
        \(reused ? "reused the CA in" : "new CA written to") \(files.caCertificate) (key \(files.caKey): keep it out of the cluster and out of Git)
        serving certificate \(files.certificate) and key \(files.key), valid until \(notAfter) for:
          \(dnsNames.joined(separator: ", "))
        """)
        if ca.certificate.notValidAfter < Date().addingTimeInterval(TimeInterval(days) * 86_400) {
            print("note: the CA expires first, so the serving certificate ends with it; make a new CA with --new-ca before then")
        }

        let caBundle = Data(caPEM.utf8).base64EncodedString()
        var failed = false
        for path in patchWebhooks {
            do {
                guard let data = FileManager.default.contents(atPath: path) else { throw CertsFailure("cannot read \(path)") }
                let result = try WebhookCABundlePatch.apply(to: String(decoding: data, as: UTF8.self), caBundle: caBundle,
                                                            service: service, namespace: namespace)
                guard !result.patched.isEmpty else {
                    throw CertsFailure("\(path): no webhook calls the Service \(service) in \(namespace); nothing patched")
                }
                try write(result.text, to: path, mode: nil)
                print("caBundle written to \(path): \(result.patched.joined(separator: "; "))")
            } catch {
                printError("kedaguard: \(path): \(error)")
                failed = true
            }
        }
        print("""

        Next, create or replace the Secret the pods mount (they reload it within seconds):
          kubectl -n \(namespace) create secret tls \(service)-tls --cert=\(files.certificate) --key=\(files.key) \\
            --dry-run=client -o yaml | kubectl apply -f -
        """)
        if patchWebhooks.isEmpty && !reused {
            print("and register the new CA: rerun with --patch-webhooks FILE, or set clientConfig.caBundle to\n  \(caBundle)")
        }
        if failed { throw ExitCode(1) }
    }

    private func loadOrMakeCA(_ files: OutputFiles) throws -> (CertificateAuthority, Bool) {
        let fm = FileManager.default
        let haveCert = fm.fileExists(atPath: files.caCertificate), haveKey = fm.fileExists(atPath: files.caKey)
        if !newCA && (haveCert || haveKey) {
            guard haveCert && haveKey else {
                throw CertsFailure("\(out) has \(haveCert ? "ca.crt but no ca.key" : "ca.key but no ca.crt"); supply both to reuse the CA, or pass --new-ca")
            }
            guard let cert = fm.contents(atPath: files.caCertificate), let key = fm.contents(atPath: files.caKey) else {
                throw CertsFailure("cannot read \(files.caCertificate) or \(files.caKey)")
            }
            let ca = try CertificateAuthority(certificatePEM: String(decoding: cert, as: UTF8.self), keyPEM: String(decoding: key, as: UTF8.self))
            guard ca.certificate.notValidAfter > Date() else {
                throw CertsFailure("the CA in \(files.caCertificate) has expired; pass --new-ca")
            }
            return (ca, true)
        }
        return (try CertificateAuthority.generate(commonName: "kedaguard CA (\(service).\(namespace))", validFor: TimeInterval(caDays) * 86_400), false)
    }

    /// Written next to the target and renamed over it, so a reader never sees half a file.
    private func write(_ text: String, to path: String, mode: Int?) throws {
        let temporary = path + ".tmp-\(ProcessInfo.processInfo.processIdentifier)"
        var attributes: [FileAttributeKey: Any] = [:]
        if let mode {
            attributes[.posixPermissions] = mode
        } else if let existing = try? FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] {
            attributes[.posixPermissions] = existing
        }
        guard FileManager.default.createFile(atPath: temporary, contents: Data(text.utf8), attributes: attributes) else {
            throw CertsFailure("cannot write \(temporary)")
        }
        guard rename(temporary, path) == 0 else {
            let reason = String(cString: strerror(errno))
            try? FileManager.default.removeItem(atPath: temporary)
            throw CertsFailure("cannot replace \(path): \(reason)")
        }
    }

    static func isDNSLabel(_ s: String) -> Bool {
        guard (1...63).contains(s.utf8.count), s.first != "-", s.last != "-" else { return false }
        return s.utf8.allSatisfy { ($0 >= 97 && $0 <= 122) || ($0 >= 48 && $0 <= 57) || $0 == 45 }
    }

    struct OutputFiles {
        let caCertificate, caKey, certificate, key: String

        init(directory: String) {
            func path(_ name: String) -> String { (directory as NSString).appendingPathComponent(name) }
            caCertificate = path("ca.crt")
            caKey = path("ca.key")
            certificate = path("tls.crt")
            key = path("tls.key")
        }
    }
}

struct CertsFailure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
