/// HPA behavior: Kubernetes' validation and sanity checks derived from simulating the controller.
public enum BehaviorRules {
    public static let all: [any Rule] = [
        HPABehaviorValidRule(), SlowScaleUpRule(), ScaleDownDisabledRule(), WindowBelowSyncPeriodRule(),
        DeadPolicyRule(), ScaleUpSlowerThanDownRule(), PercentRoundingRule(),
    ]
}
