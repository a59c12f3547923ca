/// A node together with where it sits: its JSON Pointer from the object root and the position
/// of the key that introduced it. Rules navigate with it so every finding knows its path.
///
/// The path is a parent-linked chain, built into a `JSONPointer` only when a finding needs it:
/// walking a whole object (schema validation) then costs one small allocation per step instead
/// of copying the path array at every level. The last step is kept inline and only becomes a
/// link when a child of this node is reached: most accesses end at a scalar
/// (`trigger["type"]?.string`), and those allocate nothing.
public struct Located: Sendable {
    public let node: Node
    /// The path up to, not including, this node's own token.
    private let parentLink: PathLink?
    /// This node's own token; nil for the root.
    private let token: String?
    /// Position of the mapping key that holds this node; nil for the root and for list items.
    public let keyPosition: SourcePosition?

    public init(node: Node, pointer: JSONPointer = .root, keyPosition: SourcePosition? = nil) {
        self.node = node
        var link: PathLink?
        for token in pointer.tokens.dropLast() { link = PathLink(parent: link, token: token) }
        self.parentLink = link
        self.token = pointer.tokens.last
        self.keyPosition = keyPosition
    }

    private init(node: Node, parentLink: PathLink?, token: String, keyPosition: SourcePosition?) {
        self.node = node
        self.parentLink = parentLink
        self.token = token
        self.keyPosition = keyPosition
    }

    /// The chain to this node, which its children hang from.
    private var link: PathLink? {
        guard let token else { return parentLink }
        return PathLink(parent: parentLink, token: token)
    }

    public var pointer: JSONPointer {
        var tokens: [String] = []
        if let token { tokens.append(token) }
        var current = parentLink
        while let l = current {
            tokens.append(l.token)
            current = l.parent
        }
        return JSONPointer(tokens: tokens.reversed())
    }

    public subscript(key: String) -> Located? {
        guard let entry = node.entry(key) else { return nil }
        return Located(node: entry.value, parentLink: link, token: key, keyPosition: entry.keyPosition)
    }

    public subscript(index: Int) -> Located? {
        guard let item = node[index] else { return nil }
        return Located(node: item, parentLink: link, token: String(index), keyPosition: nil)
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
        let link = self.link
        return items.enumerated().map { Located(node: $1, parentLink: link, token: String($0), keyPosition: nil) }
    }

    /// Entries of a mapping in document order; empty for anything else.
    public var entries: [(key: String, value: Located)] {
        guard let entries = node.entries else { return [] }
        let link = self.link
        return entries.map { ($0.key, Located(node: $0.value, parentLink: link, token: $0.key, keyPosition: $0.keyPosition)) }
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

private final class PathLink: Sendable {
    let parent: PathLink?
    let token: String

    init(parent: PathLink?, token: String) {
        self.parent = parent
        self.token = token
    }
}
