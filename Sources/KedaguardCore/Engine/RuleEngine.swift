/// Runs rules over objects. The webhook, the linter and the audit are thin callers of this.
public struct RuleEngine: Sendable {
    public let rules: [any Rule]
    public let configuration: RuleConfiguration
    private let rulesByKind: [ResourceKind: KindRules]

    /// A rule with what the engine needs to know before running it, read once. A class: the
    /// loop over an object's rules then copies one reference per rule.
    private final class Entry: Sendable {
        let rule: any Rule
        let descriptor: RuleDescriptor
        let triggerTypes: Set<String>?
        /// The same rule when it can answer without suspending, as a closure: calling a rule
        /// through its existential copied the rule's value out of the entry on every call.
        let synchronous: (@Sendable (RuleContext) throws -> [Finding])?

        init(rule: any Rule, descriptor: RuleDescriptor, triggerTypes: Set<String>?) {
            self.rule = rule
            self.descriptor = descriptor
            self.triggerTypes = triggerTypes
            if let sync = rule.asSynchronous {
                self.synchronous = { (context: RuleContext) throws -> [Finding] in try sync.checkSynchronously(context) }
            } else {
                self.synchronous = nil
            }
        }
    }

    /// The rules of one kind, with the scaler rules indexed by trigger type: which rules apply
    /// then takes one lookup per trigger of the object instead of one per rule and trigger.
    private struct KindRules: Sendable {
        var entries: [Entry] = []
        var byTriggerType: [String: [Int]] = [:]

        mutating func append(_ entry: Entry) {
            if let types = entry.triggerTypes {
                for type in types { byTriggerType[type, default: []].append(entries.count) }
            }
            entries.append(entry)
        }

        /// In registry order: the rules for every object, and the scaler rules for a trigger type
        /// the object has.
        func applicable(to triggers: [TriggerView]) -> Applicable {
            var wanted = Applicable.Wanted()
            for trigger in triggers {
                for index in byTriggerType[trigger.type] ?? [] { wanted.insert(index) }
            }
            return Applicable(entries: entries, wanted: wanted)
        }
    }

    /// The entries `KindRules.applicable(to:)` selects, produced while iterating: building the
    /// list as an array cost two allocations per object.
    private struct Applicable: Sequence, IteratorProtocol {
        /// Indexes of wanted trigger-type rules, inline. Rules past the first 256 of a kind count
        /// as wanted: a scaler rule still skips triggers of other types itself, so that only
        /// costs time.
        struct Wanted {
            private var words: (UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0)

            mutating func insert(_ index: Int) {
                let bit = UInt64(1) << UInt64(index & 63)
                switch index >> 6 {
                case 0: words.0 |= bit
                case 1: words.1 |= bit
                case 2: words.2 |= bit
                case 3: words.3 |= bit
                default: break
                }
            }

            func contains(_ index: Int) -> Bool {
                let bit = UInt64(1) << UInt64(index & 63)
                switch index >> 6 {
                case 0: return words.0 & bit != 0
                case 1: return words.1 & bit != 0
                case 2: return words.2 & bit != 0
                case 3: return words.3 & bit != 0
                default: return true
                }
            }
        }

        let entries: [Entry]
        let wanted: Wanted
        private var position = 0

        init(entries: [Entry], wanted: Wanted) {
            self.entries = entries
            self.wanted = wanted
        }

        mutating func next() -> Entry? {
            while position < entries.count {
                let index = position
                position += 1
                if entries[index].triggerTypes == nil || wanted.contains(index) { return entries[index] }
            }
            return nil
        }
    }

    public init(rules: [any Rule] = RuleRegistry.rules, configuration: RuleConfiguration = RuleConfiguration()) {
        self.rules = rules
        self.configuration = configuration
        var byKind: [ResourceKind: KindRules] = [:]
        for rule in rules {
            let descriptor = rule.descriptor
            guard configuration.isEnabled(descriptor.id) else { continue }
            let entry = Entry(rule: rule, descriptor: descriptor, triggerTypes: rule.onlyForTriggerTypes)
            for kind in descriptor.kinds { byKind[kind, default: KindRules()].append(entry) }
        }
        self.rulesByKind = byKind
    }

    public struct Result: Sendable {
        public var diagnostics: [Diagnostic]
        /// Rules that threw instead of answering; callers decide whether that fails open or closed.
        public var failures: [RuleFailure]
    }

    /// Checks one object. Objects that are not KEDA resources yield nothing.
    ///
    /// With a `SourcedLookup` (the cluster), questions it could not answer become one
    /// `cluster-state-unavailable` finding under `options.clusterChecks`, and findings drawn from
    /// cached answers are confirmed against the source first (see `SourcedLookup`).
    public func check(_ object: KubeObject, lookup: any ObjectLookup, options: CheckOptions,
                      oldObject: KubeObject? = nil) async -> Result {
        guard let kind = object.resourceKind, let kindRules = rulesByKind[kind] else {
            return Result(diagnostics: [], failures: [])
        }
        let namespace = object.namespace(default: options.defaultNamespace)
        let subject = Subject(identity: object.identity(namespace: namespace),
                              suppressions: Suppressions(of: object), file: object.source?.file)
        var diagnostics: [Diagnostic] = []
        var failures: [RuleFailure] = []
        if let sourced = lookup as? any SourcedLookup {
            let memo = RuleMemo()
            let triggers = RuleContext.triggers(of: object)
            var gaps: [LookupRecorder.Gap] = []
            // Cached answers read by this object's rules so far. A rule can draw on them without
            // asking itself: the memo shares what an earlier rule computed from them (the
            // catalog view of the triggers holds their TriggerAuthentications).
            var cachedAnswers = 0
            for entry in kindRules.applicable(to: triggers) {
                let recorder = LookupRecorder()
                let context = RuleContext(object: object, lookup: sourced.forCheck(recorder: recorder, direct: false),
                                          options: options, oldObject: oldObject, memo: memo, triggers: triggers)
                var found: [Diagnostic] = [], failed: [RuleFailure] = []
                await run(entry, context, subject, into: &found, &failed)
                var ruleGaps = recorder.gaps
                cachedAnswers += recorder.cachedAnswers
                if sourced.confirmsFindings, cachedAnswers > 0,
                   found.contains(where: { !$0.isSuppressed && $0.severity >= .warning }) {
                    let direct = LookupRecorder()
                    let fresh = RuleContext(object: object, lookup: sourced.forCheck(recorder: direct, direct: true),
                                            options: options, oldObject: oldObject, triggers: triggers)
                    found = []
                    failed = []
                    await run(entry, fresh, subject, into: &found, &failed)
                    ruleGaps = direct.gaps
                }
                diagnostics += found
                failures += failed
                gaps += ruleGaps
            }
            let descriptor = ClusterStateDiagnostics.unavailable
            if configuration.isEnabled(descriptor.id),
               let finding = ClusterStateDiagnostics.finding(for: gaps, policy: options.clusterChecks) {
                diagnostics.append(diagnostic(finding, descriptor, subject))
            }
        } else {
            let context = RuleContext(object: object, lookup: lookup, options: options, oldObject: oldObject)
            for entry in kindRules.applicable(to: context.triggers) {
                await run(entry, context, subject, into: &diagnostics, &failures)
            }
        }
        diagnostics.sort(by: Diagnostic.ordered)
        return Result(diagnostics: diagnostics, failures: failures)
    }

    /// What every diagnostic of one object shares.
    private struct Subject {
        var identity: ObjectIdentity
        var suppressions: Suppressions
        var file: String?
    }

    /// Runs one rule: its findings become diagnostics appended to `diagnostics`, a throw a
    /// failure appended to `failures`. Appended in place: a result per rule cost two arrays in
    /// and out of a hundred calls.
    private func run(_ entry: Entry, _ context: RuleContext, _ subject: Subject,
                     into diagnostics: inout [Diagnostic], _ failures: inout [RuleFailure]) async {
        do {
            let findings = if let sync = entry.synchronous {
                try sync(context)
            } else {
                try await entry.rule.check(context)
            }
            for finding in findings { diagnostics.append(diagnostic(finding, entry.descriptor, subject)) }
        } catch {
            failures.append(RuleFailure(ruleID: entry.descriptor.id, message: String(describing: error)))
        }
    }

    private func diagnostic(_ finding: Finding, _ descriptor: RuleDescriptor, _ subject: Subject) -> Diagnostic {
        Diagnostic(
            ruleID: descriptor.id,
            severity: configuration.severity(for: descriptor, finding: finding.severity),
            message: finding.message,
            pointer: finding.pointer,
            position: finding.position.isKnown ? finding.position : nil,
            file: subject.file,
            object: subject.identity,
            suppression: subject.suppressions.suppression(for: descriptor.id))
    }

    /// Decodes the compiled-in tables the rules read for `version` (the scaler catalog and the CRD
    /// schemas). Otherwise the first object checked pays for it, several milliseconds; a server
    /// calls this before it reports ready.
    public func loadTables(for version: KEDAVersion) {
        _ = ScalerCatalog.forVersion(version)
        for kind in ResourceKind.allCases { _ = StructuralSchema.forKind(kind, version: version) }
    }

    /// Turns a parse problem into a diagnostic under the configured severity.
    public func diagnostic(for problem: ParseProblem, file: String?) -> Diagnostic? {
        guard let descriptor = InputDiagnostics.descriptor(for: problem.code), configuration.isEnabled(descriptor.id) else {
            return nil
        }
        return Diagnostic(ruleID: descriptor.id, severity: configuration.severity(for: descriptor, finding: nil),
                          message: problem.message, position: problem.position.isKnown ? problem.position : nil, file: file)
    }
}

public struct RuleFailure: Sendable, Hashable {
    public var ruleID: String
    public var message: String
}
