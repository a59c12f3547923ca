/// Answers lookups from a set of objects read together (the files of one lint run).
///
/// An object missing from the set is `unknown` (the repository may not hold it) unless the set
/// is declared complete, then it is `absent` (`--require-refs`).
public struct FileSetLookup: ObjectLookup {
    public let isComplete: Bool
    private var workloads: [String: WorkloadInfo] = [:]
    private var hpasByTarget: [String: [HPAInfo]] = [:]
    private var scaledObjectsByTarget: [String: [ScaledObjectInfo]] = [:]
    private var scaledObjectsByHPA: [String: [ScaledObjectInfo]] = [:]
    private var limitRangesByNamespace: [String: [LimitRangeInfo]] = [:]
    private var authentications: [String: AuthenticationInfo] = [:]
    private var secrets: [String: SecretInfo] = [:]

    public init(objects: [KubeObject], defaultNamespace: String, isComplete: Bool = false) {
        self.isComplete = isComplete
        for object in objects {
            let ns = object.namespace(default: defaultNamespace)
            if let so = ScaledObjectInfo(object: object, namespace: ns) {
                scaledObjectsByTarget[so.target.key, default: []].append(so)
                scaledObjectsByHPA["\(ns)/\(so.hpaName)", default: []].append(so)
            } else if let hpa = HPAInfo(object: object, namespace: ns) {
                hpasByTarget[hpa.target.key, default: []].append(hpa)
            } else if let lr = LimitRangeInfo(object: object, namespace: ns) {
                limitRangesByNamespace[ns, default: []].append(lr)
            } else if let auth = AuthenticationInfo(object: object, namespace: ns) {
                authentications[Self.authKey(auth.kind, auth.namespace, auth.name)] = auth
            } else if let secret = SecretInfo(object: object, namespace: ns) {
                secrets["\(ns)/\(secret.name)"] = secret
            } else if let workload = WorkloadInfo(object: object, namespace: ns) {
                workloads[workload.ref.key] = workload
            }
        }
    }

    private static func authKey(_ kind: ResourceKind, _ namespace: String?, _ name: String) -> String {
        "\(kind.rawValue)/\(namespace ?? "")/\(name)"
    }

    private var missing: String { "not in the files linted together" }

    private func list<T>(_ items: [T]?) -> Lookup<[T]> {
        // A list is complete only if the whole set is; an empty list from a partial set proves nothing,
        // but rules only act on what is found, so returning what we have is right either way.
        .found(items ?? [])
    }

    private func single<T>(_ item: T?) -> Lookup<T> {
        if let item { return .found(item) }
        return isComplete ? .absent : .unknown(reason: missing)
    }

    public func workload(_ ref: WorkloadRef) async -> Lookup<WorkloadInfo> { single(workloads[ref.key]) }
    public func horizontalPodAutoscalers(targeting target: WorkloadRef) async -> Lookup<[HPAInfo]> { list(hpasByTarget[target.key]) }
    public func scaledObjects(targeting target: WorkloadRef) async -> Lookup<[ScaledObjectInfo]> { list(scaledObjectsByTarget[target.key]) }
    public func scaledObjects(namespace: String, hpaName: String) async -> Lookup<[ScaledObjectInfo]> { list(scaledObjectsByHPA["\(namespace)/\(hpaName)"]) }
    public func limitRanges(namespace: String) async -> Lookup<[LimitRangeInfo]> { list(limitRangesByNamespace[namespace]) }
    public func authentication(kind: ResourceKind, namespace: String?, name: String) async -> Lookup<AuthenticationInfo> {
        single(authentications[Self.authKey(kind, kind.isClusterScoped ? nil : namespace, name)])
    }
    public func secret(namespace: String, name: String) async -> Lookup<SecretInfo> { single(secrets["\(namespace)/\(name)"]) }
}
