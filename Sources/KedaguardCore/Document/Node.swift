/// One value of a parsed YAML or JSON document, with the position where it starts.
///
/// YAML and JSON both end up here, so rules never know which syntax a manifest used.
/// Mapping keys are strings (as Kubernetes sees them after YAML-to-JSON conversion) and keep
/// their own position, so a diagnostic can point at the key of an unknown field.
public struct Node: Sendable {
    public enum Value: Sendable {
        case null
        case bool(Bool)
        case number(Number)
        case string(String)
        case sequence([Node])
        case mapping([Entry])
    }

    public struct Entry: Sendable {
        public var key: String
        public var keyPosition: SourcePosition
        public var value: Node

        public init(key: String, keyPosition: SourcePosition = .unknown, value: Node) {
            self.key = key
            self.keyPosition = keyPosition
            self.value = value
        }
    }

    public var value: Value
    public var position: SourcePosition

    public init(_ value: Value, at position: SourcePosition = .unknown) {
        self.value = value
        self.position = position
    }
}

/// A number as written. The text is kept because Kubernetes and KEDA care about the
/// difference between `5`, `5.0` and `5e0`, and because patches must not reformat values.
/// An integer written the plain way (`30`, `-2`) is stored as its value, from which the text
/// follows; any other number keeps its fields in a shared box, so a `Node` stays small (every
/// node of every document pays for the widest case of `Node.Value`). Most numbers in KEDA
/// objects are plain integers, and boxing each cost an allocation per number per request.
public struct Number: Sendable, Hashable, CustomStringConvertible {
    private final class Storage: Sendable {
        let text: String
        let int: Int64?
        let double: Double

        init(text: String, int: Int64?, double: Double) {
            self.text = text
            self.int = int
            self.double = double
        }
    }

    private enum Representation: Sendable {
        /// The text is `String(value)`.
        case plainInteger(Int64)
        case boxed(Storage)
    }

    private let representation: Representation

    public var text: String {
        switch representation {
        case .plainInteger(let value): return String(value)
        case .boxed(let storage): return storage.text
        }
    }

    /// The value when the text is an integer that fits in 64 bits.
    public var int: Int64? {
        switch representation {
        case .plainInteger(let value): return value
        case .boxed(let storage): return storage.int
        }
    }

    public var double: Double {
        switch representation {
        case .plainInteger(let value): return Double(value)
        case .boxed(let storage): return storage.double
        }
    }

    public init(text: String, int: Int64?, double: Double) {
        if let int, double == Double(int), Self.isPlain(text, int) {
            representation = .plainInteger(int)
        } else {
            representation = .boxed(Storage(text: text, int: int, double: double))
        }
    }

    public init(_ value: Int64) {
        representation = .plainInteger(value)
    }

    public init(_ value: Int) {
        self.init(Int64(value))
    }

    /// Whether `text` is exactly how `String(value)` spells `value`: an optional minus (not on
    /// zero), then digits without a leading zero.
    private static func isPlain(_ text: String, _ value: Int64) -> Bool {
        var digits = text.utf8[...]
        if digits.first == UInt8(ascii: "-") {
            guard value < 0 else { return false }
            digits = digits.dropFirst()
        }
        guard let first = digits.first, first != UInt8(ascii: "0") || digits.count == 1,
              digits.allSatisfy({ (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) }) else { return false }
        return Int64(text) == value
    }

    public var isInteger: Bool { int != nil }
    public var description: String { text }

    public static func == (a: Number, b: Number) -> Bool {
        a.text == b.text && a.int == b.int && (a.double == b.double || (a.double.isNaN && b.double.isNaN))
    }

    public func hash(into h: inout Hasher) {
        h.combine(text)
    }
}

extension Node {
    public static func string(_ s: String) -> Node { Node(.string(s)) }
    public static func int(_ i: Int) -> Node { Node(.number(Number(i))) }
    public static func bool(_ b: Bool) -> Node { Node(.bool(b)) }
    public static func mapping(_ pairs: [(String, Node)]) -> Node {
        Node(.mapping(pairs.map { Entry(key: $0.0, value: $0.1) }))
    }
    public static func sequence(_ items: [Node]) -> Node { Node(.sequence(items)) }
    public static let null = Node(.null)

    public var stringValue: String? {
        if case .string(let s) = value { return s }
        return nil
    }

    public var boolValue: Bool? {
        if case .bool(let b) = value { return b }
        return nil
    }

    public var numberValue: Number? {
        if case .number(let n) = value { return n }
        return nil
    }

    public var intValue: Int64? { numberValue?.int }

    public var isNull: Bool {
        if case .null = value { return true }
        return false
    }

    public var sequenceValue: [Node]? {
        if case .sequence(let items) = value { return items }
        return nil
    }

    public var entries: [Entry]? {
        if case .mapping(let entries) = value { return entries }
        return nil
    }

    public var isMapping: Bool { entries != nil }

    /// The value of `key` in a mapping. Duplicate keys were resolved at parse time (last wins).
    public subscript(key: String) -> Node? {
        guard case .mapping(let entries) = value, let i = Node.index(of: key, in: entries) else { return nil }
        return entries[i].value
    }

    public func entry(_ key: String) -> Entry? {
        guard case .mapping(let entries) = value, let i = Node.index(of: key, in: entries) else { return nil }
        return entries[i]
    }

    /// Compares keys in place: iterating `for entry in entries` copies (and retains) every entry,
    /// and this runs for nearly every field access of every rule.
    @inline(__always)
    static func index(of key: String, in entries: [Entry]) -> Int? {
        var i = 0
        let n = entries.count
        while i < n {
            if entries[i].key == key { return i }
            i += 1
        }
        return nil
    }

    public subscript(index: Int) -> Node? {
        guard case .sequence(let items) = value, items.indices.contains(index) else { return nil }
        return items[index]
    }

    /// The JSON type name, as Kubernetes names it in schema errors.
    public var typeName: String {
        switch value {
        case .null: return "null"
        case .bool: return "boolean"
        case .number(let n): return n.isInteger ? "integer" : "number"
        case .string: return "string"
        case .sequence: return "array"
        case .mapping: return "object"
        }
    }

    /// A short rendering of a scalar for messages; containers are summarised.
    public var displayValue: String {
        switch value {
        case .null: return "null"
        case .bool(let b): return b ? "true" : "false"
        case .number(let n): return n.text
        case .string(let s): return "\"\(s)\""
        case .sequence(let items): return "[\(items.count) items]"
        case .mapping: return "{...}"
        }
    }

    /// A scalar as KEDA reads trigger metadata: strings as-is, numbers and booleans as written.
    public var scalarText: String? {
        switch value {
        case .string(let s): return s
        case .number(let n): return n.text
        case .bool(let b): return b ? "true" : "false"
        default: return nil
        }
    }
}

extension Node: Equatable {
    /// Semantic equality: positions and number spelling of equal integers are ignored.
    public static func == (lhs: Node, rhs: Node) -> Bool {
        switch (lhs.value, rhs.value) {
        case (.null, .null): return true
        case (.bool(let a), .bool(let b)): return a == b
        case (.number(let a), .number(let b)):
            if let x = a.int, let y = b.int { return x == y }
            return a.double == b.double
        case (.string(let a), .string(let b)): return a == b
        case (.sequence(let a), .sequence(let b)): return a == b
        case (.mapping(let a), .mapping(let b)):
            guard a.count == b.count else { return false }
            var index: [String: Node] = [:]
            for e in b { index[e.key] = e.value }
            return a.allSatisfy { index[$0.key] == $0.value }
        default: return false
        }
    }
}
