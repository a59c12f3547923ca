/// A strict RFC 8259 JSON parser that records positions, reports duplicate keys, and bounds
/// depth with an explicit stack, so hostile bodies (100k levels of nesting, huge numbers,
/// invalid UTF-8) yield a problem instead of a crash. Used for .json manifests and for
/// AdmissionReview bodies, where Foundation's decoder would lose positions and key order.
public enum JSONParser {
    public static func parse(_ text: String, limits: ParseLimits = .default) -> ParsedSource {
        var bytes = Array(text.utf8)
        return parse(bytes: &bytes, limits: limits)
    }

    public static func parse(bytes: inout [UInt8], limits: ParseLimits = .default) -> ParsedSource {
        bytes.withUnsafeBufferPointer { buffer in
            var reader = JSONReader(buffer: buffer, limits: limits)
            do throws(ParseProblem) {
                let node = try reader.parseDocument()
                return ParsedSource(documents: [ParsedDocument(index: 0, root: node, position: node.position)],
                                    problems: reader.problems)
            } catch {
                return ParsedSource(documents: [ParsedDocument(index: 0, root: nil, position: SourcePosition(line: 1, column: 1))],
                                    problems: reader.problems + [error])
            }
        }
    }

    /// Parses one JSON value, returning the first fatal problem as an error. Duplicate keys are
    /// tolerated (last wins) and returned alongside. Values at the object key paths in `skipping`
    /// (e.g. `["request", "object", "metadata", "managedFields"]`) are checked for syntax but
    /// left out of the tree, which saves building nodes nobody reads.
    public static func parseValue(bytes: UnsafeBufferPointer<UInt8>, limits: ParseLimits = .default,
                                  skipping: [[String]] = []) -> Result<(Node, [ParseProblem]), ParseProblem> {
        precondition(skipping.count <= JSONReader.maxSkipPaths, "at most \(JSONReader.maxSkipPaths) skipped paths")
        var reader = JSONReader(buffer: bytes, limits: limits)
        reader.skipPaths = skipping
        do throws(ParseProblem) {
            let node = try reader.parseDocument()
            return .success((node, reader.problems))
        } catch {
            return .failure(error)
        }
    }
}

extension ParseProblem: Error {}

/// The parser's state. Errors are typed throws rather than `Result`s: in the per-value loop,
/// wrapping and unwrapping a `Result` of a 40-byte problem cost more than the parsing around it.
struct JSONReader {
    let buffer: UnsafeBufferPointer<UInt8>
    let limits: ParseLimits
    var offset = 0
    var line = 1
    var column = 1
    var problems: [ParseProblem] = []
    var nodeCount = 0
    /// Object key paths whose values are checked for syntax but not kept.
    var skipPaths: [[String]] = []
    /// Frames track which skipped paths they lie on in a 64-bit set.
    static let maxSkipPaths = 64

    init(buffer: UnsafeBufferPointer<UInt8>, limits: ParseLimits) {
        self.buffer = buffer
        self.limits = limits
    }

    /// A container still open. Its children wait on the reader's shared child stacks from
    /// `firstEntry` or `firstItem` on, and move into an exactly sized array when it closes.
    /// An object's key being read waits there too, as an entry whose value is not set yet.
    /// Nothing here is reference counted, so frames copy for free.
    struct Frame {
        var isObject: Bool
        /// Whether the innermost entry of the reader's key index stack is this object's.
        var hasKeyIndex = false
        var start: SourcePosition
        var firstEntry: Int
        var firstItem: Int
        /// The skipped paths (bit i for `skipPaths[i]`) that lead through this object and go on
        /// below it: only their next key has to be compared for each of its values.
        var skipCandidates: UInt64 = 0

        /// Objects this large get a key index: below that, comparing key prints is cheaper
        /// than hashing every key.
        static let indexThreshold = 32
    }

    var position: SourcePosition { SourcePosition(line: line, column: column) }

    func error(_ message: String, at pos: SourcePosition? = nil) -> ParseProblem {
        ParseProblem(code: .jsonSyntax, message: "JSON syntax error: \(message)", position: pos ?? position)
    }

    @inline(__always) mutating func advance() {
        let b = buffer[offset]
        offset += 1
        if b == 0x0A {
            line += 1
            column = 1
        } else if b & 0xC0 != 0x80 {
            column += 1
        }
    }

    @inline(__always) mutating func skipWhitespace() {
        // Bodies from kube-apiserver are compact: most calls see no whitespace at all.
        while offset < buffer.count, buffer[offset] <= 0x20 {
            switch buffer[offset] {
            case 0x20, 0x09, 0x0D:
                offset += 1
                column += 1
            case 0x0A:
                offset += 1
                line += 1
                column = 1
            default: return
            }
        }
    }

    mutating func parseDocument() throws(ParseProblem) -> Node {
        // A UTF-8 byte order mark is tolerated, as Kubernetes' decoder does.
        if buffer.count >= 3, buffer[0] == 0xEF, buffer[1] == 0xBB, buffer[2] == 0xBF { offset = 3 }
        skipWhitespace()
        let node = try parseValueIteratively()
        skipWhitespace()
        if offset < buffer.count {
            throw error("unexpected \(describe(buffer[offset])) after the end of the JSON value")
        }
        return node
    }

    func describe(_ byte: UInt8) -> String {
        if byte >= 0x20 && byte < 0x7F { return "character '\(Character(UnicodeScalar(byte)))'" }
        return "byte 0x\(String(byte, radix: 16))"
    }

    mutating func parseValueIteratively() throws(ParseProblem) -> Node {
        // The innermost open container lives in `current`, its ancestors in `parents`: the
        // innermost one is touched for every value, and a local is cheaper than an array slot.
        var parents: [Frame] = []
        var current = Frame(isObject: false, start: .unknown, firstEntry: 0, firstItem: 0)
        var depth = 0
        var items = ChildStack<Node>(capacity: 32)
        var entries = ChildStack<Node.Entry>(capacity: 64)
        var keyPrints: [UInt64] = [] // one per entry
        keyPrints.reserveCapacity(64)
        var keyIndexes: [[String: Int]] = []

        while true {
            skipWhitespace()
            guard offset < buffer.count else { throw error("unexpected end of input") }
            var completed: Node
            let start = position
            let byte = buffer[offset]
            var skipped = false
            var childSkipCandidates: UInt64 = 0
            if depth == 0 {
                if !skipPaths.isEmpty { (skipped, childSkipCandidates) = rootSkip() }
            } else if current.skipCandidates != 0 {
                (skipped, childSkipCandidates) = skip(key: entries[entries.count - 1].key, depth: depth, candidates: current.skipCandidates)
            }
            if skipped {
                try skipValue(depth: depth)
                completed = Node(.null, at: start)
            } else {
                switch byte {
                case UInt8(ascii: "{"), UInt8(ascii: "["):
                    guard depth < limits.maxDepth else {
                        throw ParseProblem(code: .tooDeep, message: "nesting is deeper than \(limits.maxDepth) levels", position: start)
                    }
                    advance()
                    let isObject = byte == UInt8(ascii: "{")
                    skipWhitespace()
                    if offset < buffer.count, buffer[offset] == (isObject ? UInt8(ascii: "}") : UInt8(ascii: "]")) {
                        advance()
                        completed = Node(isObject ? .mapping([]) : .sequence([]), at: start)
                        break
                    }
                    // Skipped paths name object keys only, so none goes on into an array.
                    let frame = Frame(isObject: isObject, start: start, firstEntry: entries.count, firstItem: items.count,
                                      skipCandidates: isObject ? childSkipCandidates : 0)
                    if isObject { try readKey(into: &entries, prints: &keyPrints) }
                    if depth > 0 { parents.append(current) }
                    current = frame
                    depth += 1
                    continue
                case UInt8(ascii: "\""):
                    completed = Node(.string(try readString()), at: start)
                case UInt8(ascii: "t"):
                    guard consumeLiteral("true") else { throw error("invalid literal; expected true") }
                    completed = Node(.bool(true), at: start)
                case UInt8(ascii: "f"):
                    guard consumeLiteral("false") else { throw error("invalid literal; expected false") }
                    completed = Node(.bool(false), at: start)
                case UInt8(ascii: "n"):
                    guard consumeLiteral("null") else { throw error("invalid literal; expected null") }
                    completed = Node(.null, at: start)
                case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
                    completed = Node(.number(try readNumber()), at: start)
                default:
                    throw error("unexpected \(describe(byte))")
                }
            }

            // Attach the completed value and close every container that ends here.
            while true {
                nodeCount += 1
                if nodeCount > limits.maxNodesPerDocument {
                    throw ParseProblem(code: .tooManyNodes, message: "more than \(limits.maxNodesPerDocument) values", position: completed.position)
                }
                guard depth > 0 else { return completed }
                if current.isObject {
                    let pending = entries.count - 1
                    if skipped {
                        // A value left out on purpose: checked, not kept.
                        skipped = false
                        _ = entries.popLast()
                        keyPrints.removeLast()
                    } else if let existing = index(ofKeyAt: pending, in: current, entries: entries, prints: keyPrints,
                                                   keyIndex: current.hasKeyIndex ? keyIndexes[keyIndexes.count - 1] : nil) {
                        var entry = entries.popLast()
                        let print = keyPrints.removeLast()
                        let first = entries[existing].keyPosition
                        problems.append(ParseProblem(code: .duplicateKey,
                                                     message: "duplicate key \"\(entry.key)\" (first defined at line \(first.line)); Kubernetes keeps only the last value",
                                                     position: entry.keyPosition))
                        entry.value = consume completed
                        entries[existing] = entry
                        keyPrints[existing] = print
                    } else {
                        let count = pending - current.firstEntry
                        if current.hasKeyIndex {
                            keyIndexes[keyIndexes.count - 1][entries[pending].key] = count
                        } else if count == Frame.indexThreshold {
                            keyIndexes.append(makeKeyIndex(entries, from: current.firstEntry))
                            current.hasKeyIndex = true
                        }
                        entries[pending].value = consume completed
                    }
                } else if skipped {
                    skipped = false
                } else {
                    items.push(consume completed)
                }
                skipWhitespace()
                guard offset < buffer.count else { throw error("unexpected end of input inside \(current.isObject ? "an object" : "an array")") }
                let next = buffer[offset]
                if next == UInt8(ascii: ",") {
                    advance()
                    if current.isObject {
                        skipWhitespace()
                        try readKey(into: &entries, prints: &keyPrints)
                    }
                    break
                }
                let closer = current.isObject ? UInt8(ascii: "}") : UInt8(ascii: "]")
                guard next == closer else {
                    throw error("expected ',' or '\(Character(UnicodeScalar(closer)))', found \(describe(next))")
                }
                advance()
                if current.isObject {
                    keyPrints.removeLast(keyPrints.count - current.firstEntry)
                    if current.hasKeyIndex { keyIndexes.removeLast() }
                    completed = Node(.mapping(entries.popArray(from: current.firstEntry)), at: current.start)
                } else {
                    completed = Node(.sequence(items.popArray(from: current.firstItem)), at: current.start)
                }
                depth -= 1
                if depth > 0 { current = parents.removeLast() }
            }
        }
    }

    /// Where the key of the entry at `pending` already appears in its object. Key prints rule out
    /// most entries without comparing strings; strings are still compared, because Swift's `==`
    /// (like the key index) treats canonically equivalent spellings as the same key.
    func index(ofKeyAt pending: Int, in frame: Frame, entries: borrowing ChildStack<Node.Entry>,
               prints: [UInt64], keyIndex: [String: Int]?) -> Int? {
        if let keyIndex { return keyIndex[entries[pending].key].map { $0 + frame.firstEntry } }
        let print = prints[pending]
        var i = frame.firstEntry
        while i < pending {
            let other = prints[i]
            if other == print || other == JSONReader.unprintedKey || print == JSONReader.unprintedKey,
               entries[i].key == entries[pending].key {
                return i
            }
            i += 1
        }
        return nil
    }

    /// Maps every key of the object starting at `first`, the pending one included, to its
    /// place in the object.
    func makeKeyIndex(_ entries: borrowing ChildStack<Node.Entry>, from first: Int) -> [String: Int] {
        var index: [String: Int] = [:]
        index.reserveCapacity((entries.count - first) * 2)
        for i in first..<entries.count { index[entries[i].key] = i - first }
        return index
    }

    /// Reads `"key"` and the colon after it, and pushes an entry for it whose value is not set yet.
    mutating func readKey(into entries: inout ChildStack<Node.Entry>, prints: inout [UInt64]) throws(ParseProblem) {
        let pos = position
        guard offset < buffer.count, buffer[offset] == UInt8(ascii: "\"") else {
            throw error(offset < buffer.count ? "expected a string key, found \(describe(buffer[offset]))" : "unexpected end of input; expected a key")
        }
        let (key, print) = try readString { bytes, isPlainASCII in
            guard isPlainASCII else { return String(validating: bytes, as: UTF8.self).map { ($0, JSONReader.unprintedKey) } }
            return (String(decoding: bytes, as: UTF8.self), JSONReader.keyPrint(bytes))
        }
        skipWhitespace()
        guard offset < buffer.count, buffer[offset] == UInt8(ascii: ":") else {
            throw error("expected ':' after key \"\(key)\"")
        }
        advance()
        entries.push(Node.Entry(key: key, keyPosition: pos, value: Node(.null, at: pos)))
        prints.append(print)
    }

    /// The print of keys that are not plain ASCII: those are always compared as strings.
    static let unprintedKey: UInt64 = 0

    /// Length and first and last eight bytes of an ASCII key, never `unprintedKey`. Equal keys
    /// have equal prints; different keys of one object almost never do.
    @inline(__always) static func keyPrint(_ bytes: UnsafeBufferPointer<UInt8>) -> UInt64 {
        let count = bytes.count
        var print = UInt64(truncatingIfNeeded: count) | 1 << 63
        guard let base = UnsafeRawPointer(bytes.baseAddress) else { return print }
        if count >= 8 {
            let first = base.loadUnaligned(as: UInt64.self)
            let last = base.loadUnaligned(fromByteOffset: count - 8, as: UInt64.self)
            print ^= first &* 0x9E37_79B9_7F4A_7C15 ^ last
        } else {
            for i in 0..<count { print ^= UInt64(bytes[i]) << (8 * UInt64(i)) }
        }
        return print | 1
    }
}
