/// HPA behavior (autoscaling/v2) as the controller sees it once kube-apiserver has applied its
/// defaults. Numbers are plain `Int`: the API types are int32, and every value kedaguard feeds in
/// has passed Kubernetes' bounds (value > 0, periodSeconds 1–1800, window 0–3600).
public enum ScalingPolicyType: String, Sendable, Hashable, CaseIterable {
    case pods = "Pods"
    case percent = "Percent"
}

public struct ScalingPolicy: Sendable, Hashable, CustomStringConvertible {
    public var type: ScalingPolicyType
    public var value: Int
    public var periodSeconds: Int

    public init(_ type: ScalingPolicyType, value: Int, periodSeconds: Int) {
        self.type = type
        self.value = value
        self.periodSeconds = periodSeconds
    }

    /// "Percent 10% per 60s", "Pods 4 per 15s".
    public var description: String {
        switch type {
        case .pods: return "Pods \(value) per \(periodSeconds)s"
        case .percent: return "Percent \(value)% per \(periodSeconds)s"
        }
    }
}

public enum SelectPolicy: String, Sendable, Hashable, CaseIterable {
    case max = "Max"
    case min = "Min"
    case disabled = "Disabled"
}

/// One direction of a behavior. `stabilizationWindowSeconds` stays nil only for a scale-down
/// rule that did not set it: the controller then uses its --horizontal-pod-autoscaler-downscale-
/// stabilization flag (default 300 s), not an API default.
public struct ScalingRules: Sendable, Hashable {
    public var stabilizationWindowSeconds: Int?
    public var selectPolicy: SelectPolicy
    public var policies: [ScalingPolicy]

    public init(stabilizationWindowSeconds: Int?, selectPolicy: SelectPolicy, policies: [ScalingPolicy]) {
        self.stabilizationWindowSeconds = stabilizationWindowSeconds
        self.selectPolicy = selectPolicy
        self.policies = policies
    }

    /// kube-apiserver's scale-up default: the faster of 4 pods or 100 % every 15 s, no window.
    public static let defaultScaleUp = ScalingRules(
        stabilizationWindowSeconds: 0, selectPolicy: .max,
        policies: [ScalingPolicy(.pods, value: 4, periodSeconds: 15), ScalingPolicy(.percent, value: 100, periodSeconds: 15)])

    /// kube-apiserver's scale-down default: 100 % every 15 s; the window is left to the controller.
    public static let defaultScaleDown = ScalingRules(
        stabilizationWindowSeconds: nil, selectPolicy: .max,
        policies: [ScalingPolicy(.percent, value: 100, periodSeconds: 15)])

    /// The longest policy period; scale events older than this are never looked at again.
    public var longestPeriod: Int { policies.map(\.periodSeconds).max() ?? 0 }

    /// The window the controller applies, given its downscale flag for an unset scale-down window.
    public func window(controllerDefault: Int) -> Int { stabilizationWindowSeconds ?? controllerDefault }
}

/// Both directions, fully defaulted.
public struct HPABehavior: Sendable, Hashable {
    public var scaleUp: ScalingRules
    public var scaleDown: ScalingRules

    public init(scaleUp: ScalingRules = .defaultScaleUp, scaleDown: ScalingRules = .defaultScaleDown) {
        self.scaleUp = scaleUp
        self.scaleDown = scaleDown
    }
}

/// The fields one direction sets explicitly; nil means "take kube-apiserver's default".
/// Mirrors the API server's defaulting, which copies a field from the object only when it is
/// non-nil (an omitted `policies` gets the default list).
public struct PartialScalingRules: Sendable, Hashable {
    public var stabilizationWindowSeconds: Int?
    public var selectPolicy: SelectPolicy?
    public var policies: [ScalingPolicy]?

    public init(stabilizationWindowSeconds: Int? = nil, selectPolicy: SelectPolicy? = nil, policies: [ScalingPolicy]? = nil) {
        self.stabilizationWindowSeconds = stabilizationWindowSeconds
        self.selectPolicy = selectPolicy
        self.policies = policies
    }

    public func defaulted(_ defaults: ScalingRules) -> ScalingRules {
        ScalingRules(stabilizationWindowSeconds: stabilizationWindowSeconds ?? defaults.stabilizationWindowSeconds,
                     selectPolicy: selectPolicy ?? defaults.selectPolicy,
                     policies: policies ?? defaults.policies)
    }
}
