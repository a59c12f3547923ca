/// A node together with where it sits: its JSON Pointer from the object root and the position
/// of the key that introduced it. Rules navigate with it so every finding knows its path.
public struct Located: Sendable {
    public let node: Node
    public let pointer: JSONPointer
    /// Position of the mapping key that holds this node; nil for the root and for list items.
    public let keyPosition: SourcePosition?

    public init(node: Node, pointer: JSONPointer = .root, keyPosition: SourcePosition? = nil) {
        self.node = node
        self.pointer = pointer
        self.keyPosition = keyPosition
    }

    public subscript(key: String) -> Located? {
        guard let entry = node.entry(key) else { return nil }
        return Located(node: entry.value, pointer: pointer.appending(key), keyPosition: entry.keyPosition)
    }

    public subscript(index: Int) -> Located? {
        guard let item = node[index] else { return nil }
        return Located(node: item, pointer: pointer.appending(index), keyPosition: nil)
    }

    /// Follows several keys; nil as soon as one is missing.
    public func path(_ keys: String...) -> Located? {
        var current: Located? = self
        for key in keys { current = current?[key] }
        return current
    }

    /// Items of a sequence; empty for anything else.
    public var items: [Located] {
        guard let items = node.sequenceValue else { return [] }
        return items.enumerated().map { Located(node: $1, pointer: pointer.appending($0), keyPosition: nil) }
    }

    /// Entries of a mapping in document order; empty for anything else.
    public var entries: [(key: String, value: Located)] {
        guard let entries = node.entries else { return [] }
        return entries.map { ($0.key, Located(node: $0.value, pointer: pointer.appending($0.key), keyPosition: $0.keyPosition)) }
    }

    public var position: SourcePosition { node.position }
    /// Where a finding about this field as a whole (unknown or misplaced) should point.
    public var keyOrValuePosition: SourcePosition { keyPosition ?? node.position }

    public var string: String? { node.stringValue }
    public var int: Int64? { node.intValue }
    public var bool: Bool? { node.boolValue }
    public var number: Number? { node.numberValue }
    public var isNull: Bool { node.isNull }
}
