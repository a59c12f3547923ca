/// Typed config fails a trigger with "missing required parameter" when a parameter without
/// `optional`, `default` or `deprecated` is found in none of its sources.
public struct RequiredParameterRule: Rule {
    public static let id = "trigger-metadata-required"
    public init() {}

    public var descriptor: RuleDescriptor {
        RuleDescriptor(
            id: Self.id, severity: .error,
            summary: "A parameter the scaler requires is missing from every place KEDA reads it from.",
            explanation: """
            KEDA looks each parameter up in the sources its scaler declares, in order: the trigger's \
            metadata, an env var of the target's container named by metadata.<name>FromEnv, and the \
            parameters of the referenced (Cluster)TriggerAuthentication. A value that is empty after \
            trimming counts as missing. When a required parameter is found nowhere, the scaler fails \
            and the object stays Ready=False. kedaguard checks a TriggerAuthentication it can see \
            among the files; when it cannot see it, it assumes the parameter might come from there. \
            Only unconditional requirements are checked here (hand-parsed scalers of older KEDA \
            releases have none that kedaguard can know). Fix: add the parameter where the message says.
            """,
            kinds: ResourceKind.triggerBearing, category: "triggers")
    }

    public func check(_ context: RuleContext) async throws -> [Finding] {
        var findings: [Finding] = []
        for t in await context.catalogTriggers() where !t.scaler.untyped {
            for p in t.scaler.requiredParameters {
                guard case .absent = t.parameters.presence(of: p) else { continue }
                findings.append(finding(for: p, in: t))
            }
        }
        return findings
    }

    private func finding(for p: ParameterSpec, in t: CatalogTrigger) -> Finding {
        var message = "\(t.label) requires \(p.displayNames)"
        if p.sources.isEmpty {
            message += ", which this KEDA version reads from nowhere: the trigger cannot work with this version"
        } else {
            message += "; set \(p.sourcesDescription)"
        }
        if p.accepts(from: .authentication) {
            switch t.parameters.authentication {
            case nil:
                message += " (the trigger has no authenticationRef)"
            case .found(let info)?:
                message += " (\(info.kind.rawValue) \(info.name) supplies no parameter \(p.names.map { "\"\($0)\"" }.joined(separator: " or ")))"
            case .absent?:
                message += " (the referenced TriggerAuthentication does not exist)"
            case .unknown?:
                break
            }
        }
        // Point where the fix goes: into metadata when it may be written there, else at the
        // authenticationRef (or where one belongs).
        if p.accepts(from: .metadata) || p.accepts(from: .environment) {
            if let metadata = t.metadata, metadata.node.isMapping {
                return Finding(message, missing: p.name, in: metadata)
            }
            return Finding(message, missing: "metadata", in: t.trigger.located)
        }
        if let ref = t.trigger.authenticationRef {
            return Finding(message, atKeyOf: ref)
        }
        return Finding(message, missing: "authenticationRef", in: t.trigger.located)
    }
}
