import Testing
@testable import KedaguardCore

/// Cases transcribed from Kubernetes' unit tests of the HPA controller
/// (pkg/controller/podautoscaler/horizontal_test.go): the same inputs and expected outputs,
/// restated for kedaguard's integer-second clock. Each test names the Go test it follows.
///
/// Go builds past events with generateEventsUniformDistribution(changes, period): the period is
/// cut into equal segments and each event sits in the middle of its segment, truncated to whole
/// seconds; `uniformEvents` does the same.
struct KubernetesControllerCaseTests {
    static let now = 100_000

    /// generateScalingRules(pods, podsPeriod, percent, percentPeriod, window) with selectPolicy Max:
    /// a Pods policy when pods != 0, then a Percent policy when percent != 0.
    static func rules(pods: Int = 0, podsPeriod: Int = 0, percent: Int = 0, percentPeriod: Int = 0, window: Int,
                      select: SelectPolicy = .max) -> ScalingRules {
        var policies: [ScalingPolicy] = []
        if pods != 0 { policies.append(ScalingPolicy(.pods, value: pods, periodSeconds: podsPeriod)) }
        if percent != 0 { policies.append(ScalingPolicy(.percent, value: percent, periodSeconds: percentPeriod)) }
        return ScalingRules(stabilizationWindowSeconds: window, selectPolicy: select, policies: policies)
    }

    static func uniformEvents(_ changes: [Int], period: Int) -> [RecordedScaleEvent] {
        let segment = Double(period) / Double(changes.count)
        return changes.enumerated().map { i, change in
            let age = Int(Double(period) - segment * Double(i + 1) + segment / 2)
            return RecordedScaleEvent(replicaChange: change, time: now - age)
        }
    }

    // MARK: TestScalingWithRules (convertDesiredReplicasWithBehaviorRate)

    struct RateCase: CustomTestStringConvertible, Sendable {
        var name: String
        var upEvents: [RecordedScaleEvent] = []
        var downEvents: [RecordedScaleEvent] = []
        var min: Int
        var max: Int
        var up: ScalingRules? = nil
        var down: ScalingRules? = nil
        var current: Int
        var desired: Int
        var expected: Int
        var reason: HPAControllerRules.LimitReason
        var testDescription: String { name }
    }

    static let rateCases: [RateCase] = [
        RateCase(name: "prenormalized desired replicas within range", min: 3, max: 8, current: 5, desired: 7, expected: 7, reason: .desiredWithinRange),
        RateCase(name: "prenormalized desired replicas < minReplicas", min: 2, max: 8, current: 3, desired: 1, expected: 2, reason: .tooFewReplicas),
        RateCase(name: "prenormalized desired replicas within range when minReplicas is 0", min: 0, max: 10, current: 1, desired: 0, expected: 0, reason: .desiredWithinRange),
        RateCase(name: "maxReplicas is the limit because maxReplicas < scaleUpLimit", min: 1, max: 10, current: 20, desired: 1000, expected: 10, reason: .tooManyReplicas),
        RateCase(name: "desired replica count is more than the maximum replica count", min: 100, max: 150, current: 100, desired: 1000, expected: 150, reason: .tooManyReplicas),
        RateCase(name: "scaleUpLimit is the limit because scaleUpLimit < maxReplicas with user policies", min: 1, max: 2000,
                 up: rules(percent: 1, percentPeriod: 60, window: 0), current: 3, desired: 1000, expected: 4, reason: .scaleUpLimit),
        // Skipped in Go (testThis: true) but its expectation holds.
        RateCase(name: "scaleDownLimit is the limit because scaleDownLimit > minReplicas with user defined policies", min: 3, max: 2000,
                 down: rules(pods: 20, podsPeriod: 60, window: 0), current: 1000, desired: 3, expected: 980, reason: .scaleDownLimit),
        RateCase(name: "scaleUp with default behavior", min: 1, max: 1000, current: 10, desired: 50, expected: 20, reason: .scaleUpLimit),
        RateCase(name: "scaleUp with pods policy larger than percent policy", min: 1, max: 1000,
                 up: rules(pods: 100, podsPeriod: 60, percent: 100, percentPeriod: 60, window: 0), current: 10, desired: 500, expected: 110, reason: .scaleUpLimit),
        RateCase(name: "scaleUp with percent policy larger than pods policy", min: 1, max: 1000,
                 up: rules(pods: 2, podsPeriod: 60, percent: 100, percentPeriod: 60, window: 0), current: 10, desired: 500, expected: 20, reason: .scaleUpLimit),
        RateCase(name: "scaleUp with spec MaxReplicas limitation with large pod policy", min: 1, max: 1000,
                 up: rules(pods: 100, podsPeriod: 60, window: 0), current: 10, desired: 50, expected: 50, reason: .desiredWithinRange),
        RateCase(name: "scaleUp with spec MaxReplicas limitation with large percent policy", min: 1, max: 1000,
                 up: rules(pods: 10000, podsPeriod: 60, window: 0), current: 10, desired: 50, expected: 50, reason: .desiredWithinRange),
        RateCase(name: "scaleUp with pod policy limitation", min: 1, max: 1000,
                 up: rules(pods: 30, podsPeriod: 60, window: 0), current: 10, desired: 50, expected: 40, reason: .scaleUpLimit),
        RateCase(name: "scaleUp with percent policy limitation", min: 1, max: 1000,
                 up: rules(percent: 200, percentPeriod: 60, window: 0), current: 10, desired: 50, expected: 30, reason: .scaleUpLimit),
        RateCase(name: "scaleDown with percent policy larger than pod policy", min: 1, max: 1000,
                 down: rules(pods: 20, podsPeriod: 60, percent: 1, percentPeriod: 60, window: 300), current: 100, desired: 2, expected: 80, reason: .scaleDownLimit),
        RateCase(name: "scaleDown with pod policy larger than percent policy", min: 1, max: 1000,
                 down: rules(pods: 2, podsPeriod: 60, percent: 1, percentPeriod: 60, window: 300), current: 100, desired: 2, expected: 98, reason: .scaleDownLimit),
        RateCase(name: "scaleDown with spec MinReplicas=nil limitation with large pod policy", min: 1, max: 1000,
                 down: rules(pods: 100, podsPeriod: 60, window: 300), current: 10, desired: 0, expected: 1, reason: .tooFewReplicas),
        RateCase(name: "scaleDown with spec MinReplicas limitation with large pod policy", min: 1, max: 1000,
                 down: rules(pods: 100, podsPeriod: 60, window: 300), current: 10, desired: 0, expected: 1, reason: .tooFewReplicas),
        RateCase(name: "scaleDown with spec MinReplicas limitation with large percent policy", min: 5, max: 1000,
                 down: rules(percent: 100, percentPeriod: 60, window: 300), current: 10, desired: 2, expected: 5, reason: .tooFewReplicas),
        RateCase(name: "scaleDown with pod policy limitation", min: 1, max: 1000,
                 down: rules(pods: 5, podsPeriod: 60, window: 300), current: 10, desired: 2, expected: 5, reason: .scaleDownLimit),
        RateCase(name: "scaleDown with percent policy limitation", min: 1, max: 1000,
                 down: rules(percent: 50, percentPeriod: 60, window: 300), current: 10, desired: 5, expected: 5, reason: .desiredWithinRange),
        RateCase(name: "scaleUp with spec MaxReplicas limitation with large pod policy and events", upEvents: uniformEvents([1, 5, 9], period: 120),
                 min: 1, max: 200, up: rules(pods: 300, podsPeriod: 60, window: 0), current: 100, desired: 500, expected: 200, reason: .tooManyReplicas),
        RateCase(name: "scaleUp with spec MaxReplicas limitation with large percent policy and events", upEvents: uniformEvents([1, 5, 9], period: 120),
                 min: 1, max: 200, up: rules(percent: 10000, percentPeriod: 60, window: 0), current: 100, desired: 500, expected: 200, reason: .tooManyReplicas),
        RateCase(name: "scaleUp with currentReplicas limitation with rate.PeriodSeconds with a lot of recent scale up events", upEvents: uniformEvents([1, 5, 9], period: 120),
                 min: 1, max: 1000, up: rules(pods: 5, podsPeriod: 120, window: 0), current: 100, desired: 500, expected: 100, reason: .scaleUpLimit),
        RateCase(name: "scaleUp with pod policy and previous scale up events", upEvents: uniformEvents([1, 5, 9], period: 120),
                 min: 1, max: 1000, up: rules(pods: 150, podsPeriod: 120, window: 0), current: 100, desired: 500, expected: 235, reason: .scaleUpLimit),
        RateCase(name: "scaleUp with percent policy and previous scale up events", upEvents: uniformEvents([1, 5, 9], period: 120),
                 min: 1, max: 1000, up: rules(percent: 200, percentPeriod: 120, window: 0), current: 100, desired: 500, expected: 255, reason: .scaleUpLimit),
        RateCase(name: "scaleUp with percent policy and previous scale up and down events", upEvents: uniformEvents([4], period: 120), downEvents: uniformEvents([2], period: 120),
                 min: 1, max: 1000, up: rules(percent: 300, percentPeriod: 300, window: 0), current: 6, desired: 24, expected: 16, reason: .scaleUpLimit),
        RateCase(name: "scaleDown with default policy and previous events", downEvents: uniformEvents([1, 5, 9], period: 120),
                 min: 1, max: 1000, current: 10, desired: 5, expected: 5, reason: .desiredWithinRange),
        RateCase(name: "scaleDown with spec MinReplicas=nil limitation with large pod policy and previous events", downEvents: uniformEvents([1, 5, 9], period: 120),
                 min: 1, max: 1000, down: rules(pods: 115, podsPeriod: 120, window: 300), current: 100, desired: 0, expected: 1, reason: .tooFewReplicas),
        RateCase(name: "scaleDown with spec MinReplicas limitation with large pod policy and previous events", downEvents: uniformEvents([1, 5, 9], period: 120),
                 min: 5, max: 1000, down: rules(pods: 130, podsPeriod: 120, window: 300), current: 100, desired: 0, expected: 5, reason: .tooFewReplicas),
        RateCase(name: "scaleDown with spec MinReplicas limitation with large percent policy and previous events", downEvents: uniformEvents([1, 5, 9], period: 120),
                 min: 5, max: 1000, down: rules(percent: 100, percentPeriod: 120, window: 300), current: 100, desired: 2, expected: 5, reason: .tooFewReplicas),
        RateCase(name: "scaleDown with pod policy limitation and previous events", downEvents: uniformEvents([1, 5, 9], period: 120),
                 min: 1, max: 1000, down: rules(pods: 5, podsPeriod: 120, window: 300), current: 100, desired: 2, expected: 100, reason: .scaleDownLimit),
        RateCase(name: "scaleDown with percent policy limitation and previous events", downEvents: uniformEvents([2, 4, 6], period: 120),
                 min: 1, max: 1000, down: rules(percent: 50, percentPeriod: 120, window: 300), current: 100, desired: 0, expected: 56, reason: .scaleDownLimit),
        RateCase(name: "scaleDown with percent policy and previous scale up and down events", upEvents: uniformEvents([2], period: 120), downEvents: uniformEvents([4], period: 120),
                 min: 1, max: 1000, down: rules(percent: 50, percentPeriod: 180, window: 0), current: 10, desired: 1, expected: 6, reason: .scaleDownLimit),
        RateCase(name: "scaleDown with previous events preventing further scale down", downEvents: uniformEvents([10, 10, 10], period: 120),
                 min: 1, max: 1000, down: rules(percent: 10, percentPeriod: 120, window: 300), current: 100, desired: 0, expected: 100, reason: .scaleDownLimit),
        RateCase(name: "scaleDown with with previous events still allowing more scale down", downEvents: uniformEvents([10, 10, 10], period: 120),
                 min: 1, max: 1000, down: rules(percent: 1000, percentPeriod: 120, window: 300), current: 10, desired: 5, expected: 5, reason: .desiredWithinRange),
        RateCase(name: "check 'outdated' flag for events for one behavior for up", upEvents: uniformEvents([8, 12, 9, 11], period: 120),
                 min: 1, max: 1000, up: rules(pods: 1000, podsPeriod: 60, window: 0), current: 100, desired: 200, expected: 200, reason: .desiredWithinRange),
        RateCase(name: "check that events were not marked 'outdated' for two different policies in the behavior for up", upEvents: uniformEvents([8, 12, 9, 11], period: 120),
                 min: 1, max: 1000, up: rules(pods: 1000, podsPeriod: 120, percent: 100, percentPeriod: 60, window: 0), current: 100, desired: 200, expected: 200, reason: .desiredWithinRange),
        RateCase(name: "check that events were marked 'outdated' for two different policies in the behavior for up", upEvents: uniformEvents([8, 12, 9, 11], period: 120),
                 min: 1, max: 1000, up: rules(pods: 1000, podsPeriod: 30, percent: 100, percentPeriod: 60, window: 0), current: 100, desired: 200, expected: 200, reason: .desiredWithinRange),
        RateCase(name: "check 'outdated' flag for events for one behavior for down", downEvents: uniformEvents([8, 12, 9, 11], period: 120),
                 min: 1, max: 1000, down: rules(pods: 1000, podsPeriod: 60, window: 300), current: 100, desired: 5, expected: 5, reason: .desiredWithinRange),
        RateCase(name: "check that events were not marked 'outdated' for two different policies in the behavior for down", downEvents: uniformEvents([8, 12, 9, 11], period: 120),
                 min: 1, max: 1000, down: rules(pods: 1000, podsPeriod: 120, percent: 100, percentPeriod: 60, window: 300), current: 100, desired: 5, expected: 5, reason: .desiredWithinRange),
        RateCase(name: "check that events were marked 'outdated' for two different policies in the behavior for down", downEvents: uniformEvents([8, 12, 9, 11], period: 120),
                 min: 1, max: 1000, down: rules(pods: 1000, podsPeriod: 30, percent: 100, percentPeriod: 60, window: 300), current: 100, desired: 5, expected: 5, reason: .desiredWithinRange),
    ]

    @Test("TestScalingWithRules", arguments: rateCases)
    func scalingWithRules(_ c: RateCase) {
        // The Go harness completes nil rules with GenerateHPAScale{Up,Down}Rules: the API defaults.
        let behavior = HPABehavior(scaleUp: c.up ?? .defaultScaleUp, scaleDown: c.down ?? .defaultScaleDown)
        let result = HPAControllerRules.convertWithBehaviorRate(
            current: c.current, desired: c.desired, minReplicas: c.min, maxReplicas: c.max, behavior: behavior,
            upEvents: c.upEvents, downEvents: c.downEvents, now: Self.now)
        #expect(result.replicas == c.expected)
        #expect(result.reason == c.reason)
    }

    // MARK: TestCalculateScaleUpLimitWithScalingRules / TestCalculateScaleDownLimitWithBehaviors

    @Test func calculateScaleUpLimitWithScalingRules() {
        let rules = ScalingRules(stabilizationWindowSeconds: 300, selectPolicy: .min, policies: [
            ScalingPolicy(.pods, value: 2, periodSeconds: 60), ScalingPolicy(.percent, value: 50, periodSeconds: 60),
        ])
        let limit = HPAControllerRules.scaleUpLimit(current: 1, upEvents: [], downEvents: [], rules: rules, now: Self.now)
        #expect(limit.limit == 2)
        #expect(limit.policy == ScalingPolicy(.percent, value: 50, periodSeconds: 60))
    }

    @Test func calculateScaleDownLimitWithBehaviors() {
        let rules = ScalingRules(stabilizationWindowSeconds: 300, selectPolicy: .min, policies: [
            ScalingPolicy(.pods, value: 2, periodSeconds: 60), ScalingPolicy(.percent, value: 50, periodSeconds: 60),
        ])
        let limit = HPAControllerRules.scaleDownLimit(current: 5, upEvents: [], downEvents: [], rules: rules, now: Self.now)
        #expect(limit.limit == 3)
        #expect(limit.policy == ScalingPolicy(.pods, value: 2, periodSeconds: 60))
    }

    // MARK: TestStoreScaleEvents (storeScaleEvent, getReplicasChangePerPeriod)

    struct StoreCase: CustomTestStringConvertible, Sendable {
        var name: String
        /// (change, age in seconds)
        var previous: [(Int, Int)]
        var rules: ScalingRules?
        var expectedChangeIn60s: Int
        /// (change, outdated) after storing a change of 5
        var stored: [(Int, Bool)]
        var testDescription: String { name }
    }

    static let storeCases: [StoreCase] = [
        StoreCase(name: "empty entries with default behavior", previous: [], rules: nil, expectedChangeIn60s: 0, stored: []),
        StoreCase(name: "empty entries with two-policy-behavior", previous: [],
                  rules: rules(pods: 10, podsPeriod: 60, percent: 100, percentPeriod: 60, window: 0), expectedChangeIn60s: 0, stored: [(5, false)]),
        StoreCase(name: "one outdated entry to be kept untouched without behavior", previous: [(7, 61)], rules: nil,
                  expectedChangeIn60s: 0, stored: [(7, false)]),
        StoreCase(name: "one outdated entry to be replaced with behavior", previous: [(7, 61)],
                  rules: rules(pods: 10, podsPeriod: 60, percent: 100, percentPeriod: 60, window: 0), expectedChangeIn60s: 0, stored: [(5, false)]),
        StoreCase(name: "one actual entry to be not touched with behavior", previous: [(7, 58)],
                  rules: rules(pods: 10, podsPeriod: 60, percent: 100, percentPeriod: 60, window: 0), expectedChangeIn60s: 7, stored: [(7, false), (5, false)]),
        StoreCase(name: "two entries, one of them to be replaced", previous: [(7, 61), (6, 59)],
                  rules: rules(pods: 10, podsPeriod: 60, window: 0), expectedChangeIn60s: 6, stored: [(5, false), (6, false)]),
        StoreCase(name: "replace one entry, use policies with different periods", previous: [(8, 29), (6, 59), (7, 61), (9, 61)],
                  rules: rules(pods: 10, podsPeriod: 60, percent: 100, percentPeriod: 30, window: 0), expectedChangeIn60s: 14,
                  stored: [(8, false), (6, false), (7, true), (5, false)]),
        StoreCase(name: "two entries, both actual", previous: [(7, 58), (6, 59)],
                  rules: rules(pods: 10, podsPeriod: 120, percent: 100, percentPeriod: 30, window: 0), expectedChangeIn60s: 13,
                  stored: [(7, false), (6, false), (5, false)]),
    ]

    @Test("TestStoreScaleEvents", arguments: storeCases)
    func storeScaleEvents(_ c: StoreCase) {
        let events = c.previous.map { RecordedScaleEvent(replicaChange: $0.0, time: Self.now - $0.1) }
        #expect(HPAControllerRules.replicasChange(periodSeconds: 60, events: events, now: Self.now) == c.expectedChangeIn60s)

        // Scale up 10 -> 15 with the rules as scaleUp, then scale down 10 -> 5 with them as scaleDown.
        var up = HPAControllerState(scaleUpEvents: events)
        up.storeScaleEvent(behavior: c.rules.map { HPABehavior(scaleUp: $0) }, previous: 10, new: 15, now: Self.now)
        #expect(up.scaleUpEvents.map { [$0.replicaChange, $0.outdated ? 1 : 0] } == c.stored.map { [$0.0, $0.1 ? 1 : 0] })

        var down = HPAControllerState(scaleDownEvents: events)
        down.storeScaleEvent(behavior: c.rules.map { HPABehavior(scaleDown: $0) }, previous: 10, new: 5, now: Self.now)
        #expect(down.scaleDownEvents.map { [$0.replicaChange, $0.outdated ? 1 : 0] } == c.stored.map { [$0.0, $0.1 ? 1 : 0] })
    }

    // MARK: TestNormalizeDesiredReplicasWithBehavior (stabilizeRecommendationWithBehaviors)

    struct StabilizeCase: CustomTestStringConvertible, Sendable {
        var name: String
        /// (recommendation, age in seconds)
        var recommendations: [(Int, Int)]
        var current: Int
        var desired: Int
        var expected: Int
        /// Stored recommendations afterwards (values only), when the Go test checks them.
        var stored: [Int]?
        var upWindow = 0
        var downWindow = 0
        var testDescription: String { name }
    }

    static let stabilizeCases: [StabilizeCase] = [
        StabilizeCase(name: "empty recommendations for scaling down", recommendations: [], current: 100, desired: 5, expected: 5, stored: [5]),
        StabilizeCase(name: "simple scale down stabilization", recommendations: [(4, 120), (5, 60)], current: 100, desired: 3, expected: 5,
                      stored: [4, 5, 3], downWindow: 180),
        StabilizeCase(name: "simple scale up stabilization", recommendations: [(4, 120), (5, 60)], current: 1, desired: 7, expected: 4,
                      stored: [4, 5, 7], upWindow: 300),
        StabilizeCase(name: "no scale down stabilization", recommendations: [(1, 120), (2, 60)], current: 100, desired: 3, expected: 3,
                      stored: [1, 2, 3], upWindow: 300),
        StabilizeCase(name: "no scale up stabilization", recommendations: [(4, 120), (5, 60)], current: 1, desired: 3, expected: 3,
                      stored: [4, 5, 3], downWindow: 300),
        StabilizeCase(name: "no scale down stabilization, reuse recommendation element", recommendations: [(10, 600), (9, 540)],
                      current: 100, desired: 3, expected: 3, stored: [10, 3]),
        StabilizeCase(name: "no scale up stabilization, reuse recommendation element", recommendations: [(10, 600), (9, 540)],
                      current: 1, desired: 100, expected: 100, stored: [10, 100]),
        StabilizeCase(name: "scale down stabilization, reuse one of obsolete recommendation element",
                      recommendations: [(10, 600), (4, 60), (5, 120), (9, 540)], current: 100, desired: 3, expected: 5,
                      stored: [10, 4, 5, 3], downWindow: 180),
        StabilizeCase(name: "scale up stabilization, reuse one of obsolete recommendation element",
                      recommendations: [(10, 6000), (6, 60), (5, 120), (9, 180)], current: 1, desired: 100, expected: 5,
                      stored: [100, 6, 5, 9], upWindow: 300),
        StabilizeCase(name: "scale up and down stabilization, do not scale up when prenormalized rec goes down",
                      recommendations: [(2, 6000), (3, 180)], current: 2, desired: 1, expected: 2, stored: nil, upWindow: 300, downWindow: 300),
        StabilizeCase(name: "scale up and down stabilization, do not scale down when prenormalized rec goes up",
                      recommendations: [(2, 6000), (1, 180)], current: 2, desired: 3, expected: 2, stored: nil, upWindow: 300, downWindow: 300),
    ]

    @Test("TestNormalizeDesiredReplicasWithBehavior", arguments: stabilizeCases)
    func stabilizeWithBehaviors(_ c: StabilizeCase) {
        var state = HPAControllerState(recommendations: c.recommendations.map { TimedRecommendation(replicas: $0.0, time: Self.now - $0.1) })
        let result = state.stabilize(desired: c.desired, current: c.current, upWindow: c.upWindow, downWindow: c.downWindow, now: Self.now)
        #expect(result == c.expected)
        if let stored = c.stored {
            #expect(state.recommendations?.map(\.replicas) == stored)
        }
    }

    // MARK: TestNormalizeDesiredReplicas (stabilizeRecommendation, no behavior, 5-minute window)

    @Test("TestNormalizeDesiredReplicas", arguments: [
        ("empty log", [(Int, Int)](), 5, 5, 1),
        ("stabilize", [(4, 120), (5, 60)], 3, 5, 3),
        ("no stabilize", [(1, 120), (2, 60)], 3, 3, 3),
        ("no stabilize - old recommendations", [(10, 600), (9, 540)], 3, 3, 2),
        ("stabilize - old recommendations", [(10, 600), (4, 60), (5, 120), (9, 540)], 3, 5, 4),
    ])
    func stabilizeWithoutBehavior(_ name: String, _ recs: [(Int, Int)], _ desired: Int, _ expected: Int, _ logLength: Int) {
        var state = HPAControllerState(recommendations: recs.map { TimedRecommendation(replicas: $0.0, time: Self.now - $0.1) })
        #expect(state.stabilizeWithoutBehavior(desired: desired, window: 300, now: Self.now) == expected, "\(name)")
        #expect(state.recommendations?.count == logLength, "\(name)")
    }

    // MARK: TestConvertDesiredReplicasWithRules (no behavior)

    @Test("TestConvertDesiredReplicasWithRules", arguments: [
        ("prenormalized desired replicas within range", 5, 7, 3, 8, 7, HPAControllerRules.LimitReason.desiredWithinRange),
        ("prenormalized desired replicas < minReplicas", 3, 1, 2, 8, 2, .tooFewReplicas),
        ("prenormalized desired zeroed replicas within range", 1, 0, 0, 10, 0, .desiredWithinRange),
        ("maxReplicas is the limit because maxReplicas < scaleUpLimit", 20, 1000, 1, 10, 10, .tooManyReplicas),
        // The Go test raises scaleUpLimitFactor to 8, so the limit is max(8 x 3, 4) = 24.
        ("scaleUpLimit is the limit because scaleUpLimit < maxReplicas", 3, 1000, 1, 2000, 24, .scaleUpLimit),
    ])
    func convertWithRules(_ name: String, _ current: Int, _ desired: Int, _ min: Int, _ max: Int, _ expected: Int,
                          _ reason: HPAControllerRules.LimitReason) {
        let result = HPAControllerRules.convertWithRules(current: current, desired: desired, minReplicas: min, maxReplicas: max, scaleUpFactor: 8)
        #expect(result.replicas == expected, "\(name)")
        #expect(result.reason == reason, "\(name)")
    }

    /// With the production factor of 2 the same case is limited to max(2 x 3, 4) = 6.
    @Test func legacyScaleUpLimitUsesFactorTwo() {
        #expect(HPAControllerRules.convertWithRules(current: 3, desired: 1000, minReplicas: 1, maxReplicas: 2000).replicas == 6)
        #expect(HPAControllerRules.legacyScaleUpLimit(current: 1) == 4)
        #expect(HPAControllerRules.legacyScaleUpLimit(current: 50) == 100)
    }
}
