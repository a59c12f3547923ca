/// Cross-object: a trigger's authenticationRef against the (Cluster)TriggerAuthentication it
/// names, when that object is among the objects checked together.
public struct AuthenticationRefRule: Rule {
    public static let id = "trigger-authentication-ref"
    public init() {}

    public var descriptor: RuleDescriptor {
        RuleDescriptor(
            id: Self.id, severity: .warning,
            summary: "A trigger's TriggerAuthentication supplies parameters the scaler does not read, cannot be used, or (with --require-refs) is missing.",
            explanation: """
            KEDA hands every parameter a TriggerAuthentication resolves to the scaler, which reads only \
            the names it knows from authentication; anything else is silently ignored, typically \
            because the parameter is misspelled (passwd for password) or the TriggerAuthentication \
            belongs to another scaler (warning). A TriggerAuthentication with filePath only works when \
            referenced with kind ClusterTriggerAuthentication (error). An authenticationRef with an \
            empty name makes KEDA skip authentication (error). When the referenced object is not among \
            the files linted together, kedaguard says nothing unless --require-refs is given, which \
            declares the files complete: then a missing object is an error.
            """,
            kinds: ResourceKind.triggerBearing, category: "triggers")
    }

    public func check(_ context: RuleContext) async throws -> [Finding] {
        var findings: [Finding] = []
        for trigger in context.triggers {
            guard let ref = trigger.authenticationRef, ref.node.isMapping, let nameNode = ref["name"] else { continue }
            guard let name = nameNode.string, !name.isEmpty else {
                if nameNode.string != nil {
                    findings.append(Finding("\(trigger.label): authenticationRef.name is empty, so KEDA uses no authentication; name the TriggerAuthentication", at: nameNode, severity: .error))
                }
                continue
            }
            guard let lookup = await context.authentication(for: trigger) else { continue }
            let kindName = ref["kind"]?.string == ResourceKind.clusterTriggerAuthentication.rawValue
                ? "ClusterTriggerAuthentication \(name)" : "TriggerAuthentication \(context.namespace)/\(name)"
            switch lookup {
            case .absent:
                findings.append(Finding("\(trigger.label): \(kindName) is not among the objects checked (--require-refs)", at: nameNode, severity: .error))
            case .unknown:
                break
            case .found(let info):
                if info.suppliesUnknownParameters {
                    if info.kind == .triggerAuthentication {
                        findings.append(Finding("\(trigger.label): \(kindName) uses filePath, which KEDA only honours for a ClusterTriggerAuthentication; this trigger would fail", at: nameNode, severity: .error))
                    }
                    continue
                }
                guard let scaler = context.catalog.scaler(trigger.type), !scaler.untyped, !scaler.acceptsArbitraryKeys else { continue }
                for parameter in info.parameters.sorted() where !Self.readsFromAuthentication(parameter, scaler) {
                    var message = "\(trigger.label): \(kindName) supplies parameter \"\(parameter)\", which the \(trigger.type) scaler does not read from a TriggerAuthentication"
                    if let sources = scaler.sources(ofName: parameter), sources.contains(.metadata) {
                        message += "; it only reads it from metadata"
                    } else if let best = Suggest.closest(to: parameter, in: Self.authenticationNames(scaler)) {
                        message += "; did you mean \"\(best)\"?"
                    }
                    findings.append(Finding(message, at: nameNode))
                }
            }
        }
        return findings
    }

    static func readsFromAuthentication(_ name: String, _ scaler: ScalerSpec) -> Bool {
        scaler.sources(ofName: name)?.contains(.authentication) == true
    }

    static func authenticationNames(_ scaler: ScalerSpec) -> [String] {
        scaler.parameters.filter { $0.accepts(from: .authentication) }.flatMap(\.names)
            + scaler.untaggedKeys.filter { $0.sources.contains(.authentication) }.map(\.name)
    }
}
