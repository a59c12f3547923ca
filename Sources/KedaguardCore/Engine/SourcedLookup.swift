/// A lookup backed by a source of truth that can be out of reach or lag behind it: the cluster,
/// seen through a watch cache. The file set is not one; its `unknown` answers only mean "not in
/// these files" and are never reported.
///
/// The engine treats such a lookup specially (rules never know):
/// - each rule runs against `forCheck(recorder:direct: false)`, which answers from the cache and
///   notes in the recorder every question it could not answer because the source was
///   unavailable (`cluster-state-unavailable`), and every answer that came from the cache;
/// - when `confirmsFindings` is set and a rule reported something after cached answers were read
///   for the object (by the rule itself, or by an earlier rule whose results the rule memo
///   shares), that rule runs again against `forCheck(recorder:direct: true)` with a memo of its
///   own, which reads the source itself, and only what it still reports stands. A cache that
///   lags (a deleted HPA still cached, a Deployment whose new requests have not arrived) can
///   then never cause a denial.
public protocol SourcedLookup: ObjectLookup {
    /// The lookup one rule uses while checking one object.
    func forCheck(recorder: LookupRecorder, direct: Bool) -> any ObjectLookup
    /// Findings drawn from cached answers are confirmed against the source before they are
    /// reported (the webhook). A point-in-time audit of a freshly synced cache does not need to.
    var confirmsFindings: Bool { get }
}

/// What one rule's lookups could not answer, and whether any answer came from a cache.
public final class LookupRecorder: @unchecked Sendable {
    /// A question that could not be answered because the source was out of reach.
    public struct Gap: Sendable, Hashable {
        /// What was asked, e.g. "HorizontalPodAutoscalers targeting Deployment shop/web".
        public var subject: String
        /// Why it could not be answered, e.g. "the API server is unreachable: connection refused".
        public var reason: String

        public init(subject: String, reason: String) {
            self.subject = subject
            self.reason = reason
        }
    }

    private let lock = NSLockish()
    private var gapList: [Gap] = []
    private var cached = 0

    public init() {}

    public func recordGap(_ subject: String, reason: String) {
        lock.withLock {
            let gap = Gap(subject: subject, reason: reason)
            if !gapList.contains(gap) { gapList.append(gap) }
        }
    }

    public func recordCachedAnswer() {
        lock.withLock { cached += 1 }
    }

    public var gaps: [Gap] { lock.withLock { gapList } }
    public var cachedAnswers: Int { lock.withLock { cached } }
}

/// What to do when cluster state needed by a check cannot be read (`--cluster-checks`).
public enum ClusterChecksPolicy: String, Sendable, Hashable, CaseIterable {
    /// Admit, with a warning naming what could not be checked.
    case warn
    /// Deny: an object is admitted only when every cluster check could run.
    case strict
}

/// The finding the engine adds when a `SourcedLookup` could not answer; configurable like a rule.
public enum ClusterStateDiagnostics {
    public static let unavailable = RuleDescriptor(
        id: "cluster-state-unavailable", severity: .warning,
        summary: "Checks that need the cluster's state could not run (API unreachable or cache not synced).",
        explanation: """
        Conflict checks, the scale target's containers and referenced TriggerAuthentications are read \
        from the cluster. When the API server cannot be reached, a watch has been failing for a while, \
        or the cache has not finished its first sync, those checks are skipped and this finding names \
        them and why. By default it is a warning and the object is admitted \
        (--cluster-checks=warn); with --cluster-checks=strict it is an error, so the webhook denies \
        the object until the checks can run. Fix the webhook's connection to the API server or its \
        RBAC permissions (see webhook-config/rbac.yaml).
        """,
        kinds: Set(ResourceKind.allCases), category: "cluster")

    public static let descriptors: [RuleDescriptor] = [unavailable]

    /// One finding listing every gap, or nil when there is none.
    static func finding(for gaps: [LookupRecorder.Gap], policy: ClusterChecksPolicy) -> Finding? {
        guard !gaps.isEmpty else { return nil }
        var unique: [LookupRecorder.Gap] = []
        for gap in gaps where !unique.contains(gap) { unique.append(gap) }
        let parts = unique.map { "\($0.subject) (\($0.reason))" }
        let consequence = policy == .strict
            ? "denied because --cluster-checks=strict requires them"
            : "the object was checked without them"
        return Finding(message: "could not check against the cluster: \(parts.joined(separator: "; ")); \(consequence)",
                       pointer: .root, position: .unknown, severity: policy == .strict ? .error : .warning)
    }
}
