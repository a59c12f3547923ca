import Foundation
import Testing
@testable import KedaguardCore

/// Whole simulations, each worked out by hand from the controller's rules (15 s sync period,
/// fresh HPA: first sync at 0:15, which records the current count as a recommendation).
struct BehaviorScenarioTests {
    typealias S = BehaviorTestSupport

    static let seedBehavior = """
            scaleUp:
              stabilizationWindowSeconds: WINDOW
              selectPolicy: Max
              policies:
                - type: Percent
                  value: 10
                  periodSeconds: 60
                - type: Pods
                  value: 1
                  periodSeconds: 90
    """

    static func seed(window: Int) throws -> ScaledObjectScaling {
        try S.scaling(S.scaledObject(spec: "  minReplicaCount: 1\n  maxReplicaCount: 40",
                                     behavior: seedBehavior.replacingOccurrences(of: "WINDOW", with: "\(window)")))
    }

    @Test func seedWithoutWindowGainsTenPercentPerMinute() throws {
        let result = try S.run(Self.seed(window: 0), start: 10, recommend: "0:20")
        // Percent 10 per 60s from 10: ceil(11.0) = 11, then one step per minute as each event
        // leaves the 60 s period (an event exactly 60 s old no longer counts).
        #expect(S.steps(result) == [[15, 10, 11], [75, 11, 13], [135, 13, 15], [195, 15, 17], [255, 17, 19], [315, 19, 20]])
        #expect(result.events.dropLast().allSatisfy { $0.cause == .scaleUpLimit && $0.policy == ScalingPolicy(.percent, value: 10, periodSeconds: 60) })
        #expect(result.events.last?.cause == .desiredWithinRange)
        #expect(result.events[0].reason == "ScaleUpLimit: Percent 10% per 60s")
        #expect(result.samples.count == 61)
        #expect(result.samples[0] == SimulationSample(t: 0, recommended: 20, replicas: 10, stabilized: nil))
    }

    @Test func seedWithFiveMinuteWindowStartsFiveMinutesLater() throws {
        let result = try S.run(Self.seed(window: 300), start: 10, recommend: "0:20")
        // The first sync records the current 10 as a recommendation; it leaves the 300 s window at 5:15.
        #expect(S.steps(result) == [[315, 10, 11], [375, 11, 13], [435, 13, 15], [495, 15, 17], [555, 17, 19], [615, 19, 20]])
        #expect(result.samples.filter(\.heldByWindow).map(\.t) == Array(stride(from: 15, through: 300, by: 15)))
    }

    @Test func defaultScaleUpWithoutBehaviorDoublesPerSync() throws {
        let scaling = try S.scaling(S.scaledObject(spec: "  minReplicaCount: 1"))
        #expect(scaling.behavior == nil)
        let result = try S.run(scaling, start: 1, recommend: "0:100", duration: 180)
        #expect(S.steps(result) == [[15, 1, 4], [30, 4, 8], [45, 8, 16], [60, 16, 32], [75, 32, 64], [90, 64, 100]])
        #expect(result.events.first?.reason == "ScaleUpLimit: max(2 x current, 4) per sync (no behavior)")
        #expect(result.events.last?.cause == .desiredWithinRange) // 100 is the recommendation itself
    }

    @Test func defaultScaleUpWithDefaultedBehavior() throws {
        // An empty behavior gets kube-apiserver's policies: the larger of +4 pods and +100% per 15 s.
        let scaling = try S.scaling(S.scaledObject(spec: "  minReplicaCount: 1", behavior: "        scaleUp: {}"))
        #expect(scaling.behavior == HPABehavior())
        let result = try S.run(scaling, start: 1, recommend: "0:100", duration: 180)
        #expect(S.steps(result) == [[15, 1, 5], [30, 5, 10], [45, 10, 20], [60, 20, 40], [75, 40, 80], [90, 80, 100]])
        #expect(result.events[0].policy == ScalingPolicy(.pods, value: 4, periodSeconds: 15))
        #expect(result.events[1].policy == ScalingPolicy(.percent, value: 100, periodSeconds: 15))
    }

    @Test func defaultScaleDownWaitsForTheControllerWindow() throws {
        // The count recorded at the first sync (0:15) leaves the 300 s window at 5:15, with or
        // without a behavior; then 100% may go at once.
        let legacy = try S.run(S.scaling(S.scaledObject(spec: "  minReplicaCount: 1")), start: 100, recommend: "0:1")
        #expect(S.steps(legacy) == [[315, 100, 1]])
        let defaulted = try S.run(S.scaling(S.scaledObject(spec: "  minReplicaCount: 1", behavior: "        scaleDown: {}")),
                                  start: 100, recommend: "0:1")
        #expect(S.steps(defaulted) == [[315, 100, 1]])
        #expect(defaulted.scaleDownWindow == 300)
    }

    @Test func selectPolicyMinTakesTheSmallerChange() throws {
        let behavior = """
                scaleUp:
                  selectPolicy: SELECT
                  policies:
                    - {type: Pods, value: 4, periodSeconds: 60}
                    - {type: Percent, value: 50, periodSeconds: 60}
        """
        let min = try S.run(S.scaling(S.scaledObject(behavior: behavior.replacingOccurrences(of: "SELECT", with: "Min"))), start: 10, recommend: "0:30")
        #expect(S.steps(min) == [[15, 10, 14], [75, 14, 18], [135, 18, 22], [195, 22, 26], [255, 26, 30]])
        let max = try S.run(S.scaling(S.scaledObject(behavior: behavior.replacingOccurrences(of: "SELECT", with: "Max"))), start: 10, recommend: "0:30")
        #expect(S.steps(max) == [[15, 10, 15], [75, 15, 23], [135, 23, 30]])
    }

    @Test func selectPolicyDisabledFreezesItsDirection() throws {
        let noDown = try S.scaling(S.scaledObject(spec: "  minReplicaCount: 1", behavior: "        scaleDown:\n          selectPolicy: Disabled"))
        #expect(try S.run(noDown, start: 10, recommend: "0:2").events.isEmpty)
        #expect(!(try S.run(noDown, start: 2, recommend: "0:10").events.isEmpty))
        let noUp = try S.scaling(S.scaledObject(spec: "  minReplicaCount: 1", behavior: "        scaleUp:\n          selectPolicy: Disabled"))
        #expect(try S.run(noUp, start: 2, recommend: "0:10").events.isEmpty)
    }

    /// The recommendation alternates 8, 2, 8, 2... at every sync.
    static let flapping = (0...60).map { "\($0 * 15):\($0 % 2 == 0 ? 8 : 2)" }.joined(separator: ",")

    @Test func flappingRecommendationWithoutWindowFollowsEverySync() throws {
        let scaling = try S.scaling(S.scaledObject(spec: "  minReplicaCount: 1\n  maxReplicaCount: 10",
                                                   behavior: "        scaleDown:\n          stabilizationWindowSeconds: 0"))
        let result = try S.run(scaling, start: 4, recommend: Self.flapping)
        #expect(Array(S.steps(result).prefix(4)) == [[15, 4, 2], [30, 2, 6], [45, 6, 2], [60, 2, 6]])
        #expect(result.events.count == 60) // a change at every one of the 60 syncs
    }

    @Test func flappingRecommendationWithWindowHoldsThePeak() throws {
        // The default 300 s scale-down window always contains an 8.
        let scaling = try S.scaling(S.scaledObject(spec: "  minReplicaCount: 1\n  maxReplicaCount: 10", behavior: "        scaleUp: {}"))
        let result = try S.run(scaling, start: 4, recommend: Self.flapping)
        #expect(S.steps(result) == [[30, 4, 8]])
        #expect(result.samples.filter(\.heldByWindow).count == 30) // every sync that recommends 2
    }

    @Test func policiesWithDifferentPeriods() throws {
        // Pods 4 per 15 s wins while the count is small; Percent 100 per 60 s, measured from the
        // count one minute earlier, overtakes it at 2:00.
        let behavior = """
                scaleUp:
                  policies:
                    - {type: Pods, value: 4, periodSeconds: 15}
                    - {type: Percent, value: 100, periodSeconds: 60}
        """
        let result = try S.run(S.scaling(S.scaledObject(behavior: behavior)), start: 2, recommend: "0:40")
        #expect(result.events.map(\.to) == [6, 10, 14, 18, 22, 26, 30, 36, 40])
        #expect(result.events.map(\.t) == [15, 30, 45, 60, 75, 90, 105, 120, 135])
        let pods = ScalingPolicy(.pods, value: 4, periodSeconds: 15)
        #expect(result.events.prefix(7).allSatisfy { $0.policy == pods })
        #expect(result.events[7].policy == ScalingPolicy(.percent, value: 100, periodSeconds: 60))
        #expect(result.events[8].cause == .desiredWithinRange)
    }

    @Test func spikeShorterThanTheScaleUpWindowIsIgnored() throws {
        let recommend = "0:2,60:10,150:2" // 90 s of high load
        let windowed = try S.scaling(S.scaledObject(spec: "  minReplicaCount: 2",
                                                    behavior: "        scaleUp:\n          stabilizationWindowSeconds: 120"))
        let held = try S.run(windowed, start: 2, recommend: recommend)
        #expect(held.events.isEmpty)
        #expect(held.samples.filter(\.heldByWindow).map(\.t) == [60, 75, 90, 105, 120, 135])

        let eager = try S.scaling(S.scaledObject(spec: "  minReplicaCount: 2", behavior: "        scaleUp: {}"))
        let followed = try S.run(eager, start: 2, recommend: recommend)
        // Up at once, then down when the last 10 (at 2:15) leaves the 300 s scale-down window.
        #expect(S.steps(followed) == [[60, 2, 6], [75, 6, 10], [435, 10, 2]])
    }

    @Test func kedaActivatesFromZeroAndCoolsDownToZero() throws {
        let scaling = try S.scaling(S.scaledObject(spec: "  cooldownPeriod: 120"))
        #expect(scaling.minReplicaCount == 0 && scaling.hpaMinReplicas == 1)
        let result = try S.run(scaling, start: 0, recommend: "0:0,60:5,300:0")
        // KEDA polls every 30 s and acts before the HPA in the same second: activation at 1:00 and
        // the HPA's first step right after; the last active poll is 4:30, and the target goes to
        // zero at the first poll more than 120 s later (7:00). The HPA's 300 s window alone would
        // have kept 5 replicas until 9:45.
        #expect(S.steps(result) == [[60, 0, 1], [60, 1, 4], [75, 4, 5], [420, 5, 0]])
        #expect(result.events.map(\.cause) == [.kedaActivation, .scaleUpLimit, .desiredWithinRange, .kedaCooldown])
    }

    @Test func kedaScalesToIdleReplicaCount() throws {
        let scaling = try S.scaling(S.scaledObject(spec: "  minReplicaCount: 3\n  idleReplicaCount: 0\n  cooldownPeriod: 60"))
        let result = try S.run(scaling, start: 0, recommend: "0:0,30:6,150:0")
        // Activation to minReplicaCount 3 at 0:30, the HPA adds the rest in the same second; the
        // last active poll is 2:00, so the workload is idle again at 3:30.
        #expect(S.steps(result) == [[30, 0, 3], [30, 3, 6], [210, 6, 0]])
        #expect(result.events.last?.cause == .kedaCooldown)
    }

    @Test func pauseAnnotationsDisableTheirDirection() throws {
        let scaling = try S.scaling(S.scaledObject(annotations: "    autoscaling.keda.sh/paused-scale-in: \"yes\""))
        // KEDA reads any value ParseBool rejects as true, and creates the behavior to disable scale-in.
        #expect(scaling.scaleInPaused)
        #expect(scaling.behavior?.scaleDown.selectPolicy == .disabled)
        #expect(scaling.behavior?.scaleUp == .defaultScaleUp)
        let off = try S.scaling(S.scaledObject(annotations: "    autoscaling.keda.sh/paused-scale-out: \"false\""))
        #expect(!off.scaleOutPaused && off.behavior == nil)
    }

    @Test func steadyHistoryKeepsTheWindowFull() throws {
        let scaling = try S.scaling(S.scaledObject(spec: "  minReplicaCount: 1", behavior: "        scaleUp:\n          stabilizationWindowSeconds: 60"))
        let fresh = try S.run(scaling, start: 2, recommend: "0:8")
        let steady = try S.run(scaling, start: 2, recommend: "0:8", history: .steady)
        // Fresh: the entry recorded at 0:15 leaves the window at 1:15. Steady: the entry at 0:00 at 1:00.
        #expect(fresh.events.first?.t == 75)
        #expect(steady.events.first?.t == 60)
    }

    @Test func emptyPoliciesFallBackToTheDefaults() throws {
        let scaling = try S.scaling(S.scaledObject(behavior: "        scaleDown:\n          policies: []"))
        #expect(scaling.behavior?.scaleDown.policies == ScalingRules.defaultScaleDown.policies)
    }

    @Test func invalidBehaviorIsNotSimulated() {
        let yaml = S.scaledObject(behavior: "        scaleUp:\n          stabilizationWindowSeconds: 3601")
        guard case .failure(.invalidBehavior(let problems)) = ScaledObjectScaling.resolve(S.object(yaml)) else {
            Issue.record("expected the behavior to be rejected")
            return
        }
        #expect(problems.count == 1)
        #expect(problems[0].contains("must be less than or equal to 3600"))
    }

    @Test func minAboveMaxIsNotSimulated() {
        let yaml = S.scaledObject(spec: "  minReplicaCount: 5\n  maxReplicaCount: 3")
        guard case .failure(.unreadable(let why)) = ScaledObjectScaling.resolve(S.object(yaml)) else {
            Issue.record("expected min > max to be refused")
            return
        }
        #expect(why.contains("above maxReplicaCount"))
    }

    @Test func recommendationScheduleParsing() throws {
        let schedule = try RecommendationSchedule.parse(" 300:5 , 0:20")
        #expect(schedule.points == [.init(time: 0, replicas: 20), .init(time: 300, replicas: 5)])
        #expect(schedule.value(at: 299, before: 1) == 20)
        #expect(schedule.value(at: 300, before: 1) == 5)
        #expect(try RecommendationSchedule.parse("60:5").value(at: 30, before: 7) == 7)
        for bad in ["", "5", "a:1", "10:-1", "-5:1", "0:1,0:2", "1:2:3"] {
            #expect(throws: RecommendationSchedule.ParseError.self) { try RecommendationSchedule.parse(bad) }
        }
    }

    @Test func percentRoundsInDoublesLikeGo() {
        let rules = ScalingRules(stabilizationWindowSeconds: 0, selectPolicy: .max, policies: [ScalingPolicy(.percent, value: 10, periodSeconds: 60)])
        func limit(_ current: Int) -> Int {
            HPAControllerRules.scaleUpLimit(current: current, upEvents: [], downEvents: [], rules: rules, now: 0).limit
        }
        #expect(limit(10) == 11)   // 10 x 1.1 is exactly 11.0
        #expect(limit(100) == 111) // 100 x 1.1 is 110.00000000000001
        #expect(limit(1) == 2)     // never zero pods
        let down = ScalingRules(stabilizationWindowSeconds: 0, selectPolicy: .max, policies: [ScalingPolicy(.percent, value: 10, periodSeconds: 60)])
        #expect(HPAControllerRules.scaleDownLimit(current: 2, upEvents: [], downEvents: [], rules: down, now: 0).limit == 1) // trunc(1.8)
    }

    @Test func timeFormats() {
        #expect(formatSimulatedTime(0) == "00:00")
        #expect(formatSimulatedTime(315) == "05:15")
        #expect(formatSimulatedTime(6000) == "100:00")
        #expect(formatDuration(45) == "45s")
        #expect(formatDuration(315) == "5m15s")
        #expect(formatDuration(7200) == "2h")
    }
}
