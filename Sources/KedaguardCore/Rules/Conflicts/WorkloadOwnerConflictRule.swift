/// One workload, one ScaledObject: two would each create an HPA and fight over replicas.
public struct WorkloadOwnerConflictRule: Rule {
    public static let id = "scaledobject-workload-conflict"
    public init() {}

    public var descriptor: RuleDescriptor {
        RuleDescriptor(
            id: Self.id, severity: .error,
            summary: "Another ScaledObject already scales the same workload.",
            explanation: """
            Each ScaledObject creates its own HPA; two HPAs on one workload overwrite each other's \
            replica count every sync. KEDA's webhook denies the second ScaledObject on a workload (same \
            namespace, API group, kind and name). Merge the triggers into one ScaledObject.
            """,
            kinds: [.scaledObject], category: "conflicts")
    }

    public func check(_ context: RuleContext) async throws -> [Finding] {
        let so = ScalableView(context.object)
        guard let target = so.target(namespace: context.namespace), !target.name.isEmpty,
              let ref = so.scaleTargetRef else { return [] }
        guard case .found(let others) = await context.lookup.scaledObjects(targeting: target) else { return [] }
        return others.filter { $0.name != context.object.name }.sorted { $0.name < $1.name }.map { other in
            let where_ = other.source.map { " (\($0))" } ?? ""
            return Finding("\(target) is already scaled by ScaledObject \"\(other.name)\"\(where_); only one ScaledObject may target a workload: merge their triggers", atKeyOf: ref)
        }
    }
}
