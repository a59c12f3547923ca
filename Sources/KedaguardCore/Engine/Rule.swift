/// What a rule is, independent of how it checks: shown by `kedaguard rules`, in SARIF, in docs.
public struct RuleDescriptor: Sendable, Hashable {
    /// Stable kebab-case id. Never rename: users reference it in config and annotations.
    public let id: String
    public let severity: Severity
    /// One line: what the rule catches.
    public let summary: String
    /// Why it matters at runtime and how to fix it.
    public let explanation: String
    /// Kinds the rule runs on.
    public let kinds: Set<ResourceKind>
    /// Groups rules in listings: "input", "structure", "scaledobject", "triggers", ...
    public let category: String

    public init(id: String, severity: Severity, summary: String, explanation: String,
                kinds: Set<ResourceKind>, category: String) {
        self.id = id
        self.severity = severity
        self.summary = summary
        self.explanation = explanation
        self.kinds = kinds
        self.category = category
    }
}

/// A check over one object. Rules see the object, the effective namespace and a lookup for
/// other objects; they never know whether they run over files or in a cluster.
public protocol Rule: Sendable {
    var descriptor: RuleDescriptor { get }
    func check(_ context: RuleContext) async throws -> [Finding]
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
