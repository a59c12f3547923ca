import AsyncHTTPClient
import Foundation
import KedaguardCore
import KedaguardServer
import NIOCore
import NIOHTTP1
import NIOSSL
import Testing

let soValid = #"{"apiVersion":"keda.sh/v1alpha1","kind":"ScaledObject","metadata":{"name":"web","namespace":"apps"},"spec":{"scaleTargetRef":{"name":"web"},"triggers":[{"type":"cron","metadata":{"timezone":"UTC","start":"0 8 * * *","end":"0 18 * * *","desiredReplicas":"3"}}]}}"#
/// Schema-valid (kube-apiserver checks the CRD schema before calling a validating webhook) and
/// denied by scaledobject-replica-bounds.
let soInvalid = #"{"apiVersion":"keda.sh/v1alpha1","kind":"ScaledObject","metadata":{"name":"web","namespace":"apps"},"spec":{"scaleTargetRef":{"name":"web"},"minReplicaCount":2,"idleReplicaCount":2,"maxReplicaCount":3,"triggers":[{"type":"cron","metadata":{"timezone":"UTC","start":"0 8 * * *","end":"0 18 * * *","desiredReplicas":"3"}}]}}"#

func review(_ object: String, uid: String, operation: String = "CREATE", kind: String = "ScaledObject") -> [UInt8] {
    Array("""
    {"apiVersion":"admission.k8s.io/v1","kind":"AdmissionReview","request":{"uid":"\(uid)",\
    "kind":{"group":"keda.sh","version":"v1alpha1","kind":"\(kind)"},"name":"web","namespace":"apps",\
    "operation":"\(operation)","userInfo":{"username":"tester"},"object":\(object),"oldObject":null,"dryRun":false}}
    """.utf8)
}

@Suite("webhook over HTTPS")
struct WebhookEndToEndTests {
    @Test("validate and mutate", arguments: [false, true])
    func validateAndMutate(http2: Bool) async throws {
        try await withServer(try await TestServer.start(http2: http2)) { server, clients in
            let client = try clients.make(trusting: server.certificates.caPEM, http2: http2)
            let ok = try await post(client, server.baseURL + "/validate?timeout=10s", body: review(soValid, uid: "a-1"))
            #expect(ok.version == (http2 ? .http2 : .http1_1))
            let allowed = expectAcceptableToKubeAPIServer(ok, uid: "a-1", mutating: false)
            #expect(allowed?["allowed"]?.boolValue == true)

            let bad = try await post(client, server.baseURL + "/validate-keda-sh-v1alpha1-scaledobject", body: review(soInvalid, uid: "a-2"))
            let denied = expectAcceptableToKubeAPIServer(bad, uid: "a-2", mutating: false)
            #expect(denied?["allowed"]?.boolValue == false)
            #expect(denied?["status"]?["code"]?.intValue == 403)

            let mutated = try await post(client, server.baseURL + "/mutate", body: review(soValid, uid: "a-3"))
            let response = expectAcceptableToKubeAPIServer(mutated, uid: "a-3", mutating: true)
            let patch = try JSONPatch.decode(base64: try #require(response?["patch"]?.stringValue))
            let patched = try JSONPatch.apply(patch, to: try #require(parseJSON(soValid)))
            #expect(patched["spec"]?["maxReplicaCount"]?.intValue == 100)
            #expect(patched["spec"]?["cooldownPeriod"]?.intValue == 300)
            #expect(patched["spec"]?["scaleTargetRef"] == parseJSON(soValid)?["spec"]?["scaleTargetRef"])

            let metrics = try await server.metricsText()
            #expect(metrics.contains(#"kedaguard_webhook_requests_total{endpoint="/validate",kind="ScaledObject",operation="CREATE",verdict="allowed"} 1"#))
            #expect(metrics.contains("kedaguard_webhook_denials_total{rule="))
            #expect(metrics.contains("kedaguard_webhook_request_duration_seconds_bucket"))
            #expect(metrics.contains("kedaguard_webhook_certificate_expiry_timestamp_seconds"))
            #expect(try await plainGet("http://127.0.0.1:\(server.ports.health!)/readyz").status == 200)
            #expect(try await plainGet("http://127.0.0.1:\(server.ports.health!)/healthz").status == 200)
        }
    }

    @Test func http2IsNotOfferedUnlessEnabled() async throws {
        try await withServer(try await TestServer.start(http2: false)) { server, clients in
            let client = try clients.make(trusting: server.certificates.caPEM, http2: true)
            let reply = try await post(client, server.baseURL + "/validate", body: review(soValid, uid: "h-1"))
            #expect(reply.version == .http1_1)
            expectAcceptableToKubeAPIServer(reply, uid: "h-1", mutating: false)
        }
    }

    @Test func manyWarningsStayWithinLimits() async throws {
        // Forty triggers with the same name give one warning-or-error each; the answer must stay
        // within kube-apiserver's limits whatever the rules say.
        let trigger = #"{"type":"cron","name":"same","metadata":{"timezone":"UTC","start":"0 8 * * *","end":"0 18 * * *","desiredReplicas":"3"},"useCachedMetrics":true,"metricType":"Utilization"}"#
        let triggers = Array(repeating: trigger, count: 40).joined(separator: ",")
        let so = #"{"apiVersion":"keda.sh/v1alpha1","kind":"ScaledObject","metadata":{"name":"w","namespace":"apps"},"spec":{"scaleTargetRef":{"name":"w"},"minReplicaCount":2,"pollingInterval":5,"cooldownPeriod":5,"triggers":[\#(triggers)]}}"#
        try await withServer(try await TestServer.start()) { server, clients in
            let client = try clients.make(trusting: server.certificates.caPEM, http2: false)
            let reply = try await post(client, server.baseURL + "/validate", body: review(so, uid: "w-1"))
            let response = expectAcceptableToKubeAPIServer(reply, uid: "w-1", mutating: false)
            #expect(response?["allowed"]?.boolValue == false)
            let message = response?["status"]?["message"]?.stringValue ?? ""
            #expect(message.unicodeScalars.count <= AdmissionSettings().maxDenialMessageLength)
        }
    }

    @Test func hostileRequestsGetClearErrors() async throws {
        try await withServer(try await TestServer.start()) { server, clients in
            let client = try clients.make(trusting: server.certificates.caPEM, http2: false)
            let url = server.baseURL + "/validate"
            #expect(try await post(client, url, body: review(soValid, uid: "x"), contentType: "text/plain").status == 415)
            #expect(try await post(client, url, body: review(soValid, uid: "x"), contentType: nil).status == 415)
            #expect(try await post(client, url, body: Array("{\"apiVersion\":".utf8)).status == 400)
            #expect(try await post(client, url, body: Array(#"{"apiVersion":"admission.k8s.io/v1","kind":"AdmissionReview","request":{}}"#.utf8)).status == 400)
            #expect(try await post(client, url, body: Array(#"{"apiVersion":"admission.k8s.io/v9","kind":"AdmissionReview","request":{"uid":"u"}}"#.utf8)).status == 400)
            #expect(try await post(client, server.baseURL + "/other", body: review(soValid, uid: "x")).status == 404)
            let deep = Array((String(repeating: "[", count: 200_000) + String(repeating: "]", count: 200_000)).utf8)
            #expect(try await post(client, url, body: deep).status == 400)
            var get = HTTPClientRequest(url: url)
            get.method = .GET
            #expect(try await client.execute(get, timeout: .seconds(30)).status == .methodNotAllowed)
            // An object that is not an object still gets an AdmissionReview answer with the uid.
            let undecodable = try await post(client, url, body: review("[\"not\",\"an\",\"object\"]", uid: "u-9"))
            let response = expectAcceptableToKubeAPIServer(undecodable, uid: "u-9", mutating: false)
            #expect(response?["status"]?["code"]?.intValue == 400)
            // The server still answers normally afterwards.
            expectAcceptableToKubeAPIServer(try await post(client, url, body: review(soValid, uid: "after")), uid: "after", mutating: false)
        }
    }

    @Test func oldTLSVersionsAreRefused() async throws {
        try await withServer(try await TestServer.start()) { server, clients in
            var tls = TLSConfiguration.makeClientConfiguration()
            tls.trustRoots = .certificates(try NIOSSLCertificate.fromPEMBytes(Array(server.certificates.caPEM.utf8)))
            tls.maximumTLSVersion = .tlsv11
            let client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: HTTPClient.Configuration(tlsConfiguration: tls))
            await #expect(throws: (any Error).self) { _ = try await post(client, server.baseURL + "/validate", body: review(soValid, uid: "t")) }
            try await client.shutdown()
        }
    }

    @Test func oversizedBodiesAreRefused() async throws {
        try await withServer(try await TestServer.start()) { server, clients in
            let client = try clients.make(trusting: server.certificates.caPEM, http2: false)
            let big = [UInt8](repeating: UInt8(ascii: " "), count: AdmissionSettings.defaultMaxBodyBytes + 1)
            do {
                let reply = try await post(client, server.baseURL + "/validate", body: big)
                #expect(reply.status == 413)
            } catch {
                // The server may close the connection while the client still uploads; what matters
                // is that the body was not accepted.
                #expect(error is HTTPClientError)
            }
        }
    }
}
