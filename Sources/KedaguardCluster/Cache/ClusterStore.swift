import KedaguardCore

/// The resources the cache watches, each reduced to the core's lookup info.
public enum CachedResource: String, Sendable, Hashable, CaseIterable, CustomStringConvertible {
    case horizontalPodAutoscalers
    case scaledObjects
    case deployments
    case statefulSets
    case limitRanges
    case triggerAuthentications
    case clusterTriggerAuthentications
    /// Only when an operator opts in: Secrets' key names (never their values).
    case secrets

    public var api: APIResource {
        switch self {
        case .horizontalPodAutoscalers: return .horizontalPodAutoscalers
        case .scaledObjects: return .scaledObjects
        case .deployments: return .deployments
        case .statefulSets: return .statefulSets
        case .limitRanges: return .limitRanges
        case .triggerAuthentications: return .triggerAuthentications
        case .clusterTriggerAuthentications: return .clusterTriggerAuthentications
        case .secrets: return .secrets
        }
    }

    public var description: String { api.description }

    /// Everything but Secrets.
    public static let standard: [CachedResource] = allCases.filter { $0 != .secrets }

    /// Plural noun for messages ("HorizontalPodAutoscalers").
    var noun: String { api.kind + "s" }
}

/// Every cached object, packed. Not thread-safe: `ClusterCache` guards it with a lock.
struct ClusterStore {
    var strings = StringTable()
    var hpas = HPATable()
    var scaledObjects = ScaledObjectTable()
    var deployments = WorkloadTable()
    var statefulSets = WorkloadTable()
    var limitRanges = KeyedTable<LimitRangeInfo>()
    var triggerAuthentications = KeyedTable<AuthenticationInfo>()
    var clusterTriggerAuthentications = KeyedTable<AuthenticationInfo>()
    var secrets = KeyedTable<SecretInfo>()

    /// Adds or replaces an object, reduced by the same extractors the file set uses. Objects the
    /// extractor does not accept (no scaleTargetRef, no pod template) are dropped, and any
    /// previous version with that name is removed.
    mutating func upsert(_ resource: CachedResource, _ object: KubeObject) {
        let ns = object.declaredNamespace ?? ""
        switch resource {
        case .horizontalPodAutoscalers:
            guard let info = HPAInfo(object: object, namespace: ns) else { return delete(resource, namespace: ns, name: object.name) }
            hpas.upsert(info, strings: &strings)
        case .scaledObjects:
            guard let info = ScaledObjectInfo(object: object, namespace: ns) else { return delete(resource, namespace: ns, name: object.name) }
            scaledObjects.upsert(info, strings: &strings)
        case .deployments, .statefulSets:
            guard let info = WorkloadInfo(object: object, namespace: ns) else { return delete(resource, namespace: ns, name: object.name) }
            if resource == .deployments { deployments.upsert(info, strings: &strings) } else { statefulSets.upsert(info, strings: &strings) }
        case .limitRanges:
            guard let info = LimitRangeInfo(object: object, namespace: ns) else { return delete(resource, namespace: ns, name: object.name) }
            limitRanges.upsert(info, namespace: ns, name: object.name)
        case .triggerAuthentications:
            guard let info = AuthenticationInfo(object: object, namespace: ns) else { return delete(resource, namespace: ns, name: object.name) }
            triggerAuthentications.upsert(info, namespace: ns, name: object.name)
        case .clusterTriggerAuthentications:
            guard let info = AuthenticationInfo(object: object, namespace: "") else { return delete(resource, namespace: "", name: object.name) }
            clusterTriggerAuthentications.upsert(info, namespace: "", name: object.name)
        case .secrets:
            guard let info = SecretInfo(object: object, namespace: ns) else { return delete(resource, namespace: ns, name: object.name) }
            secrets.upsert(info, namespace: ns, name: object.name)
        }
    }

    mutating func delete(_ resource: CachedResource, namespace: String, name: String) {
        switch resource {
        case .horizontalPodAutoscalers: hpas.delete(namespace: namespace, name: name, strings: &strings)
        case .scaledObjects: scaledObjects.delete(namespace: namespace, name: name, strings: &strings)
        case .deployments: deployments.delete(namespace: namespace, name: name, strings: &strings)
        case .statefulSets: statefulSets.delete(namespace: namespace, name: name, strings: &strings)
        case .limitRanges: limitRanges.delete(namespace: namespace, name: name)
        case .triggerAuthentications: triggerAuthentications.delete(namespace: namespace, name: name)
        case .clusterTriggerAuthentications: clusterTriggerAuthentications.delete(namespace: "", name: name)
        case .secrets: secrets.delete(namespace: namespace, name: name)
        }
    }

    mutating func beginRelist(_ resource: CachedResource) {
        switch resource {
        case .horizontalPodAutoscalers: hpas.beginRelist()
        case .scaledObjects: scaledObjects.beginRelist()
        case .deployments: deployments.beginRelist()
        case .statefulSets: statefulSets.beginRelist()
        case .limitRanges: limitRanges.beginRelist()
        case .triggerAuthentications: triggerAuthentications.beginRelist()
        case .clusterTriggerAuthentications: clusterTriggerAuthentications.beginRelist()
        case .secrets: secrets.beginRelist()
        }
    }

    /// Drops what the relist did not return: objects deleted while no watch was running.
    mutating func endRelist(_ resource: CachedResource) {
        switch resource {
        case .horizontalPodAutoscalers: hpas.endRelist(strings: &strings)
        case .scaledObjects: scaledObjects.endRelist(strings: &strings)
        case .deployments: deployments.endRelist(strings: &strings)
        case .statefulSets: statefulSets.endRelist(strings: &strings)
        case .limitRanges: limitRanges.endRelist()
        case .triggerAuthentications: triggerAuthentications.endRelist()
        case .clusterTriggerAuthentications: clusterTriggerAuthentications.endRelist()
        case .secrets: secrets.endRelist()
        }
    }

    func count(_ resource: CachedResource) -> Int {
        switch resource {
        case .horizontalPodAutoscalers: return hpas.count
        case .scaledObjects: return scaledObjects.count
        case .deployments: return deployments.count
        case .statefulSets: return statefulSets.count
        case .limitRanges: return limitRanges.count
        case .triggerAuthentications: return triggerAuthentications.count
        case .clusterTriggerAuthentications: return clusterTriggerAuthentications.count
        case .secrets: return secrets.count
        }
    }

    /// Bytes held by the packed HPA and ScaledObject tables and the string table (the benchmark
    /// cross-checks this against the process's resident memory).
    var packedFootprint: Int { strings.footprint + hpas.footprint + scaledObjects.footprint }
}
