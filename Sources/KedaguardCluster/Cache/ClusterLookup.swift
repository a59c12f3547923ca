import KedaguardCore

/// Answers rules' questions about other objects from the cluster cache, reading the API
/// directly where the cache may be behind. See `SourcedLookup` for how the engine uses it.
///
/// - From the cache: every answer, when the resource is synced and its watch healthy (or
///   failing for less than `staleAfter`). Otherwise `unknown`, recorded as a gap.
/// - Direct (to confirm a finding): single objects by GET (404 is `absent`); HPAs and
///   ScaledObjects found in the cache by GET each, dropping those that are gone or no longer
///   match (a deleted object still cached must never cause a denial, kedacore/keda#5973);
///   LimitRanges by listing the namespace. A failed read is `unknown` and a gap.
/// - Kinds kedaguard does not watch (a Rollout target, Secrets without opt-in) and namespaces
///   outside the watched one are `unknown` without a gap: nothing is broken, they are out of
///   scope, and strict mode must not deny because of them.
public struct ClusterLookup: SourcedLookup {
    public let cache: ClusterCache
    public let confirmsFindings: Bool
    /// Bound on each direct read, so an API server that hangs costs an admission seconds, not
    /// kube-apiserver's whole webhook timeout.
    public let directReadTimeout: Duration

    /// - Parameter confirmsFindings: true for the webhook; false for an audit of a freshly
    ///   synced cache, where a second read per finding would only cost time.
    public init(cache: ClusterCache, confirmsFindings: Bool = true, directReadTimeout: Duration = .seconds(3)) {
        self.cache = cache
        self.confirmsFindings = confirmsFindings
        self.directReadTimeout = directReadTimeout
    }

    public func forCheck(recorder: LookupRecorder, direct: Bool) -> any ObjectLookup {
        Session(cache: cache, recorder: recorder, direct: direct, timeout: directReadTimeout)
    }

    private var plain: Session { Session(cache: cache, recorder: nil, direct: false, timeout: directReadTimeout) }

    public func workload(_ ref: WorkloadRef) async -> Lookup<WorkloadInfo> { await plain.workload(ref) }
    public func horizontalPodAutoscalers(targeting target: WorkloadRef) async -> Lookup<[HPAInfo]> {
        await plain.horizontalPodAutoscalers(targeting: target)
    }
    public func scaledObjects(targeting target: WorkloadRef) async -> Lookup<[ScaledObjectInfo]> { await plain.scaledObjects(targeting: target) }
    public func scaledObjects(namespace: String, hpaName: String) async -> Lookup<[ScaledObjectInfo]> {
        await plain.scaledObjects(namespace: namespace, hpaName: hpaName)
    }
    public func limitRanges(namespace: String) async -> Lookup<[LimitRangeInfo]> { await plain.limitRanges(namespace: namespace) }
    public func authentication(kind: ResourceKind, namespace: String?, name: String) async -> Lookup<AuthenticationInfo> {
        await plain.authentication(kind: kind, namespace: namespace, name: name)
    }
    public func secret(namespace: String, name: String) async -> Lookup<SecretInfo> { await plain.secret(namespace: namespace, name: name) }
}

extension ClusterLookup {
    struct Session: ObjectLookup {
        let cache: ClusterCache
        let recorder: LookupRecorder?
        let direct: Bool
        let timeout: Duration

        var client: KubeClient { cache.client }

        /// The cached resource that holds workloads of this group and kind, if any.
        static func workloadResource(_ ref: WorkloadRef) -> CachedResource? {
            guard ref.group == "apps" else { return nil }
            switch ref.kind {
            case "Deployment": return .deployments
            case "StatefulSet": return .statefulSets
            default: return nil
            }
        }

        /// nil when the question is out of scope (not watched, other namespace): `unknown`, no gap.
        private func scope(_ resource: CachedResource, namespace: String?) -> String? {
            guard cache.isWatched(resource) else {
                return resource == .secrets
                    ? "kedaguard does not read Secrets unless an operator opts in"
                    : "kedaguard does not watch \(resource)"
            }
            if let namespace, resource.api.namespaced, !cache.covers(namespace: namespace) {
                return "namespace \(namespace) is outside the namespace kedaguard watches"
            }
            return nil
        }

        private func gap<T>(_ subject: String, _ reason: String) -> Lookup<T> {
            recorder?.recordGap(subject, reason: reason)
            return .unknown(reason: reason)
        }

        /// The cache's answer, or a gap when the resource cannot be trusted now.
        private func cached<T>(_ resource: CachedResource, _ subject: String, _ body: (ClusterStore) -> Lookup<T>) -> Lookup<T> {
            if let reason = cache.unavailability(resource) { return gap(subject, reason) }
            recorder?.recordCachedAnswer()
            return cache.read(body)
        }

        private func fetch(_ resource: CachedResource, namespace: String?, name: String) async throws -> KubeObject? {
            guard let node = try await client.object(resource.api, namespace: resource.api.namespaced ? namespace : nil, name: name,
                                                     timeout: timeout) else {
                return nil
            }
            return Reflector.object(node, resource.api)
        }

        private func readFailure(_ error: any Error) -> String {
            "reading it from the API server failed: \(error)"
        }

        // MARK: Single objects

        private func single<T>(_ resource: CachedResource, namespace: String?, name: String, subject: String,
                               fromCache: (ClusterStore) -> T?, extract: (KubeObject) -> T?) async -> Lookup<T> {
            if let reason = scope(resource, namespace: namespace) { return .unknown(reason: reason) }
            guard direct else {
                return cached(resource, subject) { store in fromCache(store).map(Lookup.found) ?? .absent }
            }
            do {
                guard let object = try await fetch(resource, namespace: namespace, name: name), let info = extract(object) else {
                    return .absent
                }
                return .found(info)
            } catch {
                return gap(subject, readFailure(error))
            }
        }

        func workload(_ ref: WorkloadRef) async -> Lookup<WorkloadInfo> {
            guard let resource = Self.workloadResource(ref) else {
                return .unknown(reason: "kedaguard does not watch \(ref.kind).\(ref.group)")
            }
            return await single(resource, namespace: ref.namespace, name: ref.name, subject: "\(ref)",
                                fromCache: { store in
                                    (resource == .deployments ? store.deployments : store.statefulSets)
                                        .named(namespace: ref.namespace, name: ref.name, kind: ref.kind, strings: store.strings)
                                },
                                extract: { WorkloadInfo(object: $0, namespace: ref.namespace) })
        }

        func authentication(kind: ResourceKind, namespace: String?, name: String) async -> Lookup<AuthenticationInfo> {
            let clusterScoped = kind == .clusterTriggerAuthentication
            let resource: CachedResource = clusterScoped ? .clusterTriggerAuthentications : .triggerAuthentications
            let ns = clusterScoped ? nil : namespace
            let subject = clusterScoped ? "ClusterTriggerAuthentication \(name)" : "TriggerAuthentication \(ns ?? "")/\(name)"
            return await single(resource, namespace: ns, name: name, subject: subject,
                                fromCache: { store in
                                    clusterScoped ? store.clusterTriggerAuthentications.named(namespace: "", name: name)
                                        : store.triggerAuthentications.named(namespace: ns ?? "", name: name)
                                },
                                extract: { AuthenticationInfo(object: $0, namespace: ns ?? "") })
        }

        func secret(namespace: String, name: String) async -> Lookup<SecretInfo> {
            await single(.secrets, namespace: namespace, name: name, subject: "Secret \(namespace)/\(name)",
                         fromCache: { $0.secrets.named(namespace: namespace, name: name) },
                         extract: { SecretInfo(object: $0, namespace: namespace) })
        }

        // MARK: Lists

        /// Cached candidates; direct mode re-reads each and keeps those that still `match`.
        private func confirmed<T>(_ resource: CachedResource, namespace: String, subject: String,
                                  candidates: (ClusterStore) -> [T], name: (T) -> String,
                                  extract: (KubeObject) -> T?, match: (T) -> Bool) async -> Lookup<[T]> {
            if let reason = scope(resource, namespace: namespace) { return .unknown(reason: reason) }
            guard direct else { return cached(resource, subject) { .found(candidates($0)) } }
            // The candidates may be incomplete when the cache is unavailable; say so, but still
            // confirm what there is.
            if let reason = cache.unavailability(resource) { recorder?.recordGap(subject, reason: reason) }
            var out: [T] = []
            for candidate in cache.read(candidates) {
                do {
                    if let object = try await fetch(resource, namespace: namespace, name: name(candidate)),
                       let fresh = extract(object), match(fresh) {
                        out.append(fresh)
                    }
                } catch {
                    return gap(subject, readFailure(error))
                }
            }
            return .found(out)
        }

        func horizontalPodAutoscalers(targeting target: WorkloadRef) async -> Lookup<[HPAInfo]> {
            await confirmed(.horizontalPodAutoscalers, namespace: target.namespace,
                            subject: "HorizontalPodAutoscalers targeting \(target)",
                            candidates: { $0.hpas.targeting(target, strings: $0.strings) }, name: \.name,
                            extract: { HPAInfo(object: $0, namespace: target.namespace) },
                            match: { $0.target.sameTarget(as: target) })
        }

        func scaledObjects(targeting target: WorkloadRef) async -> Lookup<[ScaledObjectInfo]> {
            await confirmed(.scaledObjects, namespace: target.namespace,
                            subject: "ScaledObjects targeting \(target)",
                            candidates: { $0.scaledObjects.targeting(target, strings: $0.strings) }, name: \.name,
                            extract: { ScaledObjectInfo(object: $0, namespace: target.namespace) },
                            match: { $0.target.sameTarget(as: target) })
        }

        func scaledObjects(namespace: String, hpaName: String) async -> Lookup<[ScaledObjectInfo]> {
            await confirmed(.scaledObjects, namespace: namespace,
                            subject: "ScaledObjects whose HPA is \(namespace)/\(hpaName)",
                            candidates: { $0.scaledObjects.withHPAName(namespace: namespace, hpaName: hpaName, strings: $0.strings) },
                            name: \.name,
                            extract: { ScaledObjectInfo(object: $0, namespace: namespace) },
                            match: { $0.hpaName == hpaName })
        }

        func limitRanges(namespace: String) async -> Lookup<[LimitRangeInfo]> {
            let subject = "LimitRanges in namespace \(namespace)"
            if let reason = scope(.limitRanges, namespace: namespace) { return .unknown(reason: reason) }
            guard direct else { return cached(.limitRanges, subject) { .found($0.limitRanges.inNamespace(namespace)) } }
            do {
                var out: [LimitRangeInfo] = []
                _ = try await client.listAll(APIResource.limitRanges, namespace: namespace, timeout: timeout) { page in
                    for item in page.items {
                        if let object = Reflector.object(item, .limitRanges), let info = LimitRangeInfo(object: object, namespace: namespace) {
                            out.append(info)
                        }
                    }
                }
                return .found(out.sorted { $0.name < $1.name })
            } catch {
                return gap(subject, readFailure(error))
            }
        }
    }
}
