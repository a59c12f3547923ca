/// Everything that decides how a ScaledObject's replica count moves: the HPA KEDA creates for it
/// (minReplicas, maxReplicas, behavior) and KEDA's own activation and cooldown.
public struct ScaledObjectScaling: Sendable, Hashable {
    /// `minReplicaCount` as KEDA's scale loop reads it (unset = 0).
    public var minReplicaCount: Int
    /// The HPA's minReplicas: KEDA writes max(minReplicaCount, 1).
    public var hpaMinReplicas: Int
    /// The HPA's maxReplicas: `maxReplicaCount`, default 100.
    public var hpaMaxReplicas: Int
    public var idleReplicaCount: Int?
    public var cooldownPeriod: Int
    public var initialCooldownPeriod: Int
    public var pollingInterval: Int
    /// The HPA's behavior after KEDA's pause annotations and kube-apiserver's defaults; nil when
    /// KEDA writes no behavior (the controller then uses its built-in rules).
    public var behavior: HPABehavior?
    /// What the object set itself, for messages and for rules that care about intent.
    public var declared: DeclaredBehavior
    /// `autoscaling.keda.sh/paused-scale-in` / `-out` are in effect.
    public var scaleInPaused: Bool
    public var scaleOutPaused: Bool

    public init(minReplicaCount: Int = 0, hpaMaxReplicas: Int = 100, idleReplicaCount: Int? = nil,
                cooldownPeriod: Int = 300, initialCooldownPeriod: Int = 0, pollingInterval: Int = 30,
                behavior: HPABehavior? = nil, declared: DeclaredBehavior = DeclaredBehavior(),
                scaleInPaused: Bool = false, scaleOutPaused: Bool = false) {
        self.minReplicaCount = minReplicaCount
        self.hpaMinReplicas = max(minReplicaCount, 1)
        self.hpaMaxReplicas = hpaMaxReplicas
        self.idleReplicaCount = idleReplicaCount
        self.cooldownPeriod = cooldownPeriod
        self.initialCooldownPeriod = initialCooldownPeriod
        self.pollingInterval = pollingInterval
        self.behavior = behavior
        self.declared = declared
        self.scaleInPaused = scaleInPaused
        self.scaleOutPaused = scaleOutPaused
    }

    /// The behavior the controller acts on, with an unset scale-down window filled from its flag.
    public func controllerBehavior(downscaleStabilization: Int) -> HPABehavior? {
        guard var b = behavior else { return nil }
        if b.scaleDown.stabilizationWindowSeconds == nil { b.scaleDown.stabilizationWindowSeconds = downscaleStabilization }
        return b
    }
}

/// The behavior fields as written in the ScaledObject (before any defaulting).
public struct DeclaredBehavior: Sendable, Hashable {
    public var present: Bool
    public var scaleUp: PartialScalingRules?
    public var scaleDown: PartialScalingRules?

    public init(present: Bool = false, scaleUp: PartialScalingRules? = nil, scaleDown: PartialScalingRules? = nil) {
        self.present = present
        self.scaleUp = scaleUp
        self.scaleDown = scaleDown
    }
}

extension ScaledObjectScaling {
    public enum ResolutionError: Error, Sendable, Hashable, CustomStringConvertible {
        /// The behavior breaks Kubernetes' rules: the HPA would be rejected.
        case invalidBehavior([String])
        /// A field has a value of the wrong type; the schema rules report it.
        case unreadable(String)

        public var description: String {
            switch self {
            case .invalidBehavior(let problems): return "the HPA behavior is invalid: " + problems.joined(separator: "; ")
            case .unreadable(let what): return what
            }
        }
    }

    /// Reads a ScaledObject the way KEDA builds its HPA. Fails when the behavior would be
    /// rejected by kube-apiserver or a field cannot be read as KEDA's Go types would.
    /// `behaviorProblems`, when the caller already has them, saves validating the behavior again.
    public static func resolve(_ object: KubeObject, behaviorProblems: [BehaviorValidation.Problem]? = nil)
        -> Result<ScaledObjectScaling, ResolutionError> {
        let view = ScalableView(object)
        let problems = behaviorProblems ?? BehaviorValidation.problems(in: view.behavior)
        let errors = problems.filter { $0.severity == .error }
        if !errors.isEmpty { return .failure(.invalidBehavior(errors.map(\.message))) }

        func count(_ located: Located?, _ name: String, default value: Int) -> Result<Int, ResolutionError> {
            guard let located, !located.isNull else { return .success(value) }
            guard let n = located.int, n >= 0, n <= Int64(Int32.max) else {
                return .failure(.unreadable("\(name) must be a non-negative whole number"))
            }
            return .success(Int(n))
        }
        do {
            let minCount = try count(view.minReplicaCount, "minReplicaCount", default: 0).get()
            let maxCount = try count(view.maxReplicaCount, "maxReplicaCount", default: 100).get()
            guard max(minCount, 1) <= maxCount else {
                return .failure(.unreadable("minReplicaCount \(minCount) is above maxReplicaCount \(maxCount), which KEDA denies"))
            }
            let idle = try view.idleReplicaCount.map { try count($0, "idleReplicaCount", default: 0).get() }
            let cooldown = try count(view.cooldownPeriod, "cooldownPeriod", default: 300).get()
            let initialCooldown = try count(view.spec?["initialCooldownPeriod"], "initialCooldownPeriod", default: 0).get()
            let polling = try count(view.pollingInterval, "pollingInterval", default: 30).get()
            let declared = try declaredBehavior(view.behavior)
            // Two lookups rather than the whole annotation map: kubectl and Argo CD leave large ones.
            let scaleInPaused = object.annotation(Self.pausedScaleIn).map(Self.kedaBool) ?? false
            let scaleOutPaused = object.annotation(Self.pausedScaleOut).map(Self.kedaBool) ?? false

            var behavior: HPABehavior?
            if declared.present || scaleInPaused || scaleOutPaused {
                var up = declared.scaleUp
                var down = declared.scaleDown
                // KEDA forces Disabled on the paused direction, creating the behavior if needed.
                if scaleInPaused { down = (down ?? PartialScalingRules()); down?.selectPolicy = .disabled }
                if scaleOutPaused { up = (up ?? PartialScalingRules()); up?.selectPolicy = .disabled }
                behavior = HPABehavior(scaleUp: up?.defaulted(.defaultScaleUp) ?? .defaultScaleUp,
                                       scaleDown: down?.defaulted(.defaultScaleDown) ?? .defaultScaleDown)
            }
            return .success(ScaledObjectScaling(
                minReplicaCount: minCount, hpaMaxReplicas: maxCount, idleReplicaCount: idle,
                cooldownPeriod: cooldown, initialCooldownPeriod: initialCooldown, pollingInterval: polling,
                behavior: behavior, declared: declared, scaleInPaused: scaleInPaused, scaleOutPaused: scaleOutPaused))
        } catch let error as ResolutionError {
            return .failure(error)
        } catch {
            return .failure(.unreadable("\(error)"))
        }
    }

    static let pausedScaleIn = "autoscaling.keda.sh/paused-scale-in"
    static let pausedScaleOut = "autoscaling.keda.sh/paused-scale-out"

    /// KEDA's getBoolAnnotation: strconv.ParseBool, and any unparsable value counts as true.
    static func kedaBool(_ text: String) -> Bool { KEDAValueSyntax.goBool(text) ?? true }

    /// The behavior fields as KEDA's Go struct holds them. An empty `policies` list is treated as
    /// absent: KEDA marshals the HPA with `omitempty`, so kube-apiserver never sees it.
    static func declaredBehavior(_ located: Located?) throws -> DeclaredBehavior {
        // Plain nodes, not located ones: nothing here reports a position, and this runs for every
        // ScaledObject with a behavior.
        guard let behavior = located?.node, !behavior.isNull else { return DeclaredBehavior() }
        guard behavior.isMapping else { throw ResolutionError.unreadable("behavior must be an object") }
        func rules(_ key: String) throws -> PartialScalingRules? {
            guard let r = behavior[key], !r.isNull else { return nil }
            guard r.isMapping else { throw ResolutionError.unreadable("behavior.\(key) must be an object") }
            var out = PartialScalingRules()
            if let w = r["stabilizationWindowSeconds"], !w.isNull {
                guard let n = w.intValue else { throw ResolutionError.unreadable("\(key).stabilizationWindowSeconds must be an integer") }
                out.stabilizationWindowSeconds = Int(n)
            }
            if let s = r["selectPolicy"], !s.isNull {
                guard let text = s.stringValue, let policy = SelectPolicy(rawValue: text) else {
                    throw ResolutionError.unreadable("\(key).selectPolicy must be Max, Min or Disabled")
                }
                out.selectPolicy = policy
            }
            if let items = r["policies"]?.sequenceValue, !items.isEmpty {
                out.policies = try items.map { item in
                    guard let typeText = item["type"]?.stringValue, let type = ScalingPolicyType(rawValue: typeText),
                          let value = item["value"]?.intValue, let period = item["periodSeconds"]?.intValue else {
                        throw ResolutionError.unreadable("\(key).policies entries need type Pods or Percent, value and periodSeconds")
                    }
                    return ScalingPolicy(type, value: Int(value), periodSeconds: Int(period))
                }
            }
            return out
        }
        return DeclaredBehavior(present: true, scaleUp: try rules("scaleUp"), scaleDown: try rules("scaleDown"))
    }
}
