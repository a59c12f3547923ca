import Foundation

/// Where a trigger's parameter comes from, as far as kedaguard can see.
public enum ParameterPresence: Sendable {
    /// Written in `metadata`, with its (trimmed) value.
    case metadata(key: String, value: String, located: Located)
    /// `<name>FromEnv` names an env var of the target's container (`envVar` untrimmed, as KEDA
    /// looks it up); the value is not visible.
    case environment(key: String, envVar: String, located: Located)
    /// The referenced TriggerAuthentication supplies it (it is in the files or the cluster).
    case authentication(AuthenticationInfo)
    /// A TriggerAuthentication is referenced but cannot be seen; it might supply the parameter.
    case possiblyAuthentication(reason: String)
    case absent

    public var isPresent: Bool {
        switch self {
        case .absent: return false
        default: return true
        }
    }

    /// The value when it is written in the manifest.
    public var metadataValue: String? {
        if case .metadata(_, let value, _) = self { return value }
        return nil
    }
}

/// Resolves a trigger's parameters the way KEDA's typed config looks them up: sources in the
/// parameter's order, names in order, the first non-empty value wins.
public final class TriggerParameters: Sendable {
    public let trigger: TriggerView
    public let scaler: ScalerSpec
    /// nil when the trigger has no authenticationRef.
    public let authentication: Lookup<AuthenticationInfo>?
    /// `trigger.metadata`, resolved once: every parameter lookup starts from it.
    private let metadata: Located?

    public init(trigger: TriggerView, scaler: ScalerSpec, authentication: Lookup<AuthenticationInfo>?) {
        self.trigger = trigger
        self.scaler = scaler
        self.authentication = authentication
        self.metadata = trigger.metadata
    }

    public func presence(of parameter: ParameterSpec) -> ParameterPresence {
        Self.presence(names: parameter.names, sources: parameter.sources, metadata: metadata, authentication: authentication)
    }

    /// Like `presence(of:)` but only looking at `sources` (kept in the parameter's order), e.g.
    /// to ask whether anything but the environment could supply it.
    public func presence(of parameter: ParameterSpec, from sources: [ParameterSource]) -> ParameterPresence {
        Self.presence(names: parameter.names, sources: parameter.sources.filter(sources.contains),
                      metadata: metadata, authentication: authentication)
    }

    /// KEDA's lookup (configParamValue): sources in order, names in order inside each source,
    /// the first value that is non-empty after trimming wins.
    public static func presence(names: [String], sources: [ParameterSource], metadata: Located?,
                                authentication: Lookup<AuthenticationInfo>?) -> ParameterPresence {
        for source in sources {
            for name in names {
                switch source {
                case .metadata:
                    // Test the plain node first: building a Located (with its path) only pays off
                    // for the parameters that are actually there.
                    if let node = metadata?.node[name], let value = KEDAValueSyntax.effectiveValue(node.scalarText),
                       let located = metadata?[name] {
                        return .metadata(key: name, value: value, located: located)
                    }
                case .environment:
                    // KEDA looks the env var up by the untrimmed metadata value. The key is
                    // matched in place: spelling out name + "FromEnv" allocated a string for
                    // nearly every parameter looked up, and almost no trigger has such a key.
                    if let metadata, let entry = metadata.node.entries?.first(where: { Self.isEnvironmentKey($0.key, of: name) }),
                       let raw = entry.value.scalarText, KEDAValueSyntax.effectiveValue(raw) != nil,
                       let located = metadata[entry.key] {
                        return .environment(key: entry.key, envVar: raw, located: located)
                    }
                case .authentication:
                    switch authentication {
                    case .found(let info)?:
                        if info.parameters.contains(name) { return .authentication(info) }
                        if info.suppliesUnknownParameters { return .possiblyAuthentication(reason: "\(info.kind.rawValue) \(info.name) reads parameters from a file") }
                    case .unknown(let reason)?:
                        return .possiblyAuthentication(reason: reason)
                    case .absent?, nil:
                        break
                    }
                }
            }
        }
        return .absent
    }

    /// Whether `key` is `name` followed by `FromEnv`.
    static func isEnvironmentKey(_ key: String, of name: String) -> Bool {
        let suffix = "FromEnv".utf8
        return key.utf8.count == name.utf8.count + suffix.count && key.utf8.starts(with: name.utf8)
            && key.utf8.reversed().starts(with: suffix.reversed())
    }

    public func presence(ofNamed name: String) -> ParameterPresence {
        guard let parameter = scaler.parameter(named: name) else { return .absent }
        return presence(of: parameter)
    }
}

extension RuleContext {
    /// The (Cluster)TriggerAuthentication a trigger references, if it references one.
    public func authentication(for trigger: TriggerView) async -> Lookup<AuthenticationInfo>? {
        guard let ref = trigger.authenticationRef, let name = ref["name"]?.string, !name.isEmpty else { return nil }
        let kind: ResourceKind = ref["kind"]?.string == ResourceKind.clusterTriggerAuthentication.rawValue
            ? .clusterTriggerAuthentication : .triggerAuthentication
        return await lookup.authentication(kind: kind, namespace: namespace, name: name)
    }

    /// The scaler catalog of the KEDA version being checked.
    public var catalog: ScalerCatalog { ScalerCatalog.forVersion(options.kedaVersion) }

    /// Parameters of a trigger whose type the catalog knows; nil otherwise.
    public func parameters(of trigger: TriggerView) async -> TriggerParameters? {
        guard let scaler = catalog.scaler(trigger.type) else { return nil }
        return TriggerParameters(trigger: trigger, scaler: scaler, authentication: await authentication(for: trigger))
    }
}
