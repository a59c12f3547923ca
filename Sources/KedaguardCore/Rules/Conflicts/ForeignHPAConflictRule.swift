/// A manually created HPA on the workload competes with the HPA KEDA creates.
public struct ForeignHPAConflictRule: Rule {
    public static let id = "scaledobject-hpa-conflict"
    public init() {}

    public static let hpaOwnershipAnnotation = "validations.keda.sh/hpa-ownership"
    public static let transferAnnotation = "scaledobject.keda.sh/transfer-hpa-ownership"

    public var descriptor: RuleDescriptor {
        RuleDescriptor(
            id: Self.id, severity: .error,
            summary: "An HPA that this ScaledObject does not own already scales the workload.",
            explanation: """
            Two HPAs on one workload fight over its replica count. KEDA's webhook denies a ScaledObject \
            when an HPA in the namespace targets the same workload and is not owned by it, unless the \
            HPA is annotated validations.keda.sh/hpa-ownership: "false". To let KEDA adopt an existing \
            HPA, annotate the ScaledObject scaledobject.keda.sh/transfer-hpa-ownership: "true" and set \
            spec.advanced.horizontalPodAutoscalerConfig.name to that HPA's name; otherwise delete the HPA.
            """,
            kinds: [.scaledObject], category: "conflicts")
    }

    public func check(_ context: RuleContext) async throws -> [Finding] {
        let so = ScalableView(context.object)
        guard let target = so.target(namespace: context.namespace), !target.name.isEmpty,
              let ref = so.scaleTargetRef else { return [] }
        guard case .found(let hpas) = await context.lookup.horizontalPodAutoscalers(targeting: target) else { return [] }
        let transfer = context.object.annotation(Self.transferAnnotation) == "true"
        let customName = so.advanced?.path("horizontalPodAutoscalerConfig", "name")?.string
        var findings: [Finding] = []
        for hpa in hpas.sorted(by: { $0.name < $1.name }) {
            if hpa.annotations[Self.hpaOwnershipAnnotation] == "false" { continue }
            let owned = hpa.ownerReferences.contains { $0.kind == "ScaledObject" && $0.name == context.object.name }
            if owned { continue }
            let where_ = hpa.source.map { " (\($0))" } ?? ""
            if transfer {
                if customName == hpa.name { continue }
                findings.append(Finding("ownership transfer of HPA \"\(hpa.name)\"\(where_) needs spec.advanced.horizontalPodAutoscalerConfig.name: \"\(hpa.name)\"", atKeyOf: ref))
            } else {
                findings.append(Finding("\(target) is already scaled by HPA \"\(hpa.name)\"\(where_); delete that HPA, or annotate this ScaledObject \(Self.transferAnnotation): \"true\" and name the HPA in advanced.horizontalPodAutoscalerConfig.name", atKeyOf: ref))
            }
        }
        return findings
    }
}
