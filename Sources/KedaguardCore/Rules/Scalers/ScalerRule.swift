import Foundation

/// A rule that checks the metadata of one scaler family (the cross-field logic of the scaler's
/// Validate() and parse function in KEDA). The catalog-driven checks of single parameters
/// (required, type, enum, deprecated, unknown key) live elsewhere; these rules only add what
/// needs several parameters, the whole object, or a format a type cannot express.
///
/// "Never deny what KEDA accepts": a check may only conclude from values it can see. A value
/// that may come from a TriggerAuthentication or a container env var is never reported
/// missing, and its content is never judged.
public protocol ScalerRule: Rule {
    /// Trigger types the rule inspects (a family sharing one constructor). Rules store it: it is
    /// read for every object the rule runs on.
    var triggerTypes: Set<String> { get }
    var ruleID: String { get }
    var summary: String { get }
    var explanation: String { get }
    /// Default severity of the rule's findings (a finding may override it).
    var severity: Severity { get }
    func check(_ input: ScalerInput) -> [Finding]
}

extension ScalerRule {
    public var severity: Severity { .error }

    public var descriptor: RuleDescriptor {
        RuleDescriptor(id: ruleID, severity: severity, summary: summary, explanation: explanation,
                       kinds: ResourceKind.triggerBearing, category: "scalers")
    }

    public var onlyForTriggerTypes: Set<String>? { triggerTypes }

    public func check(_ context: RuleContext) async throws -> [Finding] {
        let types = triggerTypes
        var findings: [Finding] = []
        // Compared in turn rather than hashed: a family has a handful of types, and hashing a
        // string costs more than comparing it with each of them.
        for trigger in context.triggers where types.contains(where: { $0 == trigger.type }) {
            guard let parameters = await context.parameters(of: trigger) else { continue }
            let input = ScalerInput(trigger: trigger, parameters: parameters, context: context)
            findings += check(input)
        }
        return findings
    }
}

/// Three-valued logic for facts kedaguard may not be able to see.
public enum Tri: Sendable, Equatable {
    case yes, no, unknown

    public init(_ b: Bool) { self = b ? .yes : .no }

    public static prefix func ! (a: Tri) -> Tri {
        switch a {
        case .yes: return .no
        case .no: return .yes
        case .unknown: return .unknown
        }
    }

    public static func && (a: Tri, b: @autoclosure () -> Tri) -> Tri {
        if a == .no { return .no }
        let r = b()
        if r == .no { return .no }
        return a == .yes && r == .yes ? .yes : .unknown
    }

    public static func || (a: Tri, b: @autoclosure () -> Tri) -> Tri {
        if a == .yes { return .yes }
        let r = b()
        if r == .yes { return .yes }
        return a == .no && r == .no ? .no : .unknown
    }
}

/// What kedaguard can see of one parameter.
public enum Seen: Sendable {
    /// Written in `metadata` (trimmed, non-empty) and winning KEDA's lookup order.
    case value(String, Located)
    /// A TriggerAuthentication in view maps the parameter; its value is a secret.
    case supplied
    /// It may be set (an env var, a TriggerAuthentication out of view) but may also be empty.
    case unknown
    /// Nowhere: KEDA reads it as empty.
    case absent

    /// Whether KEDA ends up with a non-empty value. A TriggerAuthentication that maps the
    /// parameter is taken to supply a non-empty value.
    public var isSet: Tri {
        switch self {
        case .value, .supplied: return .yes
        case .unknown: return .unknown
        case .absent: return .no
        }
    }

    public var text: String? {
        if case .value(let t, _) = self { return t }
        return nil
    }
}

/// The pod identity KEDA passes to the scaler: the referenced TriggerAuthentication's
/// `podIdentity.provider`, or none when the trigger references nothing.
public enum PodIdentity: Sendable, Equatable {
    case none
    case provider(String)
    case unknown

    /// True when KEDA treats it as "no pod identity" ("" or "none").
    public var isNone: Tri {
        switch self {
        case .none: return .yes
        case .provider(let p): return Tri(p.isEmpty || p == "none")
        case .unknown: return .unknown
        }
    }

    public func isProvider(_ name: String) -> Tri {
        switch self {
        case .none: return .no
        case .provider(let p): return Tri(p == name)
        case .unknown: return .unknown
        }
    }

    public var name: String? {
        if case .provider(let p) = self { return p }
        return nil
    }
}

/// One trigger of one object, with what a scaler rule needs to judge it.
public struct ScalerInput: Sendable {
    public let trigger: TriggerView
    public let parameters: TriggerParameters
    public let version: KEDAVersion
    /// KEDA builds the scalers of a ScaledObject with scalingModifiers "as metric source":
    /// several scalers then no longer require a target value.
    public let asMetricSource: Bool
    public let isScaledJob: Bool
    /// The trigger's `metricType`, if written.
    public let metricType: String?

    public init(trigger: TriggerView, parameters: TriggerParameters, context: RuleContext) {
        self.trigger = trigger
        self.parameters = parameters
        self.version = context.options.kedaVersion
        self.isScaledJob = context.object.resourceKind == .scaledJob
        self.asMetricSource = !isScaledJob && context.usesScalingModifiers
        let mt = trigger.metricType?.string.map(KEDAValueSyntax.trim)
        self.metricType = (mt?.isEmpty ?? true) ? nil : mt
    }

    public var type: String { trigger.type }

    /// Is the KEDA release being checked at least `v`? (`main` is newer than every tag.)
    public func atLeast(_ v: KEDAVersion) -> Bool {
        let order = KEDAVersion.allCases
        return order.firstIndex(of: version)! >= order.firstIndex(of: v)!
    }

    // MARK: parameters

    /// Where KEDA would read `name` from. Names the catalog does not know for this release are
    /// looked up as plain metadata keys.
    public func seen(_ name: String) -> Seen {
        if let parameter = parameters.scaler.parameter(named: name) {
            switch parameters.presence(of: parameter) {
            case .metadata(_, let value, let located):
                let t = Self.trim(value)
                return t.isEmpty ? .absent : .value(t, located)
            case .environment: return .unknown
            case .authentication: return .supplied
            case .possiblyAuthentication: return .unknown
            case .absent: return .absent
            }
        }
        if let (v, l) = raw(name) { return .value(v, l) }
        return .absent
    }

    public func isSet(_ name: String) -> Tri { seen(name).isSet }

    /// The visible metadata value of a parameter (nil when absent or not visible).
    public func value(_ name: String) -> (text: String, located: Located)? {
        if case .value(let t, let l) = seen(name) { return (t, l) }
        return nil
    }

    /// A metadata key as written (trimmed; empty counts as absent), regardless of the catalog.
    public func raw(_ key: String) -> (text: String, located: Located)? {
        guard let located = trigger.metadata?[key], let text = located.node.scalarText else { return nil }
        let t = Self.trim(text)
        return t.isEmpty ? nil : (t, located)
    }

    /// The catalog default of a parameter, if any.
    public func defaultValue(_ name: String) -> String? {
        parameters.scaler.parameter(named: name)?.defaultValue
    }

    /// A boolean parameter as KEDA ends up with it: the visible value, or the default (false
    /// without one) when absent; nil when it cannot be told or does not parse.
    public func bool(_ name: String) -> Bool? {
        switch seen(name) {
        case .value(let t, _): return KEDAValueSyntax.goBool(t)
        case .absent: return defaultValue(name).map { KEDAValueSyntax.goBool($0) ?? false } ?? false
        case .supplied, .unknown: return nil
        }
    }

    /// A number parameter (int or float) as KEDA ends up with it: visible value or default
    /// (0 without one); nil when it cannot be told or does not parse as a JSON number.
    public func number(_ name: String) -> Double? {
        switch seen(name) {
        case .value(let t, _): return Self.jsonDouble(t)
        case .absent: return defaultValue(name).map { Self.jsonDouble($0) ?? 0 } ?? 0
        case .supplied, .unknown: return nil
        }
    }

    /// Same as `number` for an integer parameter: nil unless it is a whole JSON number.
    public func integer(_ name: String) -> Int64? {
        switch seen(name) {
        case .value(let t, _): return KEDAValueSyntax.jsonInteger(t, bits: 64, signed: true) == nil ? Int64(t) : nil
        case .absent: return defaultValue(name).flatMap { Int64($0) } ?? 0
        case .supplied, .unknown: return nil
        }
    }

    /// A string parameter as KEDA ends up with it: the visible value or the default ("" without
    /// one); nil when it comes from somewhere kedaguard cannot read.
    public func string(_ name: String) -> String? {
        switch seen(name) {
        case .value(let t, _): return t
        case .absent: return defaultValue(name) ?? ""
        case .supplied, .unknown: return nil
        }
    }

    // MARK: authentication

    /// Whether the referenced TriggerAuthentication maps `parameter` (for keys read by hand
    /// from authParams, outside the catalog's parameters).
    public func authSupplies(_ parameter: String) -> Tri {
        switch parameters.authentication {
        case nil, .absent?: return .no
        case .unknown?: return .unknown
        case .found(let info)?:
            if info.parameters.contains(parameter) { return .yes }
            return info.suppliesUnknownParameters ? .unknown : .no
        }
    }

    public var podIdentity: PodIdentity {
        switch parameters.authentication {
        case nil, .absent?: return .none
        case .unknown?: return .unknown
        case .found(let info)?: return .provider(info.podIdentityProvider ?? "")
        }
    }

    // MARK: findings

    /// Where to point a finding about something missing: the metadata block, else the trigger.
    public var anchor: Located { trigger.metadata ?? trigger.located }

    public func missing(_ key: String, _ message: String, severity: Severity? = nil) -> Finding {
        Finding("\(trigger.label): \(message)", missing: key, in: anchor, severity: severity)
    }

    /// A finding about a field missing from the trigger itself (e.g. authenticationRef).
    public func missingOnTrigger(_ key: String, _ message: String, severity: Severity? = nil) -> Finding {
        Finding("\(trigger.label): \(message)", missing: key, in: trigger.located, severity: severity)
    }

    public func at(_ located: Located, _ message: String, severity: Severity? = nil) -> Finding {
        Finding("\(trigger.label): \(message)", at: located, severity: severity)
    }

    /// A finding about a parameter: at its value when visible, else at the metadata block.
    public func about(_ name: String, _ message: String, severity: Severity? = nil) -> Finding {
        if let v = value(name) { return at(v.located, message, severity: severity) }
        if let r = raw(name) { return at(r.located, message, severity: severity) }
        return missing(name, message, severity: severity)
    }

    /// A finding about what the TriggerAuthentication supplies: at the authenticationRef.
    public func aboutAuthentication(_ message: String, severity: Severity? = nil) -> Finding {
        Finding("\(trigger.label): \(message)", atKeyOf: trigger.authenticationRef ?? trigger.located, severity: severity)
    }

    /// About the credentials: at the authenticationRef, or, without one, where it belongs.
    public func aboutAuthenticationOrMissing(_ message: String, severity: Severity? = nil) -> Finding {
        trigger.authenticationRef != nil ? aboutAuthentication(message, severity: severity)
            : missingOnTrigger("authenticationRef", message, severity: severity)
    }

    // MARK: helpers

    /// Go's strings.TrimSpace for the characters YAML can carry.
    public static func trim(_ s: String) -> String {
        KEDAValueSyntax.trim(s)
    }

    /// encoding/json into a float64.
    public static func jsonDouble(_ s: String) -> Double? {
        KEDAValueSyntax.jsonNumber(s) ? Double(s) : nil
    }
}
