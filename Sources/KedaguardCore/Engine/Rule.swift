/// What a rule is, independent of how it checks: shown by `kedaguard rules`, in SARIF, in docs.
public struct RuleDescriptor: Sendable, Hashable {
    /// The fields live in one shared box: the engine passes a descriptor along with every rule
    /// it runs, and copying one reference is cheaper than retaining five strings and a set.
    private final class Storage: Sendable {
        let id: String
        let severity: Severity
        let summary: String
        let explanation: String
        let kinds: Set<ResourceKind>
        let category: String

        init(id: String, severity: Severity, summary: String, explanation: String, kinds: Set<ResourceKind>, category: String) {
            self.id = id
            self.severity = severity
            self.summary = summary
            self.explanation = explanation
            self.kinds = kinds
            self.category = category
        }
    }

    private let storage: Storage

    /// Stable kebab-case id. Never rename: users reference it in config and annotations.
    public var id: String { storage.id }
    public var severity: Severity { storage.severity }
    /// One line: what the rule catches.
    public var summary: String { storage.summary }
    /// Why it matters at runtime and how to fix it.
    public var explanation: String { storage.explanation }
    /// Kinds the rule runs on.
    public var kinds: Set<ResourceKind> { storage.kinds }
    /// Groups rules in listings: "input", "structure", "scaledobject", "triggers", ...
    public var category: String { storage.category }

    public init(id: String, severity: Severity, summary: String, explanation: String,
                kinds: Set<ResourceKind>, category: String) {
        storage = Storage(id: id, severity: severity, summary: summary, explanation: explanation, kinds: kinds, category: category)
    }

    public static func == (a: RuleDescriptor, b: RuleDescriptor) -> Bool {
        a.storage === b.storage
            || (a.id == b.id && a.severity == b.severity && a.summary == b.summary && a.explanation == b.explanation
                && a.kinds == b.kinds && a.category == b.category)
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(id)
        hasher.combine(severity)
        hasher.combine(summary)
        hasher.combine(explanation)
        hasher.combine(kinds)
        hasher.combine(category)
    }
}

/// A check over one object. Rules see the object, the effective namespace and a lookup for
/// other objects; they never know whether they run over files or in a cluster.
public protocol Rule: Sendable {
    var descriptor: RuleDescriptor { get }
    /// When set, the rule can only find something in objects with a trigger of one of these
    /// types, and the engine does not run it on others (read once, when the engine is built).
    var onlyForTriggerTypes: Set<String>? { get }
    /// The rule as a `SynchronousRule` when it is one. A requirement rather than an `as?` cast:
    /// a cast searches the binary's conformance records, a few milliseconds over all rules at
    /// every start, which a pre-commit run feels.
    var asSynchronous: (any SynchronousRule)? { get }
    func check(_ context: RuleContext) async throws -> [Finding]
}

extension Rule {
    public var onlyForTriggerTypes: Set<String>? { nil }
    public var asSynchronous: (any SynchronousRule)? { nil }
}

/// A rule that needs no lookup, so it can answer without suspending. The engine calls it
/// directly: an async call through an existential costs more than most rules' own work, and an
/// object meets about seventy rules.
public protocol SynchronousRule: Rule {
    func checkSynchronously(_ context: RuleContext) throws -> [Finding]
}

extension SynchronousRule {
    public var asSynchronous: (any SynchronousRule)? { self }

    public func check(_ context: RuleContext) async throws -> [Finding] {
        try checkSynchronously(context)
    }
}

/// What a rule reports; the engine turns it into a `Diagnostic` with id, severity and object.
public struct Finding: Sendable, Hashable {
    public var message: String
    public var pointer: JSONPointer
    public var position: SourcePosition
    /// Overrides the rule's default severity for this finding (a configured override still wins).
    public var severity: Severity?

    public init(message: String, pointer: JSONPointer, position: SourcePosition, severity: Severity? = nil) {
        self.message = message
        self.pointer = pointer
        self.position = position
        self.severity = severity
    }

    /// A finding about a value: points at the value.
    public init(_ message: String, at located: Located, severity: Severity? = nil) {
        self.init(message: message, pointer: located.pointer, position: located.position, severity: severity)
    }

    /// A finding about a field as a whole (unknown, misplaced, conflicting): points at its key.
    public init(_ message: String, atKeyOf located: Located, severity: Severity? = nil) {
        self.init(message: message, pointer: located.pointer, position: located.keyOrValuePosition, severity: severity)
    }

    /// A finding about something missing from `parent`: points at the parent's key with the
    /// pointer of the missing child, so editors land where it should be added.
    public init(_ message: String, missing key: String, in parent: Located, severity: Severity? = nil) {
        self.init(message: message, pointer: parent.pointer.appending(key), position: parent.keyOrValuePosition, severity: severity)
    }
}
