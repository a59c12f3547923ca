/// scaleTargetRef must point at something KEDA can resolve.
public struct ScaleTargetRule: SynchronousRule {
    public static let id = "scaledobject-scale-target"
    public init() {}

    public var descriptor: RuleDescriptor {
        RuleDescriptor(
            id: Self.id, severity: .error,
            summary: "scaleTargetRef has an apiVersion that is not group/version, or no name or kind.",
            explanation: """
            KEDA parses scaleTargetRef.apiVersion as group/version (or a core version such as v1) and \
            maps kind to a resource through API discovery; something like apiVersion: custom-api fails \
            at runtime with Ready=False. An empty kind means Deployment and an empty apiVersion apps/v1, \
            so an apiVersion of another group without a kind (argoproj.io/v1alpha1 and no kind: Rollout) \
            names a resource that does not exist. Kinds are CamelCase. The name is required.
            """,
            kinds: [.scaledObject], category: "scaledobject")
    }

    public func checkSynchronously(_ context: RuleContext) throws -> [Finding] {
        guard let ref = context.spec?["scaleTargetRef"], ref.node.isMapping else { return [] }
        var findings: [Finding] = []
        if let api = ref["apiVersion"], let text = api.string, !text.isEmpty, !Self.isGroupVersion(text) {
            findings.append(Finding("scaleTargetRef.apiVersion \"\(text)\" is not of the form group/version (e.g. apps/v1, argoproj.io/v1alpha1) or v1", at: api))
        }
        if let name = ref["name"], let text = name.string, !text.isEmpty, NameValidation.dns1123SubdomainProblem(text) != nil {
            findings.append(Finding("scaleTargetRef.name \"\(text)\" is not a valid object name", at: name))
        }
        let kind = ref["kind"]?.string ?? ""
        let apiVersion = ref["apiVersion"]?.string ?? ""
        if kind.isEmpty, !apiVersion.isEmpty, apiVersion != "apps/v1", Self.isGroupVersion(apiVersion) {
            findings.append(Finding("scaleTargetRef.kind is not set, so KEDA looks for a Deployment in \(apiVersion); set the workload's kind", missing: "kind", in: ref))
        } else if let first = kind.unicodeScalars.first, !CharacterSetCheck.isUpper(first) {
            findings.append(Finding("scaleTargetRef.kind \"\(kind)\" should be the Kind in CamelCase (e.g. Deployment, StatefulSet)", at: ref["kind"]!, severity: .warning))
        }
        return findings
    }

    /// `v1`, `apps/v1`, `argoproj.io/v1alpha1`: a DNS-subdomain group and a Kubernetes version.
    static func isGroupVersion(_ text: String) -> Bool {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        switch parts.count {
        case 1: return isVersion(parts[0])
        case 2: return NameValidation.dns1123SubdomainProblem(String(parts[0])) == nil && isVersion(parts[1])
        default: return false
        }
    }

    static func isVersion(_ s: Substring) -> Bool {
        guard s.first == "v", s.count > 1 else { return false }
        return s.dropFirst().allSatisfy { ($0.isASCII && ($0.isLowercase || $0.isNumber)) }
            && s.dropFirst().first?.isNumber == true
    }
}

enum CharacterSetCheck {
    static func isUpper(_ s: Unicode.Scalar) -> Bool { s.value >= 65 && s.value <= 90 }
}
