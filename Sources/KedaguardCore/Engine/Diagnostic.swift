/// One problem found in one object (or in a file that could not be read as objects).
public struct Diagnostic: Sendable, Hashable {
    public var ruleID: String
    public var severity: Severity
    public var message: String
    /// JSON Pointer from the object's root to the offending field.
    public var pointer: JSONPointer
    /// Line and column in the file; nil in cluster mode or when unknown.
    public var position: SourcePosition?
    public var file: String?
    public var object: ObjectIdentity?
    /// Set when an annotation on the object switched this rule off for it.
    public var suppression: Suppression?

    public init(ruleID: String, severity: Severity, message: String, pointer: JSONPointer = .root,
                position: SourcePosition? = nil, file: String? = nil, object: ObjectIdentity? = nil,
                suppression: Suppression? = nil) {
        self.ruleID = ruleID
        self.severity = severity
        self.message = message
        self.pointer = pointer
        self.position = position
        self.file = file
        self.object = object
        self.suppression = suppression
    }

    public var isSuppressed: Bool { suppression != nil }

    /// The order every output uses: file, line, column, rule id, then the rest for ties.
    public static func ordered(_ a: Diagnostic, _ b: Diagnostic) -> Bool {
        let fa = a.file ?? "", fb = b.file ?? ""
        if fa != fb { return fa < fb }
        let pa = a.position ?? .unknown, pb = b.position ?? .unknown
        if pa != pb { return pa < pb }
        if a.ruleID != b.ruleID { return a.ruleID < b.ruleID }
        if a.pointer != b.pointer { return a.pointer < b.pointer }
        return a.message < b.message
    }
}

public struct Suppression: Sendable, Hashable {
    /// The annotation that asked for it.
    public var annotation: String
    public var reason: String?

    public init(annotation: String, reason: String?) {
        self.annotation = annotation
        self.reason = reason
    }
}
