/// A node together with where it sits: its JSON Pointer from the object root and the position
/// of the key that introduced it. Rules navigate with it so every finding knows its path.
///
/// The path is a parent-linked chain, built into a `JSONPointer` only when a finding needs it:
/// walking a whole object (schema validation) then costs one small allocation per step instead
/// of copying the path array at every level.
public struct Located: Sendable {
    public let node: Node
    private let link: PathLink?
    /// Position of the mapping key that holds this node; nil for the root and for list items.
    public let keyPosition: SourcePosition?

    public init(node: Node, pointer: JSONPointer = .root, keyPosition: SourcePosition? = nil) {
        self.node = node
        var link: PathLink?
        for token in pointer.tokens { link = PathLink(parent: link, token: token) }
        self.link = link
        self.keyPosition = keyPosition
    }

    private init(node: Node, link: PathLink?, keyPosition: SourcePosition?) {
        self.node = node
        self.link = link
        self.keyPosition = keyPosition
    }

    public var pointer: JSONPointer {
        var tokens: [String] = []
        var current = link
        while let l = current {
            tokens.append(l.token)
            current = l.parent
        }
        return JSONPointer(tokens: tokens.reversed())
    }

    public subscript(key: String) -> Located? {
        guard let entry = node.entry(key) else { return nil }
        return Located(node: entry.value, link: PathLink(parent: link, token: key), keyPosition: entry.keyPosition)
    }

    public subscript(index: Int) -> Located? {
        guard let item = node[index] else { return nil }
        return Located(node: item, link: PathLink(parent: link, token: String(index)), keyPosition: nil)
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
        return items.enumerated().map { Located(node: $1, link: PathLink(parent: link, token: String($0)), keyPosition: nil) }
    }

    /// Entries of a mapping in document order; empty for anything else.
    public var entries: [(key: String, value: Located)] {
        guard let entries = node.entries else { return [] }
        return entries.map { ($0.key, Located(node: $0.value, link: PathLink(parent: link, token: $0.key), keyPosition: $0.keyPosition)) }
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
