import Foundation
import Testing

/// `kedaguard certs` as an operator runs it against the shipped webhook configuration.
struct CertsCommandTests {
    func read(_ url: URL) throws -> String { try String(contentsOf: url, encoding: .utf8) }

    @Test func writesThePairAndPatchesTheShippedWebhooks() throws {
        let dir = try Binary.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let webhooks = dir.appendingPathComponent("webhooks.yaml")
        try FileManager.default.copyItem(at: Binary.repo.appendingPathComponent("webhook-config/base/webhooks.yaml"), to: webhooks)
        let out = dir.appendingPathComponent("certs")

        let first = try Binary.run(["certs", "--out", out.path, "--days", "30", "--patch-webhooks", webhooks.path])
        #expect(first.status == 0, "\(first.stderr)")
        for (name, mode) in [("ca.crt", 0o644), ("ca.key", 0o600), ("tls.crt", 0o644), ("tls.key", 0o600)] {
            let attributes = try FileManager.default.attributesOfItem(atPath: out.appendingPathComponent(name).path)
            #expect((attributes[.posixPermissions] as? Int) == mode, "\(name)")
        }
        let ca = try read(out.appendingPathComponent("ca.crt"))
        let bundle = Data(ca.utf8).base64EncodedString()
        let patched = try read(webhooks)
        #expect(patched.components(separatedBy: "caBundle: \(bundle)\n").count == 3, "both webhooks carry the CA")
        #expect(patched.contains("# Registration of the webhook"), "comments survive")
        #expect(first.stdout.contains("kedaguard.kedaguard-system.svc.cluster.local"))

        // Rotation: the CA stays, so the caBundle stays; only the serving pair changes.
        let oldLeaf = try read(out.appendingPathComponent("tls.crt"))
        let second = try Binary.run(["certs", "--out", out.path, "--patch-webhooks", webhooks.path])
        #expect(second.status == 0, "\(second.stderr)")
        #expect(second.stdout.contains("reused the CA"))
        #expect(try read(out.appendingPathComponent("ca.crt")) == ca)
        #expect(try read(out.appendingPathComponent("tls.crt")) != oldLeaf)
        #expect(try read(webhooks) == patched)

        // --new-ca replaces it.
        let third = try Binary.run(["certs", "--out", out.path, "--new-ca"])
        #expect(third.status == 0)
        #expect(try read(out.appendingPathComponent("ca.crt")) != ca)
    }

    @Test func refusesWhatItCannotDo() throws {
        let dir = try Binary.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let bad = try Binary.run(["certs", "--out", dir.path, "--service", "Kedaguard_1"])
        #expect(bad.status == 2)
        #expect(bad.stderr.contains("--service must be a DNS label"))

        // A file with no webhook for this Service: nothing to patch is an error, not silence.
        let other = dir.appendingPathComponent("other.yaml")
        try "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\n".write(to: other, atomically: true, encoding: .utf8)
        let none = try Binary.run(["certs", "--out", dir.appendingPathComponent("c").path, "--patch-webhooks", other.path])
        #expect(none.status == 1)
        #expect(none.stderr.contains("nothing patched"))

        // Half a CA is refused rather than silently replaced.
        let half = dir.appendingPathComponent("half")
        try FileManager.default.createDirectory(at: half, withIntermediateDirectories: true)
        try "x".write(to: half.appendingPathComponent("ca.crt"), atomically: true, encoding: .utf8)
        let partial = try Binary.run(["certs", "--out", half.path])
        #expect(partial.status == 1)
        #expect(partial.stderr.contains("ca.crt but no ca.key"))
    }
}

/// `--enforcement warn` on the command line, as the warn-only component passes it to `serve`.
struct EnforcementFlagTests {
    @Test func reviewAdmitsWhatItWouldDenyAndSaysSo() throws {
        let invalid = Binary.repo.appendingPathComponent("testdata/admission/validate/scaledobject-create-invalid.json").path
        let enforced = try Binary.run(["review", invalid])
        #expect(enforced.status == 1)
        #expect(enforced.stdout.contains("\"allowed\":false"))
        let warned = try Binary.run(["review", "--enforcement", "warn", invalid])
        #expect(warned.status == 0, "\(warned.stderr)")
        #expect(warned.stdout.contains("\"allowed\":true"))
        #expect(warned.stdout.contains("would deny: "))
        let bad = try Binary.run(["review", "--enforcement", "audit", invalid])
        #expect(bad.status == 2)
    }
}
