/// A node together with where it sits: its JSON Pointer from the object root and the position
/// of the key that introduced it. Rules navigate with it so every finding knows its path.
///
/// The path is a parent-linked chain, built into a `JSONPointer` only when a finding needs it:
/// walking a whole object (schema validation) then costs one small allocation per container
/// instead of copying the path array at every level. A container gets its link when it is
/// reached, so all its children share it; a scalar keeps its own token inline, so the common
/// access that ends at a scalar (`trigger["type"]?.string`) allocates nothing.
public struct Located: Sendable {
    public let node: Node
    private let path: Path
    /// Position of the mapping key that holds this node; nil for the root and for list items.
    public let keyPosition: SourcePosition?

    private enum Path: Sendable {
        case root
        /// The chain to this node, its own token included (containers).
        case linked(PathLink)
        /// The chain to the parent and this node's own token (scalars).
        case leaf(parent: PathLink?, token: String)
    }

    public init(node: Node, pointer: JSONPointer = .root, keyPosition: SourcePosition? = nil) {
        self.node = node
        var link: PathLink?
        for token in pointer.tokens { link = PathLink(parent: link, token: token) }
        self.path = link.map { .linked($0) } ?? .root
        self.keyPosition = keyPosition
    }

    /// A child of the node this link leads to.
    private init(child node: Node, of parent: PathLink?, token: String, keyPosition: SourcePosition?) {
        self.node = node
        switch node.value {
        case .mapping, .sequence: self.path = .linked(PathLink(parent: parent, token: token))
        default: self.path = .leaf(parent: parent, token: token)
        }
        self.keyPosition = keyPosition
    }

    /// The chain to this node, which its children hang from.
    private var link: PathLink? {
        switch path {
        case .root: return nil
        case .linked(let link): return link
        case .leaf(let parent, let token): return PathLink(parent: parent, token: token)
        }
    }

    public var pointer: JSONPointer {
        var tokens: [String] = []
        var current: PathLink?
        switch path {
        case .root: return .root
        case .linked(let link): current = link
        case .leaf(let parent, let token):
            tokens.append(token)
            current = parent
        }
        while let l = current {
            tokens.append(l.token)
            current = l.parent
        }
        return JSONPointer(tokens: tokens.reversed())
    }

    public subscript(key: String) -> Located? {
        guard let entry = node.entry(key) else { return nil }
        return Located(child: entry.value, of: link, token: key, keyPosition: entry.keyPosition)
    }

    public subscript(index: Int) -> Located? {
        guard let item = node[index] else { return nil }
        return Located(child: item, of: link, token: String(index), keyPosition: nil)
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
        return items.enumerated().map { Located(child: $1, of: link, token: String($0), keyPosition: nil) }
    }

    /// Entries of a mapping in document order; empty for anything else.
    public var entries: [(key: String, value: Located)] {
        guard let entries = node.entries else { return [] }
        let link = self.link
        return entries.map { ($0.key, Located(child: $0.value, of: link, token: $0.key, keyPosition: $0.keyPosition)) }
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
