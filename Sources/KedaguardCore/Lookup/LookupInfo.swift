/// A container of a workload's pod template, reduced to what rules read.
public struct ContainerInfo: Sendable, Hashable {
    public var name: String
    public var requests: [String: String]
    public var limits: [String: String]
    /// Names of `env` entries.
    public var envNames: Set<String>
    /// The container imports whole ConfigMaps or Secrets with `envFrom`, so any name may exist.
    public var hasEnvFrom: Bool
    /// `env` names KEDA resolves to nothing: only fieldRef/resourceFieldRef entries (KEDA skips
    /// them) or a literal empty value last. A `...FromEnv` naming one finds no value.
    public var envNamesWithoutValue: Set<String>

    public init(name: String, requests: [String: String] = [:], limits: [String: String] = [:],
                envNames: Set<String> = [], hasEnvFrom: Bool = false, envNamesWithoutValue: Set<String> = []) {
        self.name = name
        self.requests = requests
        self.limits = limits
        self.envNames = envNames
        self.hasEnvFrom = hasEnvFrom
        self.envNamesWithoutValue = envNamesWithoutValue
    }

    /// KEDA accepts a request or a limit greater than zero (a limit alone defaults the request).
    public func specifies(resource: String) -> Bool {
        [requests[resource], limits[resource]].contains { $0.flatMap(Quantity.init(parsing:))?.isPositive == true }
    }
}

public struct WorkloadInfo: Sendable, Hashable {
    public var ref: WorkloadRef
    public var containers: [ContainerInfo]
    public var source: ObjectSource?

    public init(ref: WorkloadRef, containers: [ContainerInfo], source: ObjectSource? = nil) {
        self.ref = ref
        self.containers = containers
        self.source = source
    }
}

public struct OwnerReference: Sendable, Hashable {
    public var apiVersion: String
    public var kind: String
    public var name: String

    public init(apiVersion: String, kind: String, name: String) {
        self.apiVersion = apiVersion
        self.kind = kind
        self.name = name
    }
}

public struct HPAInfo: Sendable, Hashable {
    public var namespace: String
    public var name: String
    public var target: WorkloadRef
    public var ownerReferences: [OwnerReference]
    public var annotations: [String: String]
    public var source: ObjectSource?

    public init(namespace: String, name: String, target: WorkloadRef, ownerReferences: [OwnerReference] = [],
                annotations: [String: String] = [:], source: ObjectSource? = nil) {
        self.namespace = namespace
        self.name = name
        self.target = target
        self.ownerReferences = ownerReferences
        self.annotations = annotations
        self.source = source
    }
}

public struct ScaledObjectInfo: Sendable, Hashable {
    public var namespace: String
    public var name: String
    public var target: WorkloadRef
    public var hpaName: String
    public var source: ObjectSource?

    public init(namespace: String, name: String, target: WorkloadRef, hpaName: String, source: ObjectSource? = nil) {
        self.namespace = namespace
        self.name = name
        self.target = target
        self.hpaName = hpaName
        self.source = source
    }
}

public struct LimitRangeInfo: Sendable, Hashable {
    public var namespace: String
    public var name: String
    /// Resources for which a `type: Container` item gives a default or defaultRequest above zero.
    public var containerDefaults: Set<String>

    public init(namespace: String, name: String, containerDefaults: Set<String>) {
        self.namespace = namespace
        self.name = name
        self.containerDefaults = containerDefaults
    }
}

/// A TriggerAuthentication or ClusterTriggerAuthentication, reduced to what triggers need.
public struct AuthenticationInfo: Sendable, Hashable {
    public var kind: ResourceKind
    public var namespace: String?
    public var name: String
    /// Parameter names it resolves (secretTargetRef, env, vault secrets, ...).
    public var parameters: Set<String>
    /// True when it can supply parameters whose names cannot be known from the object
    /// (a `filePath` file).
    public var suppliesUnknownParameters: Bool
    public var podIdentityProvider: String?
    public var source: ObjectSource?

    public init(kind: ResourceKind, namespace: String?, name: String, parameters: Set<String>,
                suppliesUnknownParameters: Bool = false, podIdentityProvider: String? = nil, source: ObjectSource? = nil) {
        self.kind = kind
        self.namespace = namespace
        self.name = name
        self.parameters = parameters
        self.suppliesUnknownParameters = suppliesUnknownParameters
        self.podIdentityProvider = podIdentityProvider
        self.source = source
    }
}

public struct SecretInfo: Sendable, Hashable {
    public var namespace: String
    public var name: String
    public var keys: Set<String>
    public var source: ObjectSource?

    public init(namespace: String, name: String, keys: Set<String>, source: ObjectSource? = nil) {
        self.namespace = namespace
        self.name = name
        self.keys = keys
        self.source = source
    }
}
