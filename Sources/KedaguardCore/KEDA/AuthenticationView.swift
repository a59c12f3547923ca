/// Read-only accessors for a TriggerAuthentication or ClusterTriggerAuthentication spec, in the
/// order KEDA's resolver reads the sections (later sections overwrite earlier parameters).
public struct AuthenticationView: Sendable {
    public let spec: Located?
    public let kind: ResourceKind

    public init(_ object: KubeObject) {
        spec = object.root["spec"]
        kind = object.resourceKind ?? .triggerAuthentication
    }

    /// A section whose entries each supply one `parameter`, with the keys an entry must fill.
    public struct ParameterList: Sendable {
        public let path: [String]
        public let required: [String]
        public var label: String { path.joined(separator: ".") }
    }

    /// The resolver's order: env, (filePath), configMapTargetRef, secretTargetRef, the secret
    /// managers, boundServiceAccountToken. oauth2 comes last and supplies fixed names.
    public static let parameterLists: [ParameterList] = [
        ParameterList(path: ["env"], required: ["parameter", "name"]),
        ParameterList(path: ["configMapTargetRef"], required: ["parameter", "name", "key"]),
        ParameterList(path: ["secretTargetRef"], required: ["parameter", "name", "key"]),
        ParameterList(path: ["hashiCorpVault", "secrets"], required: ["parameter", "path", "key"]),
        ParameterList(path: ["azureKeyVault", "secrets"], required: ["parameter", "name"]),
        ParameterList(path: ["gcpSecretManager", "secrets"], required: ["parameter", "id"]),
        ParameterList(path: ["awsSecretManager", "secrets"], required: ["parameter", "name"]),
        ParameterList(path: ["boundServiceAccountToken"], required: ["parameter", "serviceAccountName"]),
    ]

    /// Parameter names the oauth2 section supplies.
    public static let oauth2Parameters = ["oauthTokenURI", "clientID", "clientSecret"]

    public func section(_ path: [String]) -> Located? {
        var current = spec
        for key in path { current = current?[key] }
        return current
    }

    public func entries(of list: ParameterList) -> [Located] {
        section(list.path)?.items ?? []
    }

    /// Every `parameter` written in the spec, with where, in resolution order.
    public var suppliedParameters: [(name: String, located: Located, source: String)] {
        var out: [(String, Located, String)] = []
        for list in Self.parameterLists {
            for entry in entries(of: list) {
                if let p = entry["parameter"], let name = p.string, !name.isEmpty { out.append((name, p, list.label)) }
            }
        }
        return out
    }

    /// Every secretKeyRef (`{name, key}` of a Secret in the trigger's namespace) the spec reads,
    /// besides secretTargetRef entries: client secrets and access keys of the secret managers.
    public var secretKeyRefs: [(located: Located, label: String)] {
        let paths: [[String]] = [
            ["azureKeyVault", "credentials", "clientSecret"],
            ["gcpSecretManager", "credentials", "clientSecret"],
            ["awsSecretManager", "credentials", "accessKey"],
            ["awsSecretManager", "credentials", "accessSecretKey"],
            ["awsSecretManager", "credentials", "accessToken"],
            ["oauth2", "clientSecret"],
        ]
        return paths.compactMap { path in
            guard let ref = section(path + ["valueFrom", "secretKeyRef"]), ref.node.isMapping else { return nil }
            return (ref, path.joined(separator: "."))
        }
    }
}
