import FakeKubeAPI
import Foundation
import KedaguardCluster
import KedaguardCore
import Testing

struct KubeconfigTests {
    func temporaryDirectory() throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("kedaguard-kubeconfig-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        return dir
    }

    func write(_ text: String, _ name: String, in dir: URL) throws -> String {
        let url = dir.appendingPathComponent(name)
        try text.write(to: url, atomically: true, encoding: .utf8)
        return url.path
    }

    static func config(cluster: String = "server: https://10.0.0.1:6443", user: String = "token: abc",
                       context: String = "cluster: c1\n    user: u1\n    namespace: shop") -> String {
        """
        apiVersion: v1
        kind: Config
        current-context: ctx
        clusters:
        - name: c1
          cluster:
            \(cluster)
        users:
        - name: u1
          user:
            \(user)
        contexts:
        - name: ctx
          context:
            \(context)
        """
    }

    func resolve(_ path: String, allowInsecure: Bool = false, context: String? = nil) throws -> ClusterConnection {
        try ClusterConnection.resolve(ConnectionOptions(kubeconfig: path, context: context, allowInsecure: allowInsecure, environment: [:], homeDirectory: nil))
    }

    @Test func tokenUserAndCurrentContext() throws {
        let dir = try temporaryDirectory()
        let c = try resolve(try write(Self.config(), "config", in: dir))
        #expect(c.server.absoluteString == "https://10.0.0.1:6443")
        #expect(c.namespace == "shop")
        #expect(c.origin == "context ctx")
        guard case .bearer(let source) = c.credentials else { Issue.record("expected a bearer token"); return }
        #expect(try source.token() == "abc")
    }

    @Test func certificateDataAndRelativeFiles() throws {
        let dir = try temporaryDirectory()
        _ = try write("-----BEGIN CERTIFICATE-----\nCA\n-----END CERTIFICATE-----\n", "ca.crt", in: dir)
        let cert = Data("client-cert".utf8).base64EncodedString()
        let key = Data("client-key".utf8).base64EncodedString()
        let path = try write(Self.config(cluster: "server: https://10.0.0.1:6443\n    certificate-authority: ca.crt",
                                         user: "client-certificate-data: \(cert)\n    client-key-data: \(key)"), "config", in: dir)
        let c = try resolve(path)
        #expect(c.certificateAuthorityPEM.map { String(decoding: $0, as: UTF8.self) }?.contains("CA") == true)
        #expect(c.clientCertificatePEM == Array("client-cert".utf8))
        #expect(c.clientKeyPEM == Array("client-key".utf8))
        guard case .none = c.credentials else { Issue.record("no token expected"); return }
    }

    @Test func insecureSkipVerifyNeedsTheFlag() throws {
        let dir = try temporaryDirectory()
        let path = try write(Self.config(cluster: "server: https://10.0.0.1:6443\n    insecure-skip-tls-verify: true"), "config", in: dir)
        #expect(throws: ClusterConfigError.self) { try resolve(path) }
        do {
            _ = try resolve(path)
        } catch {
            #expect("\(error)".contains("--insecure-skip-tls-verify"))
        }
        #expect(try resolve(path, allowInsecure: true).insecureSkipTLSVerify)
    }

    @Test func execPluginsAreRefusedWithAReason() throws {
        let dir = try temporaryDirectory()
        let path = try write(Self.config(user: "exec:\n      apiVersion: client.authentication.k8s.io/v1\n      command: aws"), "config", in: dir)
        do {
            _ = try resolve(path)
            Issue.record("an exec plugin must be refused")
        } catch let error as ClusterConfigError {
            guard case .unsupported(let message) = error else { Issue.record("\(error)"); return }
            #expect(message.contains("exec plugin (aws)"))
            #expect(message.contains("kubectl create token"))
        }
    }

    @Test func unknownContextListsTheKnownOnes() throws {
        let dir = try temporaryDirectory()
        let path = try write(Self.config(), "config", in: dir)
        do {
            _ = try resolve(path, context: "prod")
            Issue.record("expected an error")
        } catch {
            #expect("\(error)".contains("context \"prod\" is not in the kubeconfig (contexts: ctx)"))
        }
    }

    @Test func kubeconfigVariableMergesFilesFirstWins() throws {
        let dir = try temporaryDirectory()
        let first = try write("""
        current-context: second
        clusters:
        - name: c1
          cluster: {server: "https://first:6443"}
        """, "a", in: dir)
        let second = try write("""
        current-context: ignored
        clusters:
        - name: c1
          cluster: {server: "https://shadowed:6443"}
        users:
        - name: u1
          user: {token: t}
        contexts:
        - name: second
          context: {cluster: c1, user: u1}
        """, "b", in: dir)
        let options = ConnectionOptions(environment: ["KUBECONFIG": "\(first):/does/not/exist:\(second)"], homeDirectory: nil)
        let c = try ClusterConnection.resolve(options)
        #expect(c.server.host == "first")
        #expect(c.origin == "context second")
    }

    @Test func inClusterServiceAccount() throws {
        let dir = try temporaryDirectory()
        _ = try write("sa-token\n", "token", in: dir)
        _ = try write("-----BEGIN CERTIFICATE-----\nX\n-----END CERTIFICATE-----\n", "ca.crt", in: dir)
        _ = try write("keda", "namespace", in: dir)
        let options = ConnectionOptions(environment: ["KUBERNETES_SERVICE_HOST": "fd00::1", "KUBERNETES_SERVICE_PORT": "443"],
                                        homeDirectory: nil, inCluster: InClusterPaths(directory: dir.path))
        let c = try ClusterConnection.resolve(options)
        #expect(c.server.absoluteString == "https://[fd00::1]:443")
        #expect(c.namespace == "keda")
        guard case .bearer(let source) = c.credentials else { Issue.record("expected the service account token"); return }
        #expect(try source.token() == "sa-token")
        #expect(source.canReload)
    }

    @Test func nothingConfiguredSaysWhatToDo() {
        #expect(throws: ClusterConfigError.self) {
            try ClusterConnection.resolve(ConnectionOptions(environment: [:], homeDirectory: nil))
        }
    }

    /// TLS with the test CA and a client certificate from a kubeconfig: the cache syncs.
    @Test func clientCertificateOverTLS() async throws {
        try await withTimeLimit {
            var options = FakeKubeAPI.Options()
            options.tls = true
            options.requireClientCertificate = true
            let dir = try temporaryDirectory()
            let h = try await Harness(options: options) { api in
                let certs = api.certificates!
                let b64 = { (s: String) in Data(s.utf8).base64EncodedString() }
                let path = try write(Self.config(cluster: "server: \(api.url)\n    certificate-authority-data: \(b64(certs.caPEM))",
                                                 user: "client-certificate-data: \(b64(certs.clientCertificatePEM))\n    client-key-data: \(b64(certs.clientKeyPEM))"),
                                     "config", in: dir)
                return try resolve(path)
            }
            h.api.apply(Objects.hpa("shop", "a", target: "web"))
            try await h.startAndSync()
            #expect(await h.lookup.horizontalPodAutoscalers(targeting: ClusterLookupTests.web).value?.map(\.name) == ["a"])
            await h.stop()
        }
    }

    @Test func untrustedServerCertificateFails() async throws {
        try await withTimeLimit {
            var options = FakeKubeAPI.Options()
            options.tls = true
            let api = try FakeKubeAPI(options: options)
            try await api.start()
            // No CA given: the system roots do not know the test CA.
            let client = try KubeClient(connection: ClusterConnection(server: URL(string: api.url)!, origin: "test"))
            do {
                _ = try await client.get("/api/v1/limitranges")
                Issue.record("the handshake must fail")
            } catch let error as KubeAPIError {
                guard case .transport(let message) = error else { Issue.record("\(error)"); return }
                #expect(message.contains("cannot reach the API server"))
            }
            await client.shutdown()
            await api.stop()
        }
    }
}
