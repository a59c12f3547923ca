/// Kubernetes' own validation of the HPA behavior KEDA copies from the ScaledObject.
public struct HPABehaviorValidRule: SynchronousRule {
    public static let id = "scaledobject-hpa-behavior-invalid"
    public init() {}

    public var descriptor: RuleDescriptor {
        RuleDescriptor(
            id: Self.id, severity: .error,
            summary: "An HPA behavior that kube-apiserver rejects when KEDA creates the HPA.",
            explanation: """
            KEDA copies spec.advanced.horizontalPodAutoscalerConfig.behavior into the autoscaling/v2 \
            HPA it creates. KEDA's CRD and webhook check none of Kubernetes' bounds, so the ScaledObject \
            is admitted and the HPA is rejected later: the ScaledObject stays Ready=False and nothing \
            scales. kube-apiserver requires, per direction (scaleUp, scaleDown): stabilizationWindowSeconds \
            from 0 to 3600; selectPolicy Max, Min or Disabled (case-sensitive); each policy of type Pods \
            or Percent with value > 0 and periodSeconds from 1 to 1800; tolerance >= 0. Omitted fields \
            get kube-apiserver's defaults (scaleUp: Pods 4 and Percent 100 per 15s, Max, no window; \
            scaleDown: Percent 100 per 15s, Max, the controller's 300s window). An empty policies list \
            is reported as a warning: KEDA omits it when writing the HPA, so the defaults apply instead.
            """,
            kinds: [.scaledObject], category: "behavior")
    }

    public func checkSynchronously(_ context: RuleContext) throws -> [Finding] {
        context.behaviorProblems.map { problem in
            problem.atKey
                ? Finding(problem.message, atKeyOf: problem.located, severity: problem.severity == .error ? nil : problem.severity)
                : Finding(problem.message, at: problem.located, severity: problem.severity == .error ? nil : problem.severity)
        }
    }
}
