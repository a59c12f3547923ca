/// KEDA checks that the scale target exists only after admission (`checkTargetResourceIsScalable`),
/// leaving the ScaledObject Ready=False; with cluster state (or `--require-refs` over files that
/// hold everything) kedaguard can say so up front.
public struct ScaleTargetExistsRule: Rule {
    public static let id = "scaledobject-scale-target-missing"
    public init() {}

    public var descriptor: RuleDescriptor {
        RuleDescriptor(
            id: Self.id, severity: .error,
            summary: "The workload scaleTargetRef names does not exist.",
            explanation: """
            KEDA admits a ScaledObject whose target does not exist and then keeps it Ready=False \
            ("the scale target was not found") without creating an HPA. kedaguard reports it when it \
            knows the target is missing: in the webhook and in `kedaguard audit` when the cluster has \
            no such Deployment or StatefulSet in the namespace (confirmed with a direct read), and in \
            `kedaguard lint --require-refs`, which treats the files as everything there is. Without \
            that knowledge (a workload kind kedaguard does not watch, or files that may not hold \
            everything) it says nothing. Fix the name, namespace, kind or apiVersion, or create the \
            workload first.
            """,
            kinds: [.scaledObject], category: "conflicts")
    }

    public func check(_ context: RuleContext) async throws -> [Finding] {
        let so = ScalableView(context.object)
        guard let ref = so.scaleTargetRef, let target = so.target(namespace: context.namespace), !target.name.isEmpty,
              case .absent = await context.lookup.workload(target) else { return [] }
        let at = ref["name"] ?? ref
        return [Finding("\(target) does not exist; KEDA would keep this ScaledObject Ready=False and create no HPA. Check the name, namespace and kind", at: at)]
    }
}
