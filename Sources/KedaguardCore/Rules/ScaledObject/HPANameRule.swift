/// The HPA KEDA creates is named `keda-hpa-<name>` unless
/// `advanced.horizontalPodAutoscalerConfig.name` says otherwise; both must be usable names.
public struct HPANameRule: SynchronousRule {
    public static let id = "scaledobject-hpa-name"
    public init() {}

    public var descriptor: RuleDescriptor {
        RuleDescriptor(
            id: Self.id, severity: .error,
            summary: "The HPA name KEDA derives is longer than 63 characters or not a valid name.",
            explanation: """
            KEDA names the HPA keda-hpa-<ScaledObject name>, or advanced.horizontalPodAutoscalerConfig.name \
            when set. KEDA's webhook denies names longer than 63 characters, and kube-apiserver refuses to \
            create an HPA whose name is not a DNS-1123 name, which leaves the ScaledObject Ready=False. \
            A name with dots is accepted but is not a DNS-1123 label (warning). Set a short lower-case \
            advanced.horizontalPodAutoscalerConfig.name, or shorten the ScaledObject's name.
            """,
            kinds: [.scaledObject], category: "scaledobject")
    }

    public func checkSynchronously(_ context: RuleContext) throws -> [Finding] {
        let custom = context.spec?.path("advanced", "horizontalPodAutoscalerConfig", "name")
        let name: String
        let anchor: Located
        let origin: String
        if let custom, let text = custom.string, !text.isEmpty {
            name = text
            anchor = custom
            origin = "advanced.horizontalPodAutoscalerConfig.name"
        } else {
            guard let objectName = context.root.path("metadata", "name"), let text = objectName.string, !text.isEmpty else { return [] }
            name = "keda-hpa-\(text)"
            anchor = objectName
            origin = "the HPA name derived from the ScaledObject name"
        }
        if name.utf8.count > 63 {
            let fix = origin.hasPrefix("advanced") ? "shorten it" : "set spec.advanced.horizontalPodAutoscalerConfig.name to a shorter name"
            return [Finding("\(origin) \"\(name)\" is \(name.utf8.count) characters long; KEDA allows at most 63: \(fix)", at: anchor)]
        }
        if let problem = NameValidation.dns1123SubdomainProblem(name) {
            return [Finding("\(origin) \"\(name)\" is not a valid Kubernetes name: it \(problem)", at: anchor)]
        }
        if NameValidation.dns1123LabelProblem(name) != nil {
            return [Finding("\(origin) \"\(name)\" contains '.', so it is not a DNS-1123 label; prefer '-'", at: anchor, severity: .warning)]
        }
        return []
    }
}
