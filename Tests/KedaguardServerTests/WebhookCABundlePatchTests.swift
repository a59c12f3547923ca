import Foundation
import KedaguardCore
import KedaguardServer
import Testing

struct WebhookCABundlePatchTests {
    func patch(_ text: String, service: String = "kedaguard", namespace: String = "kedaguard-system") throws -> WebhookCABundlePatch.Result {
        try WebhookCABundlePatch.apply(to: text, caBundle: "Q0E=", service: service, namespace: namespace)
    }

    /// The caBundle of every webhook, by document, read back through the YAML parser.
    func bundles(_ text: String) -> [String?] {
        let parsed = YAMLParser.parse(text)
        #expect(parsed.problems.isEmpty, "the patched text must stay valid YAML")
        return parsed.documents.flatMap { doc in
            (doc.root?["webhooks"]?.sequenceValue ?? []).map { $0["clientConfig"]?["caBundle"]?.stringValue }
        }
    }

    @Test func insertsIntoBlockMappingsAndKeepsComments() throws {
        let text = """
        # registration
        apiVersion: admissionregistration.k8s.io/v1
        kind: ValidatingWebhookConfiguration
        metadata:
          name: kedaguard
        webhooks:
          - name: validate.kedaguard.io   # ours
            clientConfig:
              service:
                name: kedaguard
                namespace: kedaguard-system
                path: /validate
            sideEffects: None
        ---
        apiVersion: admissionregistration.k8s.io/v1
        kind: MutatingWebhookConfiguration
        metadata: {name: kedaguard}
        webhooks:
        - name: mutate.kedaguard.io
          clientConfig:
            service: {name: kedaguard, namespace: kedaguard-system, path: /mutate}
        """
        let result = try patch(text)
        #expect(result.patched == ["ValidatingWebhookConfiguration/kedaguard: validate.kedaguard.io",
                                   "MutatingWebhookConfiguration/kedaguard: mutate.kedaguard.io"])
        #expect(bundles(result.text) == ["Q0E=", "Q0E="])
        #expect(result.text.contains("# registration") && result.text.contains("# ours"))
        #expect(result.text.contains("      caBundle: Q0E=\n      service:\n"))
        #expect(result.text.contains("    caBundle: Q0E=\n    service: {name: kedaguard"))
        // Running again replaces rather than adds.
        let again = try WebhookCABundlePatch.apply(to: result.text, caBundle: "TkVX", service: "kedaguard", namespace: "kedaguard-system")
        #expect(bundles(again.text) == ["TkVX", "TkVX"])
        #expect(again.text.components(separatedBy: "caBundle").count == 3)
    }

    @Test("an existing value is replaced whatever its spelling", arguments: [
        "caBundle: \"\"", "caBundle: ''", "caBundle: Cg==", "caBundle:", "caBundle: null", "caBundle: \"Cg==\"  # old",
    ])
    func replacesExistingValues(entry: String) throws {
        let text = """
        apiVersion: admissionregistration.k8s.io/v1
        kind: ValidatingWebhookConfiguration
        webhooks:
        - name: validate.kedaguard.io
          clientConfig:
            \(entry)
            service:
              name: kedaguard
              namespace: kedaguard-system
        """
        let result = try patch(text)
        #expect(bundles(result.text) == ["Q0E="])
        #expect(result.text.components(separatedBy: "caBundle").count == 2)
    }

    @Test func flowStyleClientConfig() throws {
        let text = """
        apiVersion: admissionregistration.k8s.io/v1
        kind: MutatingWebhookConfiguration
        webhooks:
        - {name: a.kedaguard.io, clientConfig: {service: {name: kedaguard, namespace: kedaguard-system}}}
        - {name: b.kedaguard.io, clientConfig: {caBundle: "", service: {name: kedaguard}}}
        """
        let result = try patch(text)
        #expect(bundles(result.text) == ["Q0E=", "Q0E="])
    }

    @Test func otherServicesURLsAndKindsAreLeftAlone() throws {
        let text = """
        apiVersion: admissionregistration.k8s.io/v1
        kind: ValidatingWebhookConfiguration
        webhooks:
        - name: keda.example.io
          clientConfig:
            service: {name: keda-admission-webhooks, namespace: keda}
        - name: url.example.io
          clientConfig:
            url: https://example.invalid/validate
        - name: other-namespace.example.io
          clientConfig:
            service: {name: kedaguard, namespace: elsewhere}
        ---
        apiVersion: v1
        kind: ConfigMap
        metadata: {name: webhooks}
        data: {clientConfig: x}
        """
        let result = try patch(text)
        #expect(result.patched.isEmpty)
        #expect(result.text == text)
    }

    @Test func listsFromKubectlGetAndCRLF() throws {
        let text = "apiVersion: v1\r\nkind: List\r\nitems:\r\n- apiVersion: admissionregistration.k8s.io/v1\r\n  kind: ValidatingWebhookConfiguration\r\n  webhooks:\r\n  - name: v.kedaguard.io\r\n    clientConfig:\r\n      service:\r\n        name: kedaguard\r\n        namespace: kedaguard-system\r\n"
        let result = try patch(text)
        #expect(result.patched.count == 1)
        #expect(result.text.contains("    clientConfig:\r\n      caBundle: Q0E=\r\n      service:\r\n"))
        let parsed = YAMLParser.parse(result.text)
        #expect(parsed.documents[0].root?["items"]?[0]?["webhooks"]?[0]?["clientConfig"]?["caBundle"]?.stringValue == "Q0E=")
    }

    @Test func multiLineValuesAreRefusedNotMangled() {
        let text = """
        apiVersion: admissionregistration.k8s.io/v1
        kind: ValidatingWebhookConfiguration
        webhooks:
        - name: v.kedaguard.io
          clientConfig:
            caBundle: |
              Cg==
            service: {name: kedaguard}
        """
        #expect(throws: WebhookCABundlePatch.Failure.self) { try patch(text) }
    }
}
