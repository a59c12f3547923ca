/// KEDA's webhook checks of `podIdentity` (rows 1-5 of its validateSpec), applied to the top-level
/// block and to the blocks nested in the secret-manager sections, plus provider support there.
public struct PodIdentityRule: SynchronousRule {
    public static let id = "auth-pod-identity"
    public init() {}

    /// Providers each secret manager's handler accepts (besides none / empty).
    static let nestedProviders: [(section: String, provider: String)] = [
        ("azureKeyVault", "azure-workload"), ("gcpSecretManager", "gcp"), ("awsSecretManager", "aws"),
    ]
    static let providers: Set<String> = ["azure-workload", "gcp", "aws", "aws-eks", "none"]
    static let azureFields = ["identityId", "identityTenantId", "identityAuthorityHost"]
    static let awsFields = ["roleArn", "externalID", "identityOwner"]

    public var descriptor: RuleDescriptor {
        RuleDescriptor(
            id: Self.id, severity: .error,
            summary: "A podIdentity block KEDA denies or cannot use.",
            explanation: """
            KEDA's webhook denies, for provider azure-workload, an identityId or identityTenantId set \
            to "", and an identityAuthorityHost without identityTenantId; for provider aws, a roleArn \
            together with identityOwner: workload, and an externalID without roleArn. kedaguard applies \
            the same checks to the podIdentity blocks inside azureKeyVault, gcpSecretManager and \
            awsSecretManager, which KEDA's webhook does not look at. Those blocks only accept their own \
            cloud's provider (azure-workload, gcp, aws respectively) or none; any other provider fails \
            when the secrets are read. Fields of another provider are ignored (warning), and aws-eks is \
            deprecated in favour of aws (warning).
            """,
            kinds: ResourceKind.authentication, category: "authentication")
    }

    public func checkSynchronously(_ context: RuleContext) throws -> [Finding] {
        let auth = AuthenticationView(context.object)
        var findings: [Finding] = []
        if let block = auth.spec?["podIdentity"], block.node.isMapping {
            findings += Self.findings(for: block, where: "podIdentity")
        }
        for (section, supported) in Self.nestedProviders {
            guard let block = auth.spec?[section]?["podIdentity"], block.node.isMapping else { continue }
            let label = "\(section).podIdentity"
            // Values outside the CRD's enum are reported by schema-enum.
            if let providerNode = block["provider"], let provider = providerNode.string,
               Self.providers.contains(provider), provider != "none", provider != supported {
                findings.append(Finding("\(label).provider \"\(provider)\" is not supported by \(section); use \(supported) or none (with credentials)", at: providerNode))
            }
            findings += Self.findings(for: block, where: label)
        }
        return findings
    }

    static func findings(for block: Located, where label: String) -> [Finding] {
        var findings: [Finding] = []
        let provider = block["provider"]?.string ?? ""
        func present(_ key: String) -> Located? {
            guard let node = block[key], !node.isNull else { return nil }
            return node
        }
        func text(_ key: String) -> String? { present(key)?.node.scalarText }
        switch provider {
        case "azure-workload":
            if let id = present("identityId"), text("identityId") == "" {
                findings.append(Finding("\(label).identityId is set to \"\"; remove it to use the default identity, or give a client id", at: id))
            }
            if let host = present("identityAuthorityHost"), let hostText = text("identityAuthorityHost"), !hostText.isEmpty {
                if (text("identityTenantId") ?? "").isEmpty {
                    let anchor = present("identityTenantId") ?? host
                    findings.append(Finding("\(label).identityAuthorityHost needs identityTenantId to be set (and not empty)", at: anchor))
                }
            } else if let tenant = present("identityTenantId"), text("identityTenantId") == "" {
                findings.append(Finding("\(label).identityTenantId is set to \"\"; remove it or give a tenant id", at: tenant))
            }
        case "aws":
            let roleArn = text("roleArn") ?? ""
            if let role = present("roleArn"), !roleArn.isEmpty, text("identityOwner") == "workload" {
                findings.append(Finding("\(label).roleArn cannot be set with identityOwner: workload (KEDA then uses the workload's service account role); remove one of them", at: role))
            }
            if let external = present("externalID"), !(text("externalID") ?? "").isEmpty, roleArn.isEmpty {
                findings.append(Finding("\(label).externalID requires roleArn: the external ID is used when assuming that role", at: external))
            }
        case "aws-eks":
            if let node = block["provider"] {
                findings.append(Finding("\(label).provider aws-eks is deprecated and will be removed in KEDA v3; use provider aws (with identityOwner: workload for the same behaviour)", at: node, severity: .warning))
            }
        default:
            break
        }
        let foreign: [String]
        switch provider {
        case "azure-workload": foreign = awsFields
        case "aws": foreign = azureFields
        case "": foreign = []
        default: foreign = azureFields + awsFields
        }
        for key in foreign {
            guard let node = present(key) else { continue }
            findings.append(Finding("\(label).\(key) is ignored with provider \(provider)", atKeyOf: node, severity: .warning))
        }
        return findings
    }
}
