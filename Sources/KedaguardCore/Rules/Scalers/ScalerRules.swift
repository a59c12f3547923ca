/// Scaler-specific semantic rules: one per scaler family, each replicating the cross-field
/// checks of the scaler's Validate() and parse code in KEDA (docs/scalers.md lists them).
public enum ScalerRules {
    public static let all: [any Rule] = [
        PrometheusScalerRule(),
        RedisScalerRule(),
        RabbitMQScalerRule(),
        AWSSQSQueueScalerRule(),
        AWSCloudWatchScalerRule(),
        CronScalerRule(),
        AzureServiceBusScalerRule(),
        AzureQueueScalerRule(),
        AzureEventHubScalerRule(),
        MetricsAPIScalerRule(),
        KubernetesWorkloadScalerRule(),
    ]
}
