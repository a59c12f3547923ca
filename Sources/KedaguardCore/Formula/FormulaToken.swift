/// A token of an expr-lang expression. Offsets count Unicode scalars from the start of the text.
public struct FormulaToken: Sendable, Hashable, CustomStringConvertible {
    public enum Kind: Sendable, Hashable {
        case identifier, number, string, bytes, `operator`, bracket, eof
    }

    public var kind: Kind
    /// The text as written (numbers, identifiers, operators) or the decoded value (strings).
    public var value: String
    public var offset: Int

    public init(_ kind: Kind, _ value: String, at offset: Int) {
        self.kind = kind
        self.value = value
        self.offset = offset
    }

    public func `is`(_ kind: Kind, _ values: String...) -> Bool {
        self.kind == kind && (values.isEmpty || values.contains(value))
    }

    public var description: String {
        switch kind {
        case .eof: return "end of formula"
        case .string: return "string \"\(value)\""
        case .bytes: return "bytes literal"
        default: return "\"\(value)\""
        }
    }
}

/// A syntax or type problem in a formula, at an offset into the text that was parsed.
public struct FormulaError: Error, Sendable, Hashable {
    public var message: String
    public var offset: Int

    public init(_ message: String, at offset: Int) {
        self.message = message
        self.offset = offset
    }
}
