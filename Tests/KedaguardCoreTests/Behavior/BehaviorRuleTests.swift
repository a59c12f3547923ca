import Testing
@testable import KedaguardCore

/// The parts of the behavior rules that fixtures cannot show: options, probe internals, messages.
struct BehaviorRuleTests {
    typealias S = BehaviorTestSupport

    static func check(_ rule: any Rule, _ yaml: String, options: CheckOptions = CheckOptions()) async throws -> [Finding] {
        let context = RuleContext(object: S.object(yaml), lookup: FileSetLookup(objects: [], defaultNamespace: "default"), options: options)
        return try await rule.check(context)
    }

    static let onePodPerMinute = S.scaledObject(spec: "  minReplicaCount: 1\n  maxReplicaCount: 50", behavior: """
            scaleUp:
              policies:
                - {type: Pods, value: 1, periodSeconds: 60}
    """)

    @Test func slowScaleUpBoundIsConfigurable() async throws {
        // 49 steps, the first at 0:15 and then one a minute: 48m15s.
        let findings = try await Self.check(SlowScaleUpRule(), Self.onePodPerMinute)
        #expect(findings.count == 1)
        #expect(findings.first?.message.contains("takes 48m15s, more than 10m") == true)
        #expect(findings.first?.message.contains("Pods 1 per 60s holds the count back") == true)
        let relaxed = try await Self.check(SlowScaleUpRule(), Self.onePodPerMinute, options: CheckOptions(maxScaleUpSeconds: 3000))
        #expect(relaxed.isEmpty)
        #expect(CheckOptions().maxScaleUpSeconds == 600)
    }

    @Test func deadPolicyProbeKeepsOneOfTwins() throws {
        let scaling = try S.scaling(S.scaledObject(behavior: """
                scaleUp:
                  policies:
                    - {type: Pods, value: 5, periodSeconds: 30}
                    - {type: Percent, value: 50, periodSeconds: 30}
                    - {type: Pods, value: 5, periodSeconds: 30}
        """))
        // From 0 to 100: Pods 5 wins below 10 replicas, Percent 50 above; the second Pods 5 never matters.
        #expect(BehaviorProbes(scaling: scaling).deadPolicies(.up) == [2])
    }

    @Test func deadPolicyNeedsTwoPoliciesAndAnActiveDirection() throws {
        let single = try S.scaling(S.scaledObject(behavior: "        scaleUp:\n          policies:\n            - {type: Pods, value: 1, periodSeconds: 60}"))
        #expect(BehaviorProbes(scaling: single).deadPolicies(.up).isEmpty)
        #expect(BehaviorProbes(scaling: single).deadPolicies(.down).isEmpty) // defaults: one policy
    }

    @Test func windowRuleIsDerivedFromTheFlappingProbe() throws {
        // 15 s: identical to 0 in the flapping probe; 16 s: the previous sync's recommendation counts.
        for (window, identical) in [(15, true), (16, false), (1, true), (60, false)] {
            let scaling = try S.scaling(S.scaledObject(behavior: "        scaleDown:\n          stabilizationWindowSeconds: \(window)"))
            var zero = try #require(scaling.behavior)
            zero.scaleDown.stabilizationWindowSeconds = 0
            let probes = BehaviorProbes(scaling: scaling)
            #expect((probes.flapping().trajectory == probes.flapping(behavior: zero).trajectory) == identical, "window \(window)")
        }
    }

    @Test func rampsMeasureWhatTheMessagesSay() throws {
        let scaling = try S.scaling(Self.onePodPerMinute)
        let probes = BehaviorProbes(scaling: scaling)
        #expect(probes.scaleUpRamp().reachedAt == 15 + 48 * 60)
        // Steady at 50: the 300 s default window holds until 5:00, then 100% per 15 s.
        #expect(probes.scaleDownRamp().reachedAt == 300)
    }

    @Test func rulesSkipObjectsKEDACannotBuildAnHPAFrom() async throws {
        let invalid = S.scaledObject(behavior: "        scaleDown:\n          selectPolicy: Disabled\n          stabilizationWindowSeconds: 9999")
        #expect(try await Self.check(ScaleDownDisabledRule(), invalid).isEmpty)
        #expect(try await Self.check(HPABehaviorValidRule(), invalid).count == 1)
        let scaledJob = """
        apiVersion: keda.sh/v1alpha1
        kind: ScaledJob
        metadata:
          name: job
        spec:
          jobTargetRef: {template: {spec: {containers: [{name: c, image: busybox}]}}}
          triggers:
            - type: cron
              metadata: {timezone: UTC, start: 0 8 * * *, end: 0 18 * * *, desiredReplicas: "1"}
        """
        #expect(try await Self.check(SlowScaleUpRule(), scaledJob).isEmpty)
    }

    @Test func percentRoundingReportsTheEffectiveShare() async throws {
        let surprising = S.scaledObject(spec: "  minReplicaCount: 1\n  maxReplicaCount: 20", behavior: """
                scaleUp:
                  policies:
                    - {type: Percent, value: 10, periodSeconds: 60}
        """)
        let findings = try await Self.check(PercentRoundingRule(), surprising)
        #expect(findings.count == 1)
        // Below 10 replicas 10% is less than a pod, so the first step doubles a single replica.
        #expect(findings.first?.message.contains("below 10 replicas it adds a whole pod per 60s, 100% at 1 replica rather than 10%") == true)
    }

    @Test func percentRoundingStaysQuietWhenTheStepIsClose() async throws {
        // 20% of 4 replicas rounds to one pod (25%): close to what was asked, not worth a line.
        let close = S.scaledObject(spec: "  minReplicaCount: 2\n  maxReplicaCount: 20", behavior: """
                scaleDown:
                  policies:
                    - {type: Percent, value: 20, periodSeconds: 60}
        """)
        #expect(try await Self.check(PercentRoundingRule(), close).isEmpty)
    }
}
