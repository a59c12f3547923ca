/// Checks of `triggers[].metadata` driven by the scaler catalog of the selected KEDA version;
/// they apply to every trigger type KEDA knows, on ScaledObjects and ScaledJobs.
public enum TriggerMetadataRules {
    public static let all: [any Rule] = [
        RequiredParameterRule(), UnknownMetadataKeyRule(), InvalidValueRule(), AllowedValuesRule(),
        ExclusiveValuesRule(), DeprecatedParameterRule(), DeprecatedAnnounceRule(), EnvVarRule(),
    ]
}
