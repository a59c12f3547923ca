/// Reduces full objects to lookup answers. The file set and the cluster cache both use these,
/// so the two can never disagree about what an object means.
extension WorkloadInfo {
    /// Any object with a pod template at `spec.template` (Deployment, StatefulSet, Argo Rollout...).
    public init?(object: KubeObject, namespace: String) {
        guard let podSpec = object.root.node["spec"]?["template"]?["spec"],
              let containers = podSpec["containers"]?.sequenceValue else { return nil }
        self.init(ref: WorkloadRef(namespace: namespace, apiVersion: object.apiVersion, kind: object.kind, name: object.name),
                  containers: containers.map(ContainerInfo.init(node:)),
                  source: object.source)
    }
}

extension ContainerInfo {
    public init(node: Node) {
        func quantities(_ n: Node?) -> [String: String] {
            var out: [String: String] = [:]
            for e in n?.entries ?? [] { if let t = e.value.scalarText { out[e.key] = t } }
            return out
        }
        let env = node["env"]?.sequenceValue ?? []
        self.init(name: node["name"]?.stringValue ?? "",
                  requests: quantities(node["resources"]?["requests"]),
                  limits: quantities(node["resources"]?["limits"]),
                  envNames: Set(env.compactMap { $0["name"]?.stringValue }),
                  hasEnvFrom: !(node["envFrom"]?.sequenceValue ?? []).isEmpty)
    }
}

extension HPAInfo {
    public static let kind = "HorizontalPodAutoscaler"

    public init?(object: KubeObject, namespace: String) {
        guard object.kind == HPAInfo.kind, object.group == "autoscaling",
              let ref = object.root.node["spec"]?["scaleTargetRef"] else { return nil }
        let owners = (object.root.node["metadata"]?["ownerReferences"]?.sequenceValue ?? []).map {
            OwnerReference(apiVersion: $0["apiVersion"]?.stringValue ?? "", kind: $0["kind"]?.stringValue ?? "",
                           name: $0["name"]?.stringValue ?? "")
        }
        // An HPA's scaleTargetRef has no defaults: apiVersion and kind are written out.
        let target = WorkloadRef(namespace: namespace, apiVersion: ref["apiVersion"]?.stringValue ?? "",
                                 kind: ref["kind"]?.stringValue ?? "", name: ref["name"]?.stringValue ?? "")
        self.init(namespace: namespace, name: object.name, target: target, ownerReferences: owners,
                  annotations: object.annotations, source: object.source)
    }
}

extension ScaledObjectInfo {
    public init?(object: KubeObject, namespace: String) {
        guard object.resourceKind == .scaledObject, let ref = object.root.node["spec"]?["scaleTargetRef"] else { return nil }
        self.init(namespace: namespace, name: object.name, target: WorkloadRef(namespace: namespace, scaleTargetRef: ref),
                  hpaName: ScaledObjectInfo.hpaName(objectName: object.name, spec: object.root.node["spec"]),
                  source: object.source)
    }

    /// KEDA names the HPA after `advanced.horizontalPodAutoscalerConfig.name`, else `keda-hpa-<name>`.
    public static func hpaName(objectName: String, spec: Node?) -> String {
        if let custom = spec?["advanced"]?["horizontalPodAutoscalerConfig"]?["name"]?.stringValue, !custom.isEmpty {
            return custom
        }
        return "keda-hpa-\(objectName)"
    }
}

extension LimitRangeInfo {
    public init?(object: KubeObject, namespace: String) {
        guard object.kind == "LimitRange", object.apiVersion == "v1" else { return nil }
        var defaults: Set<String> = []
        for item in object.root.node["spec"]?["limits"]?.sequenceValue ?? [] where item["type"]?.stringValue == "Container" {
            for field in ["default", "defaultRequest"] {
                for e in item[field]?.entries ?? [] where e.value.scalarText.flatMap(Quantity.init(parsing:))?.isPositive == true {
                    defaults.insert(e.key)
                }
            }
        }
        self.init(namespace: namespace, name: object.name, containerDefaults: defaults)
    }
}

extension AuthenticationInfo {
    /// The spec sections whose entries each supply one `parameter`.
    static let parameterLists: [[String]] = [
        ["secretTargetRef"], ["configMapTargetRef"], ["env"], ["boundServiceAccountToken"],
        ["hashiCorpVault", "secrets"], ["azureKeyVault", "secrets"],
        ["gcpSecretManager", "secrets"], ["awsSecretManager", "secrets"],
    ]

    public init?(object: KubeObject, namespace: String) {
        guard let kind = object.resourceKind, ResourceKind.authentication.contains(kind) else { return nil }
        let spec = object.root.node["spec"]
        var parameters: Set<String> = []
        for path in AuthenticationInfo.parameterLists {
            var node = spec
            for key in path { node = node?[key] }
            for item in node?.sequenceValue ?? [] {
                if let p = item["parameter"]?.stringValue, !p.isEmpty { parameters.insert(p) }
            }
        }
        // oauth2 hands the token endpoint and client credentials to the scaler under fixed names.
        if let oauth = spec?["oauth2"], oauth.isMapping {
            parameters.formUnion(["oauthTokenURI", "clientID", "clientSecret"])
            if !(oauth["scopes"]?.sequenceValue ?? []).isEmpty { parameters.insert("scopes") }
            if !(oauth["tokenUrlParams"]?.entries ?? []).isEmpty { parameters.insert("endpointParams") }
        }
        self.init(kind: kind, namespace: kind.isClusterScoped ? nil : namespace, name: object.name,
                  parameters: parameters,
                  suppliesUnknownParameters: (spec?["filePath"]?.stringValue ?? "").isEmpty == false,
                  podIdentityProvider: spec?["podIdentity"]?["provider"]?.stringValue,
                  source: object.source)
    }
}

extension SecretInfo {
    public init?(object: KubeObject, namespace: String) {
        guard object.kind == "Secret", object.apiVersion == "v1" else { return nil }
        var keys: Set<String> = []
        for field in ["data", "stringData"] {
            for e in object.root.node[field]?.entries ?? [] { keys.insert(e.key) }
        }
        self.init(namespace: namespace, name: object.name, keys: keys, source: object.source)
    }
}
