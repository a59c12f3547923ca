/// A trigger whose type the selected KEDA version knows, with its catalog entry and parameter
/// resolution. Triggers of unknown types are left to trigger-type-unknown.
/// A class, like TriggerView: shared by every trigger-metadata rule of an object.
final class CatalogTrigger: Sendable {
    let trigger: TriggerView
    let scaler: ScalerSpec
    let parameters: TriggerParameters
    /// Parameters one of whose names is a key of `metadata`, in the scaler's order: the only
    /// ones whose value a rule can see, so value rules need not walk every parameter.
    let mentionedParameters: [ParameterSpec]

    init(trigger: TriggerView, scaler: ScalerSpec, parameters: TriggerParameters) {
        self.trigger = trigger
        self.scaler = scaler
        self.parameters = parameters
        // Positions, sorted and without repeats, rather than a set: a trigger has a handful of
        // keys. Both arrays sized up front: growing them cost several allocations per trigger.
        let entries = trigger.metadata?.node.entries ?? []
        var mentioned: [Int] = []
        mentioned.reserveCapacity(entries.count * 2)
        for entry in entries {
            if let indexes = scaler.parameterIndexesDeclaring[entry.key] { mentioned.append(contentsOf: indexes) }
        }
        mentioned.sort()
        var parameters: [ParameterSpec] = []
        parameters.reserveCapacity(mentioned.count)
        var last = -1
        for i in mentioned where i != last {
            parameters.append(scaler.parameters[i])
            last = i
        }
        mentionedParameters = parameters
    }

    var metadata: Located? { trigger.metadata }

    /// "triggers[2] (kafka)" or "trigger \"lag\" (kafka)", as other trigger rules say it.
    var label: String { trigger.label }

    /// What KEDA would check for a typed parameter found in `metadata`: its value when written
    /// there as a string and not preceded by another source. Non-string scalars are left to the
    /// schema rules (the CRD says map of strings).
    func metadataValue(of parameter: ParameterSpec) -> (key: String, value: String, located: Located)? {
        guard !parameter.parsedByHand, !scaler.untyped,
              case .metadata(let key, let value, let located) = parameters.presence(of: parameter),
              located.node.stringValue != nil else { return nil }
        return (key, value, located)
    }
}

enum CatalogTriggersKey: MemoKey {
    typealias Value = [CatalogTrigger]
}

extension RuleContext {
    /// Triggers of this ScaledObject/ScaledJob that the catalog of the selected version knows.
    /// Computed once per object: every trigger-metadata rule walks them.
    func catalogTriggers() async -> [CatalogTrigger] {
        await memo.value(CatalogTriggersKey.self) { await resolveCatalogTriggers() }
    }

    private func resolveCatalogTriggers() async -> [CatalogTrigger] {
        var out: [CatalogTrigger] = []
        for trigger in triggers {
            guard !ScalerCatalog.testOnlyTypes.contains(trigger.type), let scaler = catalog.scaler(trigger.type) else { continue }
            out.append(CatalogTrigger(trigger: trigger, scaler: scaler,
                                      parameters: TriggerParameters(trigger: trigger, scaler: scaler,
                                                                    authentication: await authentication(for: trigger))))
        }
        return out
    }
}

extension ParameterSpec {
    /// `queueName` or `queueName (or queue)`.
    var displayNames: String {
        names.count > 1 ? "\(name) (or \(names.dropFirst().joined(separator: ", ")))" : name
    }

    /// Where the parameter may be given, in KEDA's order, for messages.
    var sourcesDescription: String {
        Self.describe(sources: sources, name: name)
    }

    static func describe(sources: [ParameterSource], name: String) -> String {
        let parts = sources.map { source -> String in
            switch source {
            case .metadata: return "metadata.\(name)"
            case .environment: return "metadata.\(name)FromEnv (naming an env var of the target's container)"
            case .authentication: return "parameter \"\(name)\" of a TriggerAuthentication"
            }
        }
        switch parts.count {
        case 0: return "nowhere"
        case 1: return parts[0]
        default: return parts.dropLast().joined(separator: ", ") + " or " + parts.last!
        }
    }

    /// The value rules stop at the first failing step, as KEDA's setValue does: a deprecated
    /// parameter fails before its value is looked at, the enum before exclusiveSet, both before
    /// conversion.
    func failsEnum(_ value: String) -> Bool {
        !KEDAValueSyntax.disallowedElements(value, allowed: allowedValues, separator: separator).isEmpty
    }

    func failsExclusiveSet(_ value: String) -> Bool {
        KEDAValueSyntax.exclusiveMembers(value, exclusiveSet: exclusiveSet, separator: separator).count > 1
    }
}

extension Suggest {
    /// `; did you mean "x"?` or nothing.
    static func hint(for word: String, in candidates: [String]) -> String {
        closest(to: word, in: candidates).map { "; did you mean \"\($0)\"?" } ?? ""
    }
}
