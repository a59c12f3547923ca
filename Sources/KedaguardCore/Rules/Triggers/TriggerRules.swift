/// Checks of `triggers[]` entries beyond the scaler's own metadata rules.
public enum TriggerRules {
    public static let all: [any Rule] = [
        TriggerTypeRule(), TriggerNameRule(), CachedMetricsRule(), MetricTypeRule(),
        PlaintextSecretRule(), AuthenticationRefRule(),
    ]
}
