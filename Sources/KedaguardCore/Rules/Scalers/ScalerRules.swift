/// Scaler-specific semantic rules: one per scaler family, each replicating the cross-field
/// checks of the scaler's Validate() and parse code in KEDA (docs/scalers.md lists them).
public enum ScalerRules {
    public static let all: [any Rule] = [
        PrometheusScalerRule(),
        KafkaScalerRule(),
        ApacheKafkaScalerRule(),
        RedisScalerRule(),
        RabbitMQScalerRule(),
        AWSSQSQueueScalerRule(),
        AWSCloudWatchScalerRule(),
        CPUMemoryScalerRule(),
        CronScalerRule(),
        AzureServiceBusScalerRule(),
        AzureQueueScalerRule(),
        AzureEventHubScalerRule(),
        PostgreSQLScalerRule(),
        MySQLScalerRule(),
        MongoDBScalerRule(),
        GCPPubSubScalerRule(),
        MetricsAPIScalerRule(),
        KubernetesWorkloadScalerRule(),
        NATSJetStreamScalerRule(),
        ExternalScalerRule(),
        DatadogScalerRule(),
        ElasticsearchScalerRule(),
        GitHubRunnerScalerRule(),
        SeleniumGridScalerRule(),
        TemporalScalerRule(),
    ]
}
