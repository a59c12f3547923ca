/// KEDA's Azure cloud selection (`azure.ParseEnvironmentProperty`): `cloud` names a known Azure
/// cloud (case-insensitive), or `Private`, which then needs the endpoint given explicitly.
enum AzureCloud {
    static let clouds = ["AZURECHINACLOUD", "AZUREGERMANCLOUD", "AZURECLOUD", "AZUREPUBLICCLOUD",
                         "AZUREUSGOVERNMENT", "AZUREUSGOVERNMENTCLOUD"]

    /// `endpointKey`: the metadata key that carries the endpoint for `cloud: Private`.
    static func check(_ input: ScalerInput, endpointKey: String) -> [Finding] {
        // KEDA reads both keys raw from the metadata map.
        guard let cloud = input.trigger.metadata?["cloud"], let name = cloud.node.scalarText, !name.isEmpty else { return [] }
        if name.lowercased() == "private" {
            let endpoint = input.trigger.metadata?[endpointKey]?.node.scalarText ?? ""
            if endpoint.isEmpty {
                return [input.missing(endpointKey, "cloud: Private needs \(endpointKey) with the endpoint of the private cloud; KEDA rejects the trigger without it")]
            }
            return []
        }
        // AzureStackCloud is read from a file on the operator: cannot be judged here.
        if name.uppercased() == "AZURESTACKCLOUD" || clouds.contains(name.uppercased()) { return [] }
        return [input.at(cloud, "cloud \"\(name)\" is not a known Azure cloud; use AzurePublicCloud, AzureUSGovernmentCloud, AzureChinaCloud, AzureGermanCloud, or Private with \(endpointKey)")]
    }
}
