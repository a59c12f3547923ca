/// Checks of `triggers[]` entries that do not depend on the scaler's metadata.
public enum TriggerRules {
    public static let all: [any Rule] = [
        TriggerTypeRule(), TriggerNameRule(), CachedMetricsRule(), MetricTypeRule(),
    ]
}
