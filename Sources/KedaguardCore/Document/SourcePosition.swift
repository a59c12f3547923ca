/// A 1-based line and column in a source text. Columns count Unicode characters, as editors do.
public struct SourcePosition: Sendable, Hashable, Comparable, CustomStringConvertible {
    // Stored narrow: every node carries a position, and 32 bits are plenty for a 16 MiB file.
    private var storedLine: Int32
    private var storedColumn: Int32

    public var line: Int {
        get { Int(storedLine) }
        set { storedLine = Int32(clamping: newValue) }
    }

    public var column: Int {
        get { Int(storedColumn) }
        set { storedColumn = Int32(clamping: newValue) }
    }

    public init(line: Int, column: Int) {
        storedLine = Int32(clamping: line)
        storedColumn = Int32(clamping: column)
    }

    /// Used for nodes that did not come from a text (built in code, or from an AdmissionReview
    /// whose positions mean nothing to the user).
    public static let unknown = SourcePosition(line: 0, column: 0)

    public var isKnown: Bool { line > 0 }

    public static func < (lhs: SourcePosition, rhs: SourcePosition) -> Bool {
        lhs.line != rhs.line ? lhs.line < rhs.line : lhs.column < rhs.column
    }

    public var description: String { "\(line):\(column)" }
}
