/// TriggerAuthentication and ClusterTriggerAuthentication semantics: KEDA's webhook checks
/// (for every provider) and what its resolver needs at runtime.
public enum AuthenticationRules {
    public static let all: [any Rule] = [
        PodIdentityRule(), OAuth2Rule(), TargetRefsRule(), DuplicateParameterRule(), FilePathRule(),
        HashiCorpVaultRule(), AzureKeyVaultRule(), GCPSecretManagerRule(), AWSSecretManagerRule(), SecretRefRule(),
    ]
}
