import AsyncHTTPClient
import Foundation
import KedaguardCore
import KedaguardServer
import Logging
import NIOCore
import NIOHTTP1
import NIOSSL
import ServiceLifecycle
import Testing

/// A webhook server on 127.0.0.1 with ephemeral ports and a certificate made for the test.
struct TestServer {
    let server: WebhookServer
    let group: ServiceGroup
    let task: Task<Void, any Error>
    let ports: WebhookServer.BoundPorts
    let certificates: SelfSignedCertificates

    static let quietLogger = Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() })

    static func start(http2: Bool = false, certificateDirectory: String? = nil, limits: ConnectionLimits = ConnectionLimits(),
                      shutdownDelay: Duration = .zero, handler: AdmissionHandler = AdmissionHandler()) async throws -> TestServer {
        let certificates: SelfSignedCertificates
        var files: CertificateFiles?
        if let certificateDirectory {
            certificates = try writeNewPair(to: certificateDirectory)
            files = CertificateFiles(directory: certificateDirectory)
        } else {
            certificates = try SelfSignedCertificates.generate()
        }
        let configuration = WebhookServerConfiguration(
            address: ListenAddress(host: "127.0.0.1", port: 0),
            metricsAddress: ListenAddress(host: "127.0.0.1", port: 0),
            healthAddress: ListenAddress(host: "127.0.0.1", port: 0),
            enableHTTP2: http2, limits: limits, certificateFiles: files,
            certificateReloadInterval: .milliseconds(100), shutdownDelay: shutdownDelay)
        let server = WebhookServer(configuration: configuration, handler: handler,
                                   certificates: CertificateStore(try certificates.pair()), logger: quietLogger)
        let group = try server.makeServiceGroup()
        let task = Task { try await group.run() }
        let ports = await server.boundPorts()
        return TestServer(server: server, group: group, task: task, ports: ports, certificates: certificates)
    }

    @discardableResult
    static func writeNewPair(to directory: String) throws -> SelfSignedCertificates {
        let pair = try SelfSignedCertificates.generate()
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        try Data(pair.certificatePEM.utf8).write(to: URL(fileURLWithPath: directory + "/tls.crt"))
        try Data(pair.keyPEM.utf8).write(to: URL(fileURLWithPath: directory + "/tls.key"))
        return pair
    }

    func stop() async throws {
        await group.triggerGracefulShutdown()
        try await task.value
    }

    var baseURL: String { "https://localhost:\(ports.admission)" }

    func metricsText() async throws -> String {
        try await plainGet("http://127.0.0.1:\(ports.metrics!)/metrics").body
    }
}

/// An HTTPS client that trusts one CA, over HTTP/1.1 only or with HTTP/2 allowed.
func makeClient(trusting caPEM: String, http2: Bool) throws -> HTTPClient {
    var tls = TLSConfiguration.makeClientConfiguration()
    tls.trustRoots = .certificates(try NIOSSLCertificate.fromPEMBytes(Array(caPEM.utf8)))
    var configuration = HTTPClient.Configuration(tlsConfiguration: tls)
    configuration.httpVersion = http2 ? .automatic : .http1Only
    return HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
}

struct Reply {
    var status: Int
    var contentType: String?
    var body: String
    var version: HTTPVersion
}

func post(_ client: HTTPClient, _ url: String, body: [UInt8], contentType: String? = "application/json") async throws -> Reply {
    var request = HTTPClientRequest(url: url)
    request.method = .POST
    if let contentType { request.headers.add(name: "Content-Type", value: contentType) }
    request.body = .bytes(ByteBuffer(bytes: body))
    let response = try await client.execute(request, timeout: .seconds(30))
    let bytes = try await response.body.collect(upTo: 16 * 1024 * 1024)
    return Reply(status: Int(response.status.code), contentType: response.headers.first(name: "Content-Type"),
                 body: String(buffer: bytes), version: response.version)
}

func plainGet(_ url: String) async throws -> Reply {
    let response = try await HTTPClient.shared.execute(HTTPClientRequest(url: url), timeout: .seconds(30))
    let bytes = try await response.body.collect(upTo: 16 * 1024 * 1024)
    return Reply(status: Int(response.status.code), contentType: response.headers.first(name: "Content-Type"),
                 body: String(buffer: bytes), version: response.version)
}

/// A file under the repository's testdata/.
func testdata(_ relative: String) -> URL {
    URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("testdata").appendingPathComponent(relative)
}

func temporaryDirectory() -> String {
    let path = (NSTemporaryDirectory() as NSString).appendingPathComponent("kedaguard-test-\(UUID().uuidString)")
    try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    return path
}

func parseJSON(_ text: String) -> Node? {
    let parsed = JSONParser.parse(text)
    guard parsed.problems.isEmpty else { return nil }
    return parsed.documents.first?.root ?? nil
}

/// The checks kube-apiserver makes of a webhook answer (VerifyAdmissionResponse), for a
/// validating or a mutating webhook. Returns the response object.
@discardableResult
func expectAcceptableToKubeAPIServer(_ reply: Reply, uid: String, mutating: Bool, apiVersion: String = "admission.k8s.io/v1",
                                     sourceLocation: SourceLocation = #_sourceLocation) -> Node? {
    func fail(_ message: String) { Issue.record(Comment(rawValue: message), sourceLocation: sourceLocation) }
    guard reply.status == 200 else {
        fail("HTTP \(reply.status): \(reply.body)")
        return nil
    }
    guard reply.contentType?.hasPrefix("application/json") == true, let review = parseJSON(reply.body) else {
        fail("not JSON: \(reply.contentType ?? "-") \(reply.body)")
        return nil
    }
    var problems: [String] = []
    if review["apiVersion"]?.stringValue != apiVersion { problems.append("apiVersion") }
    if review["kind"]?.stringValue != "AdmissionReview" { problems.append("kind") }
    guard let response = review["response"], response.isMapping else {
        fail("no response")
        return nil
    }
    if response["uid"]?.stringValue != uid { problems.append("uid") }
    if response["allowed"]?.boolValue == nil { problems.append("allowed") }
    let hasPatch = response["patch"] != nil, hasType = response["patchType"] != nil
    if !mutating && (hasPatch || hasType) { problems.append("validating webhooks must not patch") }
    if hasPatch != hasType { problems.append("patch and patchType must come together") }
    if hasType && response["patchType"]?.stringValue != "JSONPatch" { problems.append("patchType") }
    let warnings = response["warnings"]?.sequenceValue?.compactMap(\.stringValue) ?? []
    if warnings.contains(where: { $0.unicodeScalars.count > 256 || $0.contains("\n") }) { problems.append("warning too long or not one line") }
    if warnings.reduce(0, { $0 + $1.unicodeScalars.count }) > 4096 { problems.append("warnings above 4096 runes") }
    if !problems.isEmpty { fail("kube-apiserver would reject: \(problems)") }
    return response
}

/// Clients made during a test, shut down at its end even when it fails (AsyncHTTPClient traps
/// on a client that is released without shutdown).
final class Clients: @unchecked Sendable {
    private var clients: [HTTPClient] = []

    func make(trusting caPEM: String, http2: Bool) throws -> HTTPClient {
        let client = try makeClient(trusting: caPEM, http2: http2)
        clients.append(client)
        return client
    }

    func shutdown() async {
        for client in clients { try? await client.shutdown() }
        clients = []
    }
}

/// Runs a test body against a server, recording a thrown error as a failure and always
/// cleaning up clients and server.
func withServer(_ server: TestServer, _ body: (TestServer, Clients) async throws -> Void) async throws {
    let clients = Clients()
    do {
        try await body(server, clients)
    } catch {
        Issue.record(error)
    }
    await clients.shutdown()
    try await server.stop()
}
