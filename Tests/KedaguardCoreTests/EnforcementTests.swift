@testable import KedaguardCore
import Foundation
import Testing

/// `webhook.enforcement: warn`: nothing is denied for its content, and what would have been
/// denied comes back as warnings.
struct EnforcementTests {
    func handler(_ enforcement: Enforcement, policy: FailurePolicy = .open, rules: [any Rule]? = nil,
                 lookup: any ObjectLookup = NoLookup()) -> AdmissionHandler {
        let settings = AdmissionSettings(failurePolicy: policy, enforcement: enforcement)
        return AdmissionHandler(engine: rules.map { RuleEngine(rules: $0) } ?? RuleEngine(), settings: settings, lookup: lookup)
    }

    @Test func errorsBecomeWarningsThatSayTheyWouldDeny() async {
        let denying = await handler(.deny).handle(body: reviewBody(object: scaledObject(invalidSpec)), path: "/validate")
        let r = await handler(.warn).handle(body: reviewBody(object: scaledObject(invalidSpec)), path: "/validate")
        let response = parse(r)["response"]!
        #expect(response["allowed"]?.boolValue == true)
        #expect(response["status"] == nil)
        let warnings = (response["warnings"]?.sequenceValue ?? []).compactMap(\.stringValue)
        let wouldDeny = warnings.filter { $0.hasPrefix(AdmissionHandler.wouldDeny) }
        // One warning per error of the enforced answer, each naming its rule, ahead of the rest.
        #expect(!wouldDeny.isEmpty)
        #expect(warnings.prefix(wouldDeny.count).allSatisfy { $0.hasPrefix(AdmissionHandler.wouldDeny) })
        #expect(wouldDeny.contains { $0.contains("spec.idleReplicaCount") })
        for id in denying.outcome.deniedRuleIDs { #expect(wouldDeny.contains { $0.hasSuffix("[\(id)]") }) }
        #expect(r.outcome.verdict == .warned)
        #expect(r.outcome.deniedRuleIDs == denying.outcome.deniedRuleIDs)
    }

    @Test func validObjectsAreSimplyAllowed() async {
        let r = await handler(.warn).handle(body: reviewBody(object: scaledObject(validSpec)), path: "/validate")
        #expect(parse(r)["response"]?["allowed"]?.boolValue == true)
        #expect(r.outcome.verdict == .allowed)
        #expect(r.outcome.deniedRuleIDs.isEmpty)
    }

    @Test func closedFailurePolicyWarnsInstead() async {
        let r = await handler(.warn, policy: .closed, rules: [ThrowingRule()])
            .handle(body: reviewBody(object: scaledObject(validSpec)), path: "/validate")
        let response = parse(r)["response"]!
        #expect(response["allowed"]?.boolValue == true)
        #expect(r.outcome.verdict == .warned)
        let warnings = (response["warnings"]?.sequenceValue ?? []).compactMap(\.stringValue)
        #expect(warnings.contains { $0.hasPrefix(AdmissionHandler.wouldDeny) })
        #expect(warnings.contains { $0.contains("test-throws") })
    }

    @Test func deadlineUnderClosedPolicyWarnsInstead() async {
        let r = await handler(.warn, policy: .closed, rules: [SlowRule()], lookup: UnresponsiveLookup())
            .handle(body: reviewBody(object: scaledObject(validSpec)), path: "/validate", query: "timeout=1s")
        let response = parse(r)["response"]!
        #expect(r.outcome.timedOut)
        #expect(response["allowed"]?.boolValue == true)
        #expect(r.outcome.verdict == .warned)
    }

    @Test func requestsThatCannotBeReadAreStillInvalid() async {
        let r = await handler(.warn).handle(body: reviewBody(object: #"{"apiVersion":"keda.sh/v1alpha1","kind":"ScaledJob","metadata":{}}"#),
                                            path: "/validate")
        #expect(parse(r)["response"]?["allowed"]?.boolValue == false)
        #expect(r.outcome.verdict == .invalid)
    }

    @Test func settingsFileReadsEnforcement() throws {
        var bytes = Array("webhook:\n  enforcement: warn\n".utf8)
        #expect(try SettingsFile.parse(bytes: &bytes, path: "x", knownRuleIDs: []).webhook.enforcement == .warn)
        var none = Array("webhook:\n  failurePolicy: open\n".utf8)
        #expect(try SettingsFile.parse(bytes: &none, path: "x", knownRuleIDs: []).webhook.enforcement == .deny)
        var bad = Array("webhook:\n  enforcement: audit\n".utf8)
        #expect(throws: SettingsFile.ParseError.self) { try SettingsFile.parse(bytes: &bad, path: "x", knownRuleIDs: []) }
        do {
            _ = try SettingsFile.parse(bytes: &bad, path: "x", knownRuleIDs: [])
        } catch {
            #expect(error.description.contains("deny or warn"))
        }
    }
}
