import Foundation

/// One RFC 6902 operation.
public struct JSONPatchOperation: Sendable, Equatable, CustomStringConvertible {
    public enum Op: String, Sendable, CaseIterable {
        case add, remove, replace, move, copy, test
    }

    public var op: Op
    public var path: JSONPointer
    /// For add, replace and test.
    public var value: Node?
    /// For move and copy.
    public var from: JSONPointer?

    public init(op: Op, path: JSONPointer, value: Node? = nil, from: JSONPointer? = nil) {
        self.op = op
        self.path = path
        self.value = value
        self.from = from
    }

    public static func add(_ path: JSONPointer, _ value: Node) -> JSONPatchOperation { .init(op: .add, path: path, value: value) }
    public static func remove(_ path: JSONPointer) -> JSONPatchOperation { .init(op: .remove, path: path) }
    public static func replace(_ path: JSONPointer, _ value: Node) -> JSONPatchOperation { .init(op: .replace, path: path, value: value) }

    public var description: String { JSONWriter.write(node) }

    /// The operation as a JSON object, keys in the order RFC 6902's examples use.
    public var node: Node {
        var pairs: [(String, Node)] = [("op", .string(op.rawValue))]
        if let from { pairs.append(("from", .string(from.description))) }
        pairs.append(("path", .string(path.description)))
        if let value { pairs.append(("value", value)) }
        return .mapping(pairs)
    }
}

public enum JSONPatchError: Error, Sendable, Equatable, CustomStringConvertible {
    case malformed(String)
    case pathNotFound(JSONPointer)
    case invalidIndex(JSONPointer)
    case notAContainer(JSONPointer)
    case testFailed(JSONPointer)
    case moveIntoItself(JSONPointer)

    public var description: String {
        switch self {
        case .malformed(let m): return "malformed patch: \(m)"
        case .pathNotFound(let p): return "no value at \"\(p)\""
        case .invalidIndex(let p): return "invalid array index in \"\(p)\""
        case .notAContainer(let p): return "the parent of \"\(p)\" is neither an object nor an array"
        case .testFailed(let p): return "test failed at \"\(p)\""
        case .moveIntoItself(let p): return "cannot move a value into its own child \"\(p)\""
        }
    }
}

/// RFC 6902 JSON Patch: a minimal diff between two documents, encoding, decoding and applying.
public enum JSONPatch {
    // MARK: Diff

    /// Operations that turn `before` into `after`. Only what differs is touched: unchanged keys and
    /// items produce nothing, so a patch never rewrites fields it did not change. Arrays are compared
    /// item by item; extra items are removed from the end or added at their index.
    public static func diff(from before: Node, to after: Node) -> [JSONPatchOperation] {
        var ops: [JSONPatchOperation] = []
        diff(before, after, at: .root, into: &ops)
        return ops
    }

    private static func diff(_ a: Node, _ b: Node, at pointer: JSONPointer, into ops: inout [JSONPatchOperation]) {
        switch (a.value, b.value) {
        case (.mapping(let aEntries), .mapping(let bEntries)):
            var bIndex: [String: Node] = [:]
            bIndex.reserveCapacity(bEntries.count)
            for e in bEntries { bIndex[e.key] = e.value }
            var aKeys = Set<String>()
            aKeys.reserveCapacity(aEntries.count)
            for e in aEntries {
                aKeys.insert(e.key)
                if let other = bIndex[e.key] {
                    diff(e.value, other, at: pointer.appending(e.key), into: &ops)
                } else {
                    ops.append(.remove(pointer.appending(e.key)))
                }
            }
            for e in bEntries where !aKeys.contains(e.key) {
                ops.append(.add(pointer.appending(e.key), e.value))
            }
        case (.sequence(let aItems), .sequence(let bItems)):
            let common = min(aItems.count, bItems.count)
            for i in 0..<common {
                diff(aItems[i], bItems[i], at: pointer.appending(i), into: &ops)
            }
            if aItems.count > bItems.count {
                // From the end, so earlier indices stay valid.
                for i in stride(from: aItems.count - 1, through: bItems.count, by: -1) {
                    ops.append(.remove(pointer.appending(i)))
                }
            } else {
                for i in aItems.count..<bItems.count {
                    ops.append(.add(pointer.appending(i), bItems[i]))
                }
            }
        default:
            if !sameScalar(a, b) { ops.append(.replace(pointer, b)) }
        }
    }

    /// Scalars compare by value and by kind: `1` and `"1"` differ, `5` and `5.0` do not.
    private static func sameScalar(_ a: Node, _ b: Node) -> Bool {
        switch (a.value, b.value) {
        case (.mapping, _), (.sequence, _), (_, .mapping), (_, .sequence): return false
        default: return a == b
        }
    }

    // MARK: Encoding

    public static func encode(_ ops: [JSONPatchOperation]) -> String {
        JSONWriter.write(.sequence(ops.map(\.node)))
    }

    /// The patch as kube-apiserver wants it in `response.patch`: base64 of the JSON array.
    public static func base64(_ ops: [JSONPatchOperation]) -> String {
        Data(encode(ops).utf8).base64EncodedString()
    }

    public static func decode(_ node: Node) throws(JSONPatchError) -> [JSONPatchOperation] {
        guard let items = node.sequenceValue else { throw .malformed("a patch must be a JSON array") }
        var ops: [JSONPatchOperation] = []
        for (i, item) in items.enumerated() {
            guard item.isMapping else { throw .malformed("operation \(i) is not an object") }
            guard let opText = item["op"]?.stringValue, let op = JSONPatchOperation.Op(rawValue: opText) else {
                throw .malformed("operation \(i) has no valid \"op\"")
            }
            guard let pathText = item["path"]?.stringValue, let path = try? JSONPointer(parsing: pathText) else {
                throw .malformed("operation \(i) has no valid \"path\"")
            }
            var operation = JSONPatchOperation(op: op, path: path)
            switch op {
            case .add, .replace, .test:
                guard let value = item["value"] else { throw .malformed("operation \(i) (\(opText)) needs a \"value\"") }
                operation.value = value
            case .move, .copy:
                guard let fromText = item["from"]?.stringValue, let from = try? JSONPointer(parsing: fromText) else {
                    throw .malformed("operation \(i) (\(opText)) needs a valid \"from\"")
                }
                operation.from = from
            case .remove:
                break
            }
            ops.append(operation)
        }
        return ops
    }

    /// Decodes the base64 `response.patch` of an AdmissionReview.
    public static func decode(base64 text: String) throws(JSONPatchError) -> [JSONPatchOperation] {
        guard let data = Data(base64Encoded: text) else { throw .malformed("the patch is not valid base64") }
        var bytes = [UInt8](data)
        let parsed = JSONParser.parse(bytes: &bytes)
        guard parsed.problems.isEmpty, let root = parsed.documents.first?.root else {
            throw .malformed("the patch is not valid JSON: \(parsed.problems.first?.message ?? "empty")")
        }
        return try decode(root)
    }

    // MARK: Apply

    /// Applies the operations in order; the document is unchanged if any operation fails.
    public static func apply(_ ops: [JSONPatchOperation], to document: Node) throws(JSONPatchError) -> Node {
        var doc = document
        for op in ops {
            switch op.op {
            case .add:
                try add(op.value!, at: op.path, in: &doc)
            case .remove:
                _ = try remove(at: op.path, in: &doc)
            case .replace:
                guard doc.resolve(op.path) != nil else { throw .pathNotFound(op.path) }
                if op.path.tokens.isEmpty { doc = op.value!; continue }
                _ = try remove(at: op.path, in: &doc)
                try add(op.value!, at: op.path, in: &doc)
            case .move:
                let from = op.from!
                if from == op.path { guard doc.resolve(from) != nil else { throw .pathNotFound(from) }; continue }
                if op.path.tokens.count > from.tokens.count, Array(op.path.tokens.prefix(from.tokens.count)) == from.tokens {
                    throw .moveIntoItself(op.path)
                }
                let value = try remove(at: from, in: &doc)
                try add(value, at: op.path, in: &doc)
            case .copy:
                guard let value = doc.resolve(op.from!) else { throw .pathNotFound(op.from!) }
                try add(value, at: op.path, in: &doc)
            case .test:
                guard let value = doc.resolve(op.path) else { throw .pathNotFound(op.path) }
                // Node equality is RFC 6902's: same type, numbers by value, objects ignoring key order.
                guard value == op.value! else { throw .testFailed(op.path) }
            }
        }
        return doc
    }

    /// An array index token: digits without leading zeros.
    private static func index(_ token: String, count: Int, allowEnd: Bool, pointer: JSONPointer) throws(JSONPatchError) -> Int {
        if allowEnd, token == "-" { return count }
        guard !token.isEmpty, token.utf8.allSatisfy({ $0 >= 48 && $0 <= 57 }), token == "0" || !token.hasPrefix("0"),
              let i = Int(token) else { throw .invalidIndex(pointer) }
        guard i <= count - (allowEnd ? 0 : 1) else { throw .invalidIndex(pointer) }
        return i
    }

    private static func add(_ value: Node, at pointer: JSONPointer, in doc: inout Node) throws(JSONPatchError) {
        guard let last = pointer.tokens.last else {
            doc = value
            return
        }
        try modifyParent(of: pointer, in: &doc) { (parent: inout Node) throws(JSONPatchError) in
            switch parent.value {
            case .mapping(var entries):
                if let i = entries.firstIndex(where: { $0.key == last }) {
                    entries[i].value = value
                } else {
                    entries.append(Node.Entry(key: last, value: value))
                }
                parent.value = .mapping(entries)
            case .sequence(var items):
                let i = try index(last, count: items.count, allowEnd: true, pointer: pointer)
                items.insert(value, at: i)
                parent.value = .sequence(items)
            default:
                throw .notAContainer(pointer)
            }
        }
    }

    @discardableResult
    private static func remove(at pointer: JSONPointer, in doc: inout Node) throws(JSONPatchError) -> Node {
        guard let last = pointer.tokens.last else { throw .malformed("cannot remove the whole document") }
        var removed: Node?
        try modifyParent(of: pointer, in: &doc) { (parent: inout Node) throws(JSONPatchError) in
            switch parent.value {
            case .mapping(var entries):
                guard let i = entries.firstIndex(where: { $0.key == last }) else { throw .pathNotFound(pointer) }
                removed = entries.remove(at: i).value
                parent.value = .mapping(entries)
            case .sequence(var items):
                let i = try index(last, count: items.count, allowEnd: false, pointer: pointer)
                removed = items.remove(at: i)
                parent.value = .sequence(items)
            default:
                throw .notAContainer(pointer)
            }
        }
        return removed!
    }

    /// Runs `body` on the container that holds the last token of `pointer`.
    private static func modifyParent(of pointer: JSONPointer, in doc: inout Node,
                                     _ body: (inout Node) throws(JSONPatchError) -> Void) throws(JSONPatchError) {
        try descend(&doc, tokens: pointer.tokens.dropLast(), pointer: pointer, body)
    }

    private static func descend(_ node: inout Node, tokens: ArraySlice<String>, pointer: JSONPointer,
                                _ body: (inout Node) throws(JSONPatchError) -> Void) throws(JSONPatchError) {
        guard let first = tokens.first else {
            try body(&node)
            return
        }
        switch node.value {
        case .mapping(var entries):
            guard let i = entries.firstIndex(where: { $0.key == first }) else { throw .pathNotFound(pointer) }
            try descend(&entries[i].value, tokens: tokens.dropFirst(), pointer: pointer, body)
            node.value = .mapping(entries)
        case .sequence(var items):
            let i = try index(first, count: items.count, allowEnd: false, pointer: pointer)
            try descend(&items[i], tokens: tokens.dropFirst(), pointer: pointer, body)
            node.value = .sequence(items)
        default:
            throw .pathNotFound(pointer)
        }
    }
}
