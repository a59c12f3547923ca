/// ScaledJob semantics beyond the CRD schema; KEDA's ScaledJob webhook only checks triggers.
public enum ScaledJobRules {
    public static let all: [any Rule] = [
        ScaledJobNameRule(), ScaledJobTriggerRule(), ScaledJobReplicaBoundsRule(), ScaledJobHistoryLimitsRule(),
        ScaledJobScalingStrategyRule(), ScaledJobRolloutRule(), ScaledJobTemplateRule(), ScaledJobEnvSourceRule(),
    ]
}
