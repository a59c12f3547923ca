/// Two ScaledObjects whose HPAs would have the same name overwrite each other's HPA.
public struct HPANameConflictRule: Rule {
    public static let id = "scaledobject-hpa-name-conflict"
    public init() {}

    public var descriptor: RuleDescriptor {
        RuleDescriptor(
            id: Self.id, severity: .error,
            summary: "Another ScaledObject would own an HPA of the same name.",
            explanation: """
            KEDA names the HPA keda-hpa-<name> or advanced.horizontalPodAutoscalerConfig.name. Two \
            ScaledObjects in one namespace that end up with the same HPA name would take turns \
            rewriting one HPA; KEDA's webhook denies the second. Give one of them a distinct \
            advanced.horizontalPodAutoscalerConfig.name.
            """,
            kinds: [.scaledObject], category: "conflicts")
    }

    public func check(_ context: RuleContext) async throws -> [Finding] {
        let hpaName = ScaledObjectInfo.hpaName(objectName: context.object.name, spec: context.spec?.node)
        guard case .found(let others) = await context.lookup.scaledObjects(namespace: context.namespace, hpaName: hpaName) else { return [] }
        let anchor = context.spec?.path("advanced", "horizontalPodAutoscalerConfig", "name") ?? context.root.path("metadata", "name") ?? context.root
        return others.filter { $0.name != context.object.name }.sorted { $0.name < $1.name }.map { other in
            let where_ = other.source.map { " (\($0))" } ?? ""
            return Finding("the HPA \"\(hpaName)\" would also be managed by ScaledObject \"\(other.name)\"\(where_); set a distinct spec.advanced.horizontalPodAutoscalerConfig.name", at: anchor)
        }
    }
}
