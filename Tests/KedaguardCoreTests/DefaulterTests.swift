import KedaguardCore
import Testing

private func object(_ kind: String, spec: String, annotations: String = "{}") -> Node {
    let parsed = JSONParser.parse(#"{"apiVersion":"keda.sh/v1alpha1","kind":"\#(kind)","metadata":{"name":"x","annotations":\#(annotations)},"spec":\#(spec)}"#)
    return parsed.documents[0].root!
}

private func added(_ kind: ResourceKind, _ node: Node, _ defaulter: Defaulter = Defaulter()) -> [String: String] {
    let (after, _) = defaulter.apply(to: node, kind: kind)
    var out: [String: String] = [:]
    for op in JSONPatch.diff(from: node, to: after) {
        #expect(op.op != .remove, "defaulting never removes")
        out[op.path.description] = op.value.map(JSONWriter.write)
    }
    return out
}

struct DefaulterTests {
    @Test func scaledObjectWithNothingSet() {
        let so = object("ScaledObject", spec: #"{"scaleTargetRef":{"name":"w"},"triggers":[]}"#)
        #expect(added(.scaledObject, so) == [
            "/spec/pollingInterval": "30", "/spec/cooldownPeriod": "300",
            "/spec/minReplicaCount": "0", "/spec/maxReplicaCount": "100",
        ])
    }

    @Test func settingsThatWouldNotTakeEffectAreNotWritten() {
        // minReplicaCount above 0 without idle mode: KEDA's webhook warns about both fields.
        let so = object("ScaledObject", spec: #"{"minReplicaCount":2,"triggers":[]}"#)
        #expect(added(.scaledObject, so) == ["/spec/maxReplicaCount": "100"])
        let cached = object("ScaledObject", spec: #"{"minReplicaCount":2,"triggers":[{"type":"kafka","useCachedMetrics":true}]}"#)
        #expect(added(.scaledObject, cached) == ["/spec/maxReplicaCount": "100", "/spec/pollingInterval": "30"])
    }

    @Test func idleModeKeepsMinUnsetButMakesTimingRelevant() {
        let so = object("ScaledObject", spec: #"{"idleReplicaCount":0,"triggers":[]}"#)
        #expect(added(.scaledObject, so) == [
            "/spec/pollingInterval": "30", "/spec/cooldownPeriod": "300", "/spec/maxReplicaCount": "100",
        ])
    }

    @Test func writtenValuesAreNeverChangedButNullsAreFilled() {
        let so = object("ScaledObject", spec: #"{"pollingInterval":5,"cooldownPeriod":null,"minReplicaCount":0,"maxReplicaCount":7}"#)
        #expect(added(.scaledObject, so) == ["/spec/cooldownPeriod": "300"])
        let notInt = object("ScaledObject", spec: #"{"minReplicaCount":"1"}"#)
        #expect(added(.scaledObject, notInt) == ["/spec/maxReplicaCount": "100"])
    }

    @Test func scaledJob() {
        let sj = object("ScaledJob", spec: #"{"jobTargetRef":{},"failedJobsHistoryLimit":3}"#)
        #expect(added(.scaledJob, sj) == [
            "/spec/pollingInterval": "30", "/spec/successfulJobsHistoryLimit": "100", "/spec/maxReplicaCount": "100",
        ])
    }

    @Test func optOutConfigurationAndOtherKinds() {
        let optedOut = object("ScaledObject", spec: "{}", annotations: #"{"kedaguard.io/defaulting":"false"}"#)
        #expect(added(.scaledObject, optedOut).isEmpty)
        let some = Defaulter(enabled: [.scaledObjectMaxReplicaCount])
        #expect(added(.scaledObject, object("ScaledObject", spec: "{}"), some) == ["/spec/maxReplicaCount": "100"])
        #expect(added(.triggerAuthentication, object("TriggerAuthentication", spec: "{}")).isEmpty)
        let noSpec = JSONParser.parse(#"{"apiVersion":"keda.sh/v1alpha1","kind":"ScaledObject","metadata":{"name":"x"}}"#).documents[0].root!
        #expect(added(.scaledObject, noSpec).isEmpty, "a missing spec is not created")
    }

    @Test func idempotent() {
        let d = Defaulter()
        for (kind, node) in [(ResourceKind.scaledObject, object("ScaledObject", spec: "{}")), (.scaledJob, object("ScaledJob", spec: "{}"))] {
            let once = d.apply(to: node, kind: kind).object
            let twice = d.apply(to: once, kind: kind)
            #expect(twice.applied.isEmpty)
            #expect(JSONPatch.diff(from: once, to: twice.object).isEmpty)
        }
    }
}
