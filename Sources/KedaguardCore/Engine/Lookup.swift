/// The answer to a question about another object.
public enum Lookup<Value: Sendable>: Sendable {
    case found(Value)
    /// Known not to exist: the cluster said so, or the file set is declared complete.
    case absent
    /// Cannot be told: the file set does not hold everything, or the cluster is out of reach.
    /// The reason is shown when a rule must say what it could not check.
    case unknown(reason: String)

    public var value: Value? {
        if case .found(let v) = self { return v }
        return nil
    }
}

/// Cross-object facts rules may ask for. Two implementations: the set of files being linted
/// and a cache of the live cluster. Answers are trimmed to what rules need, so the cluster
/// cache can hold them for 100k objects.
public protocol ObjectLookup: Sendable {
    /// A Deployment, StatefulSet or other pod-template workload by group, kind and name.
    func workload(_ ref: WorkloadRef) async -> Lookup<WorkloadInfo>
    /// HorizontalPodAutoscalers in `namespace` whose scaleTargetRef points at `target`.
    func horizontalPodAutoscalers(targeting target: WorkloadRef) async -> Lookup<[HPAInfo]>
    /// ScaledObjects in `target.namespace` whose scaleTargetRef points at `target`.
    func scaledObjects(targeting target: WorkloadRef) async -> Lookup<[ScaledObjectInfo]>
    /// ScaledObjects in `namespace` whose HPA would be called `hpaName`.
    func scaledObjects(namespace: String, hpaName: String) async -> Lookup<[ScaledObjectInfo]>
    func limitRanges(namespace: String) async -> Lookup<[LimitRangeInfo]>
    /// A TriggerAuthentication (namespace set) or ClusterTriggerAuthentication (namespace nil).
    func authentication(kind: ResourceKind, namespace: String?, name: String) async -> Lookup<AuthenticationInfo>
    func secret(namespace: String, name: String) async -> Lookup<SecretInfo>
}

/// A lookup that knows nothing; rules then check the object on its own.
public struct NoLookup: ObjectLookup {
    public let reason: String

    public init(reason: String = "no other objects are available") {
        self.reason = reason
    }

    public func workload(_ ref: WorkloadRef) async -> Lookup<WorkloadInfo> { .unknown(reason: reason) }
    public func horizontalPodAutoscalers(targeting target: WorkloadRef) async -> Lookup<[HPAInfo]> { .unknown(reason: reason) }
    public func scaledObjects(targeting target: WorkloadRef) async -> Lookup<[ScaledObjectInfo]> { .unknown(reason: reason) }
    public func scaledObjects(namespace: String, hpaName: String) async -> Lookup<[ScaledObjectInfo]> { .unknown(reason: reason) }
    public func limitRanges(namespace: String) async -> Lookup<[LimitRangeInfo]> { .unknown(reason: reason) }
    public func authentication(kind: ResourceKind, namespace: String?, name: String) async -> Lookup<AuthenticationInfo> { .unknown(reason: reason) }
    public func secret(namespace: String, name: String) async -> Lookup<SecretInfo> { .unknown(reason: reason) }
}
