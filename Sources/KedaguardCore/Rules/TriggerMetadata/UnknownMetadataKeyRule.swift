/// KEDA ignores metadata keys its scaler does not read, so a misspelt optional parameter
/// silently keeps its default.
public struct UnknownMetadataKeyRule: Rule {
    public static let id = "trigger-metadata-unknown-key"
    public init() {}

    public var descriptor: RuleDescriptor {
        RuleDescriptor(
            id: Self.id, severity: .warning,
            summary: "A trigger metadata key the scaler never reads (typo, or a parameter that must come from elsewhere).",
            explanation: """
            Trigger metadata is a free-form string map; KEDA reads the keys its scaler knows and \
            ignores the rest (v2.18.0 records a warning event for some of them, later releases only \
            with KEDA_CHECK_UNEXPECTED_SCALERS_PARAMS=enabled). A typo in an optional parameter \
            therefore does nothing at all, and a typo in a required one surfaces as "missing required \
            parameter". Keys are case-sensitive. Some parameters, such as passwords, are only read \
            from a TriggerAuthentication (or from an env var through <name>FromEnv): written in \
            metadata they are ignored. kedaguard knows the keys each scaler reads in each KEDA \
            release, including keys read outside typed config (AWS, Azure and GCP credentials) and \
            key prefixes (sumologic query.<id>); the external scalers forward every key and are not \
            checked. Fix: correct the key as suggested, or move the value where the message says.
            """,
            kinds: ResourceKind.triggerBearing, category: "triggers")
    }

    public func check(_ context: RuleContext) async throws -> [Finding] {
        var findings: [Finding] = []
        for t in await context.catalogTriggers() where !t.scaler.acceptsArbitraryKeys {
            let accepted = t.scaler.acceptedMetadataKeys
            // Test the keys before building paths: nearly all are known.
            let unknown = (t.metadata?.node.entries ?? []).filter { entry in
                !accepted.contains(entry.key) && !t.scaler.untaggedKeyPrefixes.contains(where: { entry.key.hasPrefix($0) })
            }
            guard !unknown.isEmpty else { continue }
            let candidates = accepted.names.sorted()
            for entry in unknown {
                guard let located = t.metadata?[entry.key] else { continue }
                findings.append(Finding(message(key: entry.key, trigger: t, candidates: candidates), atKeyOf: located))
            }
        }
        return findings
    }

    private func message(key: String, trigger t: CatalogTrigger, candidates: [String]) -> String {
        let scaler = t.scaler
        // Misplaced rather than misspelt: the key names something the scaler reads elsewhere.
        if let sources = sources(of: key, in: scaler) {
            return "\(t.label) does not read \"\(key)\" from metadata, so KEDA ignores it here; set \(ParameterSpec.describe(sources: sources, name: key)) instead"
        }
        if key.hasSuffix("FromEnv") {
            let base = String(key.dropLast("FromEnv".count))
            if let sources = sources(of: base, in: scaler) {
                return "\(t.label) does not read \"\(base)\" from an env var, so KEDA ignores \"\(key)\"; set \(ParameterSpec.describe(sources: sources, name: base)) instead"
            }
        }
        return "\(t.label) has no parameter \"\(key)\"; KEDA ignores it\(Suggest.hint(for: key, in: candidates))"
    }

    /// Sources of a parameter or hand-read key called `name`, merged over every entry that has it.
    /// Where the scaler reads `name` from, in KEDA's usual order; nil for a name it does not know.
    private func sources(of name: String, in scaler: ScalerSpec) -> [ParameterSource]? {
        scaler.sources(ofName: name).map { found in ParameterSource.ordered.filter(found.contains) }
    }
}

extension ParameterSource {
    /// KEDA's usual order, for listing merged sources.
    static let ordered: [ParameterSource] = [.metadata, .environment, .authentication]
}
