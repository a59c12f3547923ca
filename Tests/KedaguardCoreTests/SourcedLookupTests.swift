import KedaguardCore
import Testing

/// The engine's handling of a lookup backed by a source that may lag or be out of reach.
struct SourcedLookupTests {
    /// Answers HPA questions from a "cache" and from the "source"; workloads are out of its scope
    /// (unknown, but no gap, like a kind the cache does not watch); everything else is absent.
    final class ScriptedLookup: SourcedLookup, @unchecked Sendable {
        var cachedHPAs: Lookup<[HPAInfo]>
        var sourceHPAs: Lookup<[HPAInfo]>
        var cachedAuthentication: Lookup<AuthenticationInfo> = .absent
        var sourceAuthentication: Lookup<AuthenticationInfo> = .absent
        let confirmsFindings: Bool
        let directCalls = Counter()

        init(cached: Lookup<[HPAInfo]>, source: Lookup<[HPAInfo]>, confirms: Bool = true) {
            self.cachedHPAs = cached
            self.sourceHPAs = source
            self.confirmsFindings = confirms
        }

        func forCheck(recorder: LookupRecorder, direct: Bool) -> any ObjectLookup {
            View(owner: self, recorder: recorder, direct: direct)
        }

        struct View: ObjectLookup {
            let owner: ScriptedLookup
            let recorder: LookupRecorder
            let direct: Bool

            func horizontalPodAutoscalers(targeting target: WorkloadRef) async -> Lookup<[HPAInfo]> {
                if direct { owner.directCalls.increment() }
                let answer = direct ? owner.sourceHPAs : owner.cachedHPAs
                switch answer {
                case .unknown(let reason): recorder.recordGap("HorizontalPodAutoscalers targeting \(target)", reason: reason)
                default: if !direct { recorder.recordCachedAnswer() }
                }
                return answer
            }
            func workload(_ ref: WorkloadRef) async -> Lookup<WorkloadInfo> { .unknown(reason: "not scripted") }
            func scaledObjects(targeting target: WorkloadRef) async -> Lookup<[ScaledObjectInfo]> { .found([]) }
            func scaledObjects(namespace: String, hpaName: String) async -> Lookup<[ScaledObjectInfo]> { .found([]) }
            func limitRanges(namespace: String) async -> Lookup<[LimitRangeInfo]> { .found([]) }
            func authentication(kind: ResourceKind, namespace: String?, name: String) async -> Lookup<AuthenticationInfo> {
                if direct { return owner.sourceAuthentication }
                recorder.recordCachedAnswer()
                return owner.cachedAuthentication
            }
            func secret(namespace: String, name: String) async -> Lookup<SecretInfo> { .absent }
        }

        func workload(_ ref: WorkloadRef) async -> Lookup<WorkloadInfo> { .unknown(reason: "not scripted") }
        func horizontalPodAutoscalers(targeting target: WorkloadRef) async -> Lookup<[HPAInfo]> { cachedHPAs }
        func scaledObjects(targeting target: WorkloadRef) async -> Lookup<[ScaledObjectInfo]> { .found([]) }
        func scaledObjects(namespace: String, hpaName: String) async -> Lookup<[ScaledObjectInfo]> { .found([]) }
        func limitRanges(namespace: String) async -> Lookup<[LimitRangeInfo]> { .found([]) }
        func authentication(kind: ResourceKind, namespace: String?, name: String) async -> Lookup<AuthenticationInfo> { .absent }
        func secret(namespace: String, name: String) async -> Lookup<SecretInfo> { .absent }
    }

    final class Counter: @unchecked Sendable {
        private var n = 0
        func increment() { n += 1 }
        var value: Int { n }
    }

    /// ScaledObject shop/orders scaling Deployment web with one trigger (YAML, indented as an item of `triggers`).
    static func scaledObject(trigger: String) -> KubeObject {
        KubeObject(node: YAMLParser.parse("""
        apiVersion: keda.sh/v1alpha1
        kind: ScaledObject
        metadata: {name: orders, namespace: shop}
        spec:
          scaleTargetRef: {name: web}
          triggers:
        \(trigger)
        """).documents[0].root!)!
    }

    static let scaledObject = scaledObject(trigger: """
            - type: cron
              metadata: {timezone: UTC, start: 0 8 * * *, end: 0 18 * * *, desiredReplicas: "3"}
        """)

    static let foreign = HPAInfo(namespace: "shop", name: "manual",
                                 target: WorkloadRef(namespace: "shop", apiVersion: "apps/v1", kind: "Deployment", name: "web"))

    func check(_ lookup: ScriptedLookup, policy: ClusterChecksPolicy = .warn, configuration: RuleConfiguration = RuleConfiguration()) async -> [Diagnostic] {
        let engine = RuleEngine(configuration: configuration)
        return await engine.check(Self.scaledObject, lookup: lookup, options: CheckOptions(clusterChecks: policy)).diagnostics
    }

    @Test func findingFromAStaleCacheIsDroppedWhenTheSourceDisagrees() async {
        let lookup = ScriptedLookup(cached: .found([Self.foreign]), source: .found([]))
        let diagnostics = await check(lookup)
        #expect(!diagnostics.contains { $0.ruleID == ForeignHPAConflictRule.id })
        #expect(lookup.directCalls.value == 1)
        #expect(diagnostics.isEmpty, "\(diagnostics)")
    }

    @Test func findingConfirmedByTheSourceStands() async {
        let lookup = ScriptedLookup(cached: .found([Self.foreign]), source: .found([Self.foreign]))
        let diagnostics = await check(lookup)
        #expect(diagnostics.map(\.ruleID) == [ForeignHPAConflictRule.id])
        #expect(diagnostics.first?.severity == .error)
    }

    /// Values one rule computes from cached answers and the memo shares with the rules after it
    /// (the catalog view of the triggers, with their TriggerAuthentications) are confirmed like
    /// the rule's own lookups. mssql reads `port` from the TriggerAuthentication before the
    /// metadata: while the cache has not seen the TriggerAuthentication, the unused metadata
    /// value looks like the one KEDA reads, and it is not a number.
    @Test func findingFromACachedAnswerSharedThroughTheMemoIsConfirmed() async {
        let object = Self.scaledObject(trigger: """
                - type: mssql
                  metadata: {query: "SELECT 1", targetValue: "5", port: "not-a-port"}
                  authenticationRef: {name: mssql-auth}
            """)
        let lookup = ScriptedLookup(cached: .found([]), source: .found([]))
        let supplied = AuthenticationInfo(kind: .triggerAuthentication, namespace: "shop", name: "mssql-auth",
                                          parameters: ["connectionString", "port", "host", "username", "password", "database"])
        lookup.sourceAuthentication = .found(supplied)
        let engine = RuleEngine()
        func reported() async -> [String] {
            await engine.check(object, lookup: lookup, options: CheckOptions()).diagnostics
                .filter { $0.severity >= .warning }.map(\.ruleID)
        }
        lookup.cachedAuthentication = .found(supplied)
        let current = await reported()
        #expect(!current.contains(InvalidValueRule.id))
        // A cache that has not seen the TriggerAuthentication yet changes nothing.
        lookup.cachedAuthentication = .absent
        #expect(await reported() == current)
        // Trusting the cache, as the audit does, the metadata value is judged.
        let audit = ScriptedLookup(cached: .found([]), source: .found([]), confirms: false)
        let trusted = await engine.check(object, lookup: audit, options: CheckOptions()).diagnostics.map(\.ruleID)
        #expect(trusted.contains(InvalidValueRule.id))
    }

    @Test func noFindingMeansNoDirectRead() async {
        let lookup = ScriptedLookup(cached: .found([]), source: .found([Self.foreign]))
        let diagnostics = await check(lookup)
        #expect(diagnostics.isEmpty)
        #expect(lookup.directCalls.value == 0)
    }

    @Test func auditModeTrustsTheCache() async {
        let lookup = ScriptedLookup(cached: .found([Self.foreign]), source: .found([]), confirms: false)
        let diagnostics = await check(lookup)
        #expect(diagnostics.map(\.ruleID) == [ForeignHPAConflictRule.id])
        #expect(lookup.directCalls.value == 0)
    }

    @Test func unavailableStateWarnsByDefaultAndNamesWhat() async throws {
        let lookup = ScriptedLookup(cached: .unknown(reason: "the API server is unreachable"), source: .found([]))
        let diagnostics = await check(lookup)
        let d = try #require(diagnostics.first)
        #expect(diagnostics.count == 1)
        #expect(d.ruleID == ClusterStateDiagnostics.unavailable.id)
        #expect(d.severity == .warning)
        #expect(d.message.contains("HorizontalPodAutoscalers targeting Deployment.apps shop/web (the API server is unreachable)"))
        #expect(d.object?.name == "orders")
    }

    @Test func strictPolicyTurnsItIntoAnError() async throws {
        let lookup = ScriptedLookup(cached: .unknown(reason: "the cache has not finished listing"), source: .found([]))
        let diagnostics = await check(lookup, policy: .strict)
        #expect(diagnostics.map(\.severity) == [.error])
        #expect(diagnostics.first?.message.contains("--cluster-checks=strict") == true)
    }

    @Test func unconfirmableFindingBecomesAGap() async {
        // The cache reports a conflict, the source cannot be read to confirm it: no denial on
        // the cached answer alone, but a note that the check could not run.
        let lookup = ScriptedLookup(cached: .found([Self.foreign]), source: .unknown(reason: "connection refused"))
        let warn = await check(lookup)
        #expect(warn.map(\.ruleID) == [ClusterStateDiagnostics.unavailable.id])
        #expect(warn.map(\.severity) == [.warning])
        let strict = await check(lookup, policy: .strict)
        #expect(strict.map(\.severity) == [.error])
    }

    @Test func theFindingCanBeSwitchedOff() async {
        let lookup = ScriptedLookup(cached: .unknown(reason: "down"), source: .found([]))
        let diagnostics = await check(lookup, configuration: RuleConfiguration(settings: [ClusterStateDiagnostics.unavailable.id: .off]))
        #expect(diagnostics.isEmpty)
    }

    @Test func fileSetLookupsNeverReportClusterState() async {
        let engine = RuleEngine()
        let result = await engine.check(Self.scaledObject, lookup: FileSetLookup(objects: [], defaultNamespace: "shop"),
                                        options: CheckOptions(clusterChecks: .strict))
        #expect(!result.diagnostics.contains { $0.ruleID == ClusterStateDiagnostics.unavailable.id })
    }
}
