/// A node together with where it sits: its JSON Pointer from the object root and the position
/// of the key that introduced it. Rules navigate with it so every finding knows its path.
///
/// The path is kept as the child indexes taken below an anchor (the root, usually), packed into
/// two words, and spelled out as a `JSONPointer` only when a finding needs it: keys are read back
/// from the anchor's node then. So descending allocates nothing and copying a `Located` retains
/// only its node and the anchor. (A chain of one object per container reached, which this
/// replaces, cost an allocation and a release chain for nearly every field a rule looked at.)
/// Past eight steps, or at an index that does not fit in 16 bits, the path so far is spelled out
/// into a new anchor. The anchor holds its node, so a `Located` keeps its whole object alive, as
/// the `KubeObject` it came from does anyway.
public struct Located: Sendable {
    public let node: Node
    private let anchor: PathAnchor
    private let steps: Steps
    /// Position of the mapping key that holds this node; nil for the root and for list items.
    public let keyPosition: SourcePosition?

    public init(node: Node, pointer: JSONPointer = .root, keyPosition: SourcePosition? = nil) {
        self.node = node
        self.anchor = PathAnchor(tokens: pointer.tokens, node: node)
        self.steps = Steps()
        self.keyPosition = keyPosition
    }

    /// The child at `index` of `parent`'s node (an entry index for a mapping, an item index for a
    /// sequence).
    private init(child node: Node, at index: Int, of parent: Located, keyPosition: SourcePosition?) {
        self.node = node
        if let steps = parent.steps.appending(index) {
            self.anchor = parent.anchor
            self.steps = steps
        } else {
            let token: String
            switch parent.node.value {
            case .mapping(let entries): token = entries[index].key
            default: token = String(index)
            }
            self.anchor = PathAnchor(tokens: parent.tokens + [token], node: node)
            self.steps = Steps()
        }
        self.keyPosition = keyPosition
    }

    /// The path's tokens: the anchor's, then the keys and indexes of the steps below it.
    private var tokens: [String] {
        var tokens = anchor.tokens
        var current = anchor.node
        for i in 0..<steps.count {
            let index = steps[i]
            switch current.value {
            case .mapping(let entries):
                tokens.append(entries[index].key)
                current = entries[index].value
            case .sequence(let items):
                tokens.append(String(index))
                current = items[index]
            default:
                preconditionFailure("a step leads into a container")
            }
        }
        return tokens
    }

    public var pointer: JSONPointer {
        steps.count == 0 && anchor.tokens.isEmpty ? .root : JSONPointer(tokens: tokens)
    }

    public subscript(key: String) -> Located? {
        guard case .mapping(let entries) = node.value, let i = Node.index(of: key, in: entries) else { return nil }
        return Located(child: entries[i].value, at: i, of: self, keyPosition: entries[i].keyPosition)
    }

    public subscript(index: Int) -> Located? {
        guard case .sequence(let items) = node.value, items.indices.contains(index) else { return nil }
        return Located(child: items[index], at: index, of: self, keyPosition: nil)
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
        return items.enumerated().map { Located(child: $1, at: $0, of: self, keyPosition: nil) }
    }

    /// Entries of a mapping in document order; empty for anything else.
    public var entries: [(key: String, value: Located)] {
        guard let entries = node.entries else { return [] }
        return entries.enumerated().map { ($1.key, Located(child: $1.value, at: $0, of: self, keyPosition: $1.keyPosition)) }
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

/// Where a path is spelled out: the tokens to a node, and the node, from which the steps of
/// the `Located` values below it are read back.
private final class PathAnchor: Sendable {
    let tokens: [String]
    let node: Node

    init(tokens: [String], node: Node) {
        self.tokens = tokens
        self.node = node
    }
}

/// Up to eight child indexes of 16 bits each, the first in the low bits of `low`.
private struct Steps: Sendable {
    private var low: UInt64 = 0
    private var high: UInt64 = 0
    private var stored: UInt8 = 0

    var count: Int { Int(stored) }

    subscript(i: Int) -> Int {
        let word = i < 4 ? low : high
        return Int(truncatingIfNeeded: (word >> UInt64((i & 3) * 16)) & 0xFFFF)
    }

    /// These steps and one more; nil when eight are taken or `index` needs more than 16 bits.
    func appending(_ index: Int) -> Steps? {
        guard count < 8, index >= 0, index <= 0xFFFF else { return nil }
        var next = self
        let bits = UInt64(index) << UInt64((count & 3) * 16)
        if count < 4 { next.low |= bits } else { next.high |= bits }
        next.stored += 1
        return next
    }
}
