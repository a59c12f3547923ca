import AsyncHTTPClient
import Foundation
import KedaguardCore
import KedaguardServer
import NIOCore
import NIOPosix
import NIOSSL
import Testing

/// Waits for a channel to close, up to `limit`; true if it closed.
func closes(_ channel: any Channel, within limit: Duration) async -> Bool {
    await withTaskGroup(of: Bool.self) { group in
        group.addTask {
            try? await channel.closeFuture.get()
            return true
        }
        group.addTask {
            try? await Task.sleep(for: limit)
            return false
        }
        let first = await group.next()!
        group.cancelAll()
        if !first { try? await channel.close() }
        return first
    }
}

final class Discard: ChannelInboundHandler, Sendable {
    typealias InboundIn = ByteBuffer
}

@Suite("slow and silent clients")
struct SlowClientTests {
    let limits = ConnectionLimits(handshakeTimeout: .milliseconds(500), requestReadTimeout: .milliseconds(500), idleTimeout: .seconds(2))

    @Test func silentConnectionIsClosedAfterTheHandshakeTimeout() async throws {
        let server = try await TestServer.start(limits: limits)
        let channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .channelInitializer { $0.pipeline.addHandler(Discard()) }
            .connect(host: "127.0.0.1", port: server.ports.admission).get()
        // Generous: only the closing matters, not when exactly.
        #expect(await closes(channel, within: .seconds(20)))
        try await server.stop()
    }

    @Test func tricklingRequestIsClosedAfterTheReadTimeout() async throws {
        let server = try await TestServer.start(limits: limits)
        var tls = TLSConfiguration.makeClientConfiguration()
        tls.trustRoots = .certificates(try NIOSSLCertificate.fromPEMBytes(Array(server.certificates.caPEM.utf8)))
        let context = try NIOSSLContext(configuration: tls)
        let channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(try NIOSSLClientHandler(context: context, serverHostname: "localhost"))
                    try channel.pipeline.syncOperations.addHandler(Discard())
                }
            }
            .connect(host: "127.0.0.1", port: server.ports.admission).get()
        let head = "POST /validate HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: 100000\r\n\r\n{"
        try await channel.writeAndFlush(ByteBuffer(string: head))
        // Keep sending a byte now and then: the idle timeout alone would never fire.
        let trickle = Task {
            for _ in 0..<200 {
                try await Task.sleep(for: .milliseconds(100))
                try await channel.writeAndFlush(ByteBuffer(string: " "))
            }
        }
        #expect(await closes(channel, within: .seconds(20)))
        trickle.cancel()
        try await server.stop()
    }
}

@Suite("certificate hot reload")
struct CertificateReloadTests {
    @Test func newHandshakesUseTheNewPairAndOpenConnectionsStay() async throws {
        let dir = temporaryDirectory()
        try await withServer(try await TestServer.start(certificateDirectory: dir)) { server, clients in
            let oldCAClient = try clients.make(trusting: server.certificates.caPEM, http2: false)
            let url = server.baseURL + "/validate"
            // Opens a keep-alive connection that stays in the client's pool.
            expectAcceptableToKubeAPIServer(try await post(oldCAClient, url, body: review(soValid, uid: "r-1")), uid: "r-1", mutating: false)

            let renewed = try TestServer.writeNewPair(to: dir)
            try await waitFor { try await server.metricsText().contains(#"kedaguard_webhook_certificate_reloads_total{result="success"} 1"#) }

            // The pooled connection was set up with the old pair and keeps working: a new handshake
            // would fail, since this client trusts only the old CA.
            expectAcceptableToKubeAPIServer(try await post(oldCAClient, url, body: review(soValid, uid: "r-2")), uid: "r-2", mutating: false)
            // New handshakes present the renewed certificate.
            let newCAClient = try clients.make(trusting: renewed.caPEM, http2: false)
            expectAcceptableToKubeAPIServer(try await post(newCAClient, url, body: review(soValid, uid: "r-3")), uid: "r-3", mutating: false)
            let freshOldCAClient = try clients.make(trusting: server.certificates.caPEM, http2: false)
            await #expect(throws: (any Error).self) { _ = try await post(freshOldCAClient, url, body: review(soValid, uid: "r-4")) }

            // A broken pair (key of another certificate) is refused; the renewed pair keeps serving.
            let other = try SelfSignedCertificates.generate()
            try Data(other.keyPEM.utf8).write(to: URL(fileURLWithPath: dir + "/tls.key"))
            try await waitFor { try await server.metricsText().contains(#"kedaguard_webhook_certificate_reloads_total{result="failure"} 1"#) }
            let anotherNewCAClient = try clients.make(trusting: renewed.caPEM, http2: false)
            expectAcceptableToKubeAPIServer(try await post(anotherNewCAClient, url, body: review(soValid, uid: "r-5")), uid: "r-5", mutating: false)
        }
        try? FileManager.default.removeItem(atPath: dir)
    }

    @Test func pairsAreChecked() throws {
        let a = try SelfSignedCertificates.generate(), b = try SelfSignedCertificates.generate()
        #expect(throws: CertificatePair.Invalid.self) {
            try CertificatePair(certificatePEM: Array(a.certificatePEM.utf8), keyPEM: Array(b.keyPEM.utf8))
        }
        #expect(throws: CertificatePair.Invalid.self) { try CertificatePair(certificatePEM: Array("junk".utf8), keyPEM: Array(a.keyPEM.utf8)) }
        let pair = try a.pair()
        #expect(pair.notValidAfter > Date())
    }
}

/// Polls a condition (bounded), for effects of background work such as the certificate watcher.
func waitFor(_ condition: () async throws -> Bool, sourceLocation: SourceLocation = #_sourceLocation) async throws {
    for _ in 0..<300 {
        if try await condition() { return }
        try await Task.sleep(for: .milliseconds(100))
    }
    Issue.record("condition not met within 30 s", sourceLocation: sourceLocation)
}
