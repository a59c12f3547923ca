@testable import KedaguardCore
import Foundation
import Testing

/// Builds an AdmissionReview body around objects written as JSON.
func reviewBody(object: String?, old: String? = nil, operation: String = "CREATE", kind: String = "ScaledObject",
                group: String = "keda.sh", apiVersion: String = "admission.k8s.io/v1", uid: String = "uid-1",
                dryRun: Bool = false) -> [UInt8] {
    let text = """
    {"apiVersion":"\(apiVersion)","kind":"AdmissionReview","request":{"uid":"\(uid)",\
    "kind":{"group":"\(group)","version":"v1alpha1","kind":"\(kind)"},\
    "resource":{"group":"\(group)","version":"v1alpha1","resource":"\(kind.lowercased())s"},\
    "name":"web","namespace":"apps","operation":"\(operation)","userInfo":{"username":"tester"},\
    "object":\(object ?? "null"),"oldObject":\(old ?? "null"),"dryRun":\(dryRun)}}
    """
    return Array(text.utf8)
}

func scaledObject(_ spec: String, metadata: String = #""name":"web","namespace":"apps""#) -> String {
    #"{"apiVersion":"keda.sh/v1alpha1","kind":"ScaledObject","metadata":{\#(metadata)},"spec":\#(spec)}"#
}

let validSpec = #"{"scaleTargetRef":{"name":"web"},"minReplicaCount":1,"maxReplicaCount":5,"triggers":[{"type":"cron","metadata":{"timezone":"UTC","start":"0 8 * * *","end":"0 18 * * *","desiredReplicas":"3"}}]}"#
/// Passes the CRD schema, as everything kube-apiserver sends a validating webhook does, and is
/// denied by scaledobject-replica-bounds at spec.idleReplicaCount.
let invalidSpec = #"{"scaleTargetRef":{"name":"web"},"minReplicaCount":2,"idleReplicaCount":2,"maxReplicaCount":5,"triggers":[{"type":"cron","metadata":{"timezone":"UTC","start":"0 8 * * *","end":"0 18 * * *","desiredReplicas":"3"}}]}"#

func parse(_ response: AdmissionHTTPResponse) -> Node {
    let parsed = JSONParser.parse(response.bodyText)
    #expect(parsed.problems.isEmpty)
    return parsed.documents[0].root ?? .null
}

struct AdmissionHandlerTests {
    let handler = AdmissionHandler()

    @Test func validObjectIsAllowedWithoutPatch() async {
        let r = await handler.handle(body: reviewBody(object: scaledObject(validSpec)), path: "/validate", contentType: "application/json")
        #expect(r.status == 200)
        let review = parse(r)
        #expect(review["apiVersion"]?.stringValue == "admission.k8s.io/v1")
        #expect(review["kind"]?.stringValue == "AdmissionReview")
        #expect(review["response"]?["uid"]?.stringValue == "uid-1")
        #expect(review["response"]?["allowed"]?.boolValue == true)
        #expect(review["response"]?["patch"] == nil && review["response"]?["patchType"] == nil)
        #expect(r.outcome.verdict == .allowed)
    }

    @Test func errorsDenyWithPathsInTheMessage() async {
        let r = await handler.handle(body: reviewBody(object: scaledObject(invalidSpec)), path: "/validate-keda-sh-v1alpha1-scaledobject")
        let response = parse(r)["response"]!
        #expect(response["allowed"]?.boolValue == false)
        #expect(response["status"]?["code"]?.intValue == 403)
        #expect(response["status"]?["reason"]?.stringValue == "Forbidden")
        let message = response["status"]?["message"]?.stringValue ?? ""
        #expect(message.contains("spec.idleReplicaCount"))
        #expect(r.outcome.deniedRuleIDs == ["scaledobject-replica-bounds"])
        for id in r.outcome.deniedRuleIDs { #expect(message.contains("[\(id)]")) }
    }

    /// kube-apiserver prunes and validates the CRD schema before it calls a validating webhook, so
    /// the schema-* rules are not run again there: against the schema of --keda-version they
    /// could only disagree with the installed CRD. Files (lint) still get them.
    @Test func theCRDSchemaIsLeftToKubeAPIServer() async throws {
        let spec = #"{"scaleTargetRef":{"name":"web"},"pollingIntervall":30,"minReplicaCount":9,"maxReplicaCount":5,"triggers":[{"type":"cron","metadata":{"timezone":"UTC","start":"0 8 * * *","end":"0 18 * * *","desiredReplicas":"3"}}]}"#
        let r = await handler.handle(body: reviewBody(object: scaledObject(spec)), path: "/validate")
        let response = parse(r)["response"]!
        #expect(response["allowed"]?.boolValue == true)
        let warnings = response["warnings"]?.sequenceValue?.compactMap(\.stringValue) ?? []
        #expect(!warnings.contains { $0.contains("[schema-") }, "\(warnings)")

        let root = try #require(JSONParser.parse(scaledObject(spec)).documents.first?.root)
        let object = try #require(KubeObject(node: root))
        let ids = { (options: CheckOptions) async in
            Set(await RuleEngine().check(object, lookup: NoLookup(), options: options).diagnostics.map(\.ruleID))
        }
        let inFiles = await ids(CheckOptions())
        #expect(inFiles.isSuperset(of: ["schema-unknown-field", "schema-cel"]), "\(inFiles)")
        let admitted = await ids(CheckOptions(schemaAlreadyEnforced: true))
        #expect(admitted.allSatisfy { !$0.hasPrefix("schema-") }, "\(admitted)")
    }

    /// The directly written answer is byte for byte what the node writer gives, and every other
    /// answer still goes through the writer.
    @Test func directlyWrittenAnswersMatchTheWriter() {
        let status = AdmissionStatus(code: 403, reason: "Forbidden", message: "no")
        let patch = [JSONPatchOperation.add(JSONPointer(tokens: ["spec", "pollingInterval"]), .int(30))]
        for version in AdmissionAPIVersion.allCases {
            for uid in ["7f3e2a1c-5b4d-4e8f-9a0b-1c2d3e4f5a6b", "", "quote\" back\\slash \u{1} é"] {
                let responses = [AdmissionResponse(uid: uid, allowed: true), AdmissionResponse(uid: uid, allowed: false),
                                 AdmissionResponse(uid: uid, allowed: true, patch: []),
                                 AdmissionResponse(uid: uid, allowed: true, warnings: ["w"]),
                                 AdmissionResponse(uid: uid, allowed: false, status: status),
                                 AdmissionResponse(uid: uid, allowed: true, patch: patch)]
                for response in responses {
                    #expect(response.reviewJSON(apiVersion: version) == JSONWriter.write(response.review(apiVersion: version)))
                }
            }
        }
    }

    @Test func answersInTheRequestsVersion() async {
        let r = await handler.handle(body: reviewBody(object: scaledObject(validSpec), apiVersion: "admission.k8s.io/v1beta1"), path: "/validate")
        #expect(parse(r)["apiVersion"]?.stringValue == "admission.k8s.io/v1beta1")
    }

    @Test("requests that cannot be answered get HTTP 4xx", arguments: [
        ("/nowhere", "application/json", #"{}"#, 404),
        ("/validate", "text/yaml", #"{}"#, 415),
        ("/validate", "application/json", "", 400),
        ("/validate", "application/json", "{not json", 400),
        ("/validate", "application/json", "[1]", 400),
        ("/validate", "application/json", #"{"apiVersion":"admission.k8s.io/v2","kind":"AdmissionReview","request":{"uid":"u"}}"#, 400),
        ("/validate", "application/json", #"{"apiVersion":"admission.k8s.io/v1","kind":"Review","request":{"uid":"u"}}"#, 400),
        ("/validate", "application/json", #"{"apiVersion":"admission.k8s.io/v1","kind":"AdmissionReview","request":{"uid":""}}"#, 400),
        ("/validate", "application/json", #"{"apiVersion":"admission.k8s.io/v1","kind":"AdmissionReview"}"#, 400),
        ("/validate", "application/json; charset=utf-8", String(repeating: "[", count: 100_000), 400),
    ])
    func httpErrors(path: String, contentType: String, body: String, status: Int) async {
        let r = await handler.handle(body: Array(body.utf8), path: path, contentType: contentType)
        #expect(r.status == status)
        #expect(r.outcome.verdict == .rejected)
        #expect(!r.bodyText.isEmpty)
    }

    @Test func bodyLimit() async {
        let small = AdmissionHandler(settings: AdmissionSettings(maxBodyBytes: 100))
        let r = await small.handle(body: reviewBody(object: scaledObject(validSpec)), path: "/validate")
        #expect(r.status == 413)
    }

    @Test("undecodable objects are denied with 400 and the uid", arguments: [
        "[1,2]",
        #"{"kind":"ScaledObject"}"#,
        #"{"apiVersion":"keda.sh/v1alpha1","kind":"ScaledJob","metadata":{"name":"x"},"spec":{}}"#,
        #"{"apiVersion":"keda.sh/v1alpha1","kind":"ScaledObject","metadata":"x","spec":{}}"#,
    ])
    func undecodable(object: String) async {
        let r = await handler.handle(body: reviewBody(object: object), path: "/validate")
        #expect(r.status == 200)
        let response = parse(r)["response"]!
        #expect(response["uid"]?.stringValue == "uid-1")
        #expect(response["allowed"]?.boolValue == false)
        #expect(response["status"]?["code"]?.intValue == 400)
        #expect(r.outcome.verdict == .invalid)
    }

    @Test func missingObjectOnCreateIsInvalid() async {
        let r = await handler.handle(body: reviewBody(object: nil), path: "/validate")
        #expect(parse(r)["response"]?["status"]?["code"]?.intValue == 400)
    }

    @Test func deleteConnectAndOtherKindsAreAllowed() async {
        for op in ["DELETE", "CONNECT"] {
            let r = await handler.handle(body: reviewBody(object: nil, old: scaledObject(invalidSpec), operation: op), path: "/validate")
            #expect(parse(r)["response"]?["allowed"]?.boolValue == true)
        }
        let deployment = #"{"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"web"},"spec":{}}"#
        let r = await handler.handle(body: reviewBody(object: deployment, kind: "Deployment", group: "apps"), path: "/validate")
        #expect(parse(r)["response"]?["allowed"]?.boolValue == true)
    }

    @Test func perKindPathRefusesOtherKinds() async {
        let r = await handler.handle(body: reviewBody(object: scaledObject(validSpec)), path: "/validate-keda-sh-v1alpha1-scaledjob")
        let response = parse(r)["response"]!
        #expect(response["allowed"]?.boolValue == false)
        #expect(response["status"]?["code"]?.intValue == 400)
    }

    @Test func finalizerRemovalIsAllowedEvenForAnInvalidSpec() async {
        let old = scaledObject(invalidSpec, metadata: #""name":"web","namespace":"apps","finalizers":["finalizer.keda.sh"]"#)
        let new = scaledObject(invalidSpec)
        let removal = await handler.handle(body: reviewBody(object: new, old: old, operation: "UPDATE"), path: "/validate")
        #expect(parse(removal)["response"]?["allowed"]?.boolValue == true)
        let adding = await handler.handle(body: reviewBody(object: old, old: new, operation: "UPDATE"), path: "/validate")
        #expect(parse(adding)["response"]?["allowed"]?.boolValue == true)
    }

    /// An UPDATE is denied for what it changes; errors at fields it leaves as they were come back
    /// as warnings, so controllers that relabel an old object are not blocked by a newer rule.
    @Test func updatesAreJudgedOnWhatTheyChange() async {
        let old = scaledObject(invalidSpec)
        let relabel = scaledObject(invalidSpec, metadata: #""name":"web","namespace":"apps","labels":{"a":"b"}"#)
        let other = await handler.handle(body: reviewBody(object: relabel, old: old, operation: "UPDATE"), path: "/validate")
        let response = parse(other)["response"]!
        #expect(response["allowed"]?.boolValue == true)
        let warnings = response["warnings"]?.sequenceValue?.compactMap(\.stringValue) ?? []
        #expect(warnings.contains { $0.hasPrefix(AdmissionHandler.unchanged) && $0.contains("spec.idleReplicaCount") }, "\(warnings)")

        // Touching the broken field (still broken) is denied.
        let worse = scaledObject(invalidSpec.replacingOccurrences(of: #""idleReplicaCount":2"#, with: #""idleReplicaCount":3"#))
        let changed = await handler.handle(body: reviewBody(object: worse, old: old, operation: "UPDATE"), path: "/validate")
        #expect(parse(changed)["response"]?["allowed"]?.boolValue == false)

        // A new error elsewhere is denied even though an old one stays a warning.
        let broken = scaledObject(invalidSpec.replacingOccurrences(of: #""type":"cron""#, with: #""type":"kron""#))
        let both = await handler.handle(body: reviewBody(object: broken, old: old, operation: "UPDATE"), path: "/validate")
        let answer = parse(both)["response"]!
        #expect(answer["allowed"]?.boolValue == false)
        let message = answer["status"]?["message"]?.stringValue ?? ""
        #expect(message.contains("trigger-type-unknown"))
        let mentionsOldError = message.contains("idleReplicaCount")
        #expect(!mentionsOldError, "the unchanged error is a warning, not part of the denial: \(message)")
    }

    @Test func objectsBeingDeletedAreNotBlocked() async {
        let deleting = scaledObject(invalidSpec, metadata: #""name":"web","namespace":"apps","deletionTimestamp":"2026-08-20T10:00:00Z""#)
        let r = await handler.handle(body: reviewBody(object: deleting, old: scaledObject(validSpec), operation: "UPDATE"), path: "/validate")
        #expect(parse(r)["response"]?["allowed"]?.boolValue == true)
    }

    @Test func dryRunGetsTheSameAnswer() async {
        let wet = await handler.handle(body: reviewBody(object: scaledObject(invalidSpec)), path: "/validate")
        let dry = await handler.handle(body: reviewBody(object: scaledObject(invalidSpec), dryRun: true), path: "/validate")
        #expect(wet.body == dry.body)
        #expect(dry.outcome.dryRun)
    }

    @Test func mutationPatchAppliesAndIsIdempotent() async throws {
        let so = scaledObject(#"{"scaleTargetRef":{"name":"web"},"triggers":[]}"#)
        let r = await handler.handle(body: reviewBody(object: so), path: "/mutate")
        let response = parse(r)["response"]!
        #expect(response["allowed"]?.boolValue == true)
        #expect(response["patchType"]?.stringValue == "JSONPatch")
        let ops = try JSONPatch.decode(base64: response["patch"]!.stringValue!)
        let original = JSONParser.parse(so).documents[0].root!
        let patched = try JSONPatch.apply(ops, to: original)
        #expect(patched["spec"]?["maxReplicaCount"]?.intValue == 100)
        #expect(patched["spec"]?["pollingInterval"]?.intValue == 30)
        let again = await handler.handle(body: reviewBody(object: JSONWriter.write(patched)), path: "/mutate")
        let second = parse(again)["response"]!
        #expect(second["patch"] == nil && second["patchType"] == nil)
    }

    /// kubectl's copy of the applied object is dropped while decoding (no rule reads it): the
    /// patch still applies to the object as sent, which keeps the annotation, also when it is
    /// the only one; and the other annotations stay visible to the rules.
    @Test func lastAppliedAnnotationIsLeftOutButKept() async throws {
        let applied = #"{\"apiVersion\":\"keda.sh/v1alpha1\",\"kind\":\"ScaledObject\",\"spec\":{}}"#
        let alone = scaledObject(#"{"scaleTargetRef":{"name":"web"},"triggers":[]}"#,
                                 metadata: #""name":"web","namespace":"apps","annotations":{"kubectl.kubernetes.io/last-applied-configuration":"\#(applied)"}"#)
        let r = await handler.handle(body: reviewBody(object: alone), path: "/mutate")
        let ops = try JSONPatch.decode(base64: parse(r)["response"]!["patch"]!.stringValue!)
        let original = JSONParser.parse(alone).documents[0].root!
        let patched = try JSONPatch.apply(ops, to: original)
        #expect(patched["metadata"]?["annotations"] == original["metadata"]?["annotations"])
        #expect(patched["spec"]?["maxReplicaCount"]?.intValue == 100)

        let both = reviewBody(object: scaledObject(validSpec, metadata: #""name":"web","namespace":"apps","annotations":{"kubectl.kubernetes.io/last-applied-configuration":"\#(applied)","team":"shop"}"#))
        guard case .success(let request) = AdmissionReviewDecoder.decode(both) else {
            Issue.record("the review did not decode")
            return
        }
        let annotations = request.object?["metadata"]?["annotations"]
        #expect(annotations?["team"]?.stringValue == "shop")
        #expect(annotations?[AdmissionReviewDecoder.lastAppliedAnnotation] == nil)
    }

    @Test func warningsStayWithinKubeApiserverLimits() {
        let texts = (0..<100).map { "spec.triggers[\($0)]: " + String(repeating: "w", count: 300) + "\nsecond line" }
        let (warnings, dropped) = AdmissionText.warnings(texts, itemLimit: 256, totalLimit: 4096)
        #expect(warnings.allSatisfy { $0.unicodeScalars.count <= 256 && !$0.contains("\n") })
        #expect(warnings.reduce(0) { $0 + $1.unicodeScalars.count } <= 4096)
        #expect(dropped > 0)
        #expect(warnings.count + dropped == 101)
        #expect(warnings.last!.contains("\(dropped) more warnings"))
        let few = AdmissionText.warnings(["a", "a", "", "b"], itemLimit: 256, totalLimit: 4096)
        #expect(few.warnings == ["a", "b"] && few.dropped == 0)
    }

    @Test func timeoutQueryParameter() {
        #expect(AdmissionHandler.timeout(fromQuery: "timeout=10s") == .seconds(10))
        #expect(AdmissionHandler.timeout(fromQuery: "a=b&timeout=1m30s") == .seconds(90))
        #expect(AdmissionHandler.timeout(fromQuery: "timeout=500ms") == .milliseconds(500))
        #expect(AdmissionHandler.timeout(fromQuery: "timeout=soon") == nil)
        #expect(AdmissionHandler.answerBudget(.seconds(10)) == .seconds(9))
    }
}

/// A rule that throws, and one that waits on a lookup that never answers in time.
struct ThrowingRule: Rule {
    struct Boom: Error, CustomStringConvertible { var description: String { "boom" } }
    var descriptor: RuleDescriptor {
        RuleDescriptor(id: "test-throws", severity: .error, summary: "", explanation: "", kinds: [.scaledObject], category: "test")
    }
    func check(_ context: RuleContext) async throws -> [Finding] { throw Boom() }
}

struct SlowRule: Rule {
    var descriptor: RuleDescriptor {
        RuleDescriptor(id: "test-slow", severity: .error, summary: "", explanation: "", kinds: [.scaledObject], category: "test")
    }
    func check(_ context: RuleContext) async throws -> [Finding] {
        _ = await context.lookup.limitRanges(namespace: context.namespace)
        return [Finding("never", at: context.root)]
    }
}

/// A cluster that does not answer in time.
struct UnresponsiveLookup: ObjectLookup {
    func wait<T>() async -> Lookup<T> {
        try? await Task.sleep(for: .seconds(60))
        return .unknown(reason: "cancelled")
    }
    func workload(_ ref: WorkloadRef) async -> Lookup<WorkloadInfo> { await wait() }
    func horizontalPodAutoscalers(targeting target: WorkloadRef) async -> Lookup<[HPAInfo]> { await wait() }
    func scaledObjects(targeting target: WorkloadRef) async -> Lookup<[ScaledObjectInfo]> { await wait() }
    func scaledObjects(namespace: String, hpaName: String) async -> Lookup<[ScaledObjectInfo]> { await wait() }
    func limitRanges(namespace: String) async -> Lookup<[LimitRangeInfo]> { await wait() }
    func authentication(kind: ResourceKind, namespace: String?, name: String) async -> Lookup<AuthenticationInfo> { await wait() }
    func secret(namespace: String, name: String) async -> Lookup<SecretInfo> { await wait() }
}

struct FailurePolicyTests {
    func handler(_ rules: [any Rule], _ policy: FailurePolicy, lookup: any ObjectLookup = NoLookup()) -> AdmissionHandler {
        AdmissionHandler(engine: RuleEngine(rules: rules), settings: AdmissionSettings(failurePolicy: policy), lookup: lookup)
    }

    @Test func throwingRuleFailsOpenWithAWarning() async {
        let r = await handler([ThrowingRule()], .open).handle(body: reviewBody(object: scaledObject(validSpec)), path: "/validate")
        let response = parse(r)["response"]!
        #expect(response["allowed"]?.boolValue == true)
        #expect(response["warnings"]?[0]?.stringValue?.contains("test-throws") == true)
        #expect(r.outcome.ruleFailures.map(\.ruleID) == ["test-throws"])
    }

    @Test func throwingRuleFailsClosed() async {
        let r = await handler([ThrowingRule()], .closed).handle(body: reviewBody(object: scaledObject(validSpec)), path: "/validate")
        let response = parse(r)["response"]!
        #expect(response["allowed"]?.boolValue == false)
        #expect(response["status"]?["code"]?.intValue == 500)
        #expect(r.outcome.verdict == .error)
    }

    @Test func deadlineIsHonoured() async {
        for policy in FailurePolicy.allCases {
            let r = await handler([SlowRule()], policy, lookup: UnresponsiveLookup()).handle(body: reviewBody(object: scaledObject(validSpec)), path: "/validate", query: "timeout=1s")
            let response = parse(r)["response"]!
            #expect(r.outcome.timedOut)
            #expect(response["allowed"]?.boolValue == (policy == .open))
            #expect(response["uid"]?.stringValue == "uid-1")
        }
    }
}
