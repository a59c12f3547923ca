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
            switch reader.parseDocument() {
            case .success(let node):
                return ParsedSource(documents: [ParsedDocument(index: 0, root: node, position: node.position)],
                                    problems: reader.problems)
            case .failure(let problem):
                return ParsedSource(documents: [ParsedDocument(index: 0, root: nil, position: SourcePosition(line: 1, column: 1))],
                                    problems: reader.problems + [problem])
            }
        }
    }

    /// Parses one JSON value, returning the first fatal problem as an error. Duplicate keys are
    /// tolerated (last wins) and returned alongside. Values at the object key paths in `skipping`
    /// (e.g. `["request", "object", "metadata", "managedFields"]`) are checked for syntax but
    /// left out of the tree, which saves building nodes nobody reads.
    public static func parseValue(bytes: UnsafeBufferPointer<UInt8>, limits: ParseLimits = .default,
                                  skipping: [[String]] = []) -> Result<(Node, [ParseProblem]), ParseProblem> {
        var reader = JSONReader(buffer: bytes, limits: limits)
        reader.skipPaths = skipping
        reader.maxSkipDepth = skipping.map(\.count).max() ?? 0
        switch reader.parseDocument() {
        case .success(let node): return .success((node, reader.problems))
        case .failure(let p): return .failure(p)
        }
    }
}

extension ParseProblem: Error {}

private struct JSONReader {
    let buffer: UnsafeBufferPointer<UInt8>
    let limits: ParseLimits
    var offset = 0
    var line = 1
    var column = 1
    var problems: [ParseProblem] = []
    var nodeCount = 0
    /// Object key paths whose values are checked for syntax but not kept.
    var skipPaths: [[String]] = []
    var maxSkipDepth = 0

    init(buffer: UnsafeBufferPointer<UInt8>, limits: ParseLimits) {
        self.buffer = buffer
        self.limits = limits
    }

    struct Frame {
        var isObject: Bool
        var start: SourcePosition
        var items: [Node] = []
        var entries: [Node.Entry] = []
        /// Built only for large objects: hashing every key of every small object cost more
        /// than comparing a handful of keys.
        var keyIndex: [String: Int]?
        var key: (String, SourcePosition)?

        static let indexThreshold = 16

        func index(of key: String) -> Int? {
            if let keyIndex { return keyIndex[key] }
            return entries.firstIndex { $0.key == key }
        }

        mutating func append(_ entry: Node.Entry) {
            if keyIndex != nil {
                keyIndex![entry.key] = entries.count
            } else if entries.count == Frame.indexThreshold {
                var index: [String: Int] = [:]
                index.reserveCapacity(entries.count * 2)
                for (i, e) in entries.enumerated() { index[e.key] = i }
                index[entry.key] = entries.count
                keyIndex = index
            }
            entries.append(entry)
        }
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

    mutating func skipWhitespace() {
        while offset < buffer.count {
            switch buffer[offset] {
            case 0x20, 0x09, 0x0A, 0x0D: advance()
            default: return
            }
        }
    }

    mutating func parseDocument() -> Result<Node, ParseProblem> {
        // A UTF-8 byte order mark is tolerated, as Kubernetes' decoder does.
        if buffer.count >= 3, buffer[0] == 0xEF, buffer[1] == 0xBB, buffer[2] == 0xBF { offset = 3 }
        skipWhitespace()
        let result = parseValueIteratively()
        guard case .success = result else { return result }
        skipWhitespace()
        if offset < buffer.count {
            return .failure(error("unexpected \(describe(buffer[offset])) after the end of the JSON value"))
        }
        return result
    }

    func describe(_ byte: UInt8) -> String {
        if byte >= 0x20 && byte < 0x7F { return "character '\(Character(UnicodeScalar(byte)))'" }
        return "byte 0x\(String(byte, radix: 16))"
    }

    mutating func parseValueIteratively() -> Result<Node, ParseProblem> {
        var stack: [Frame] = []
        while true {
            skipWhitespace()
            guard offset < buffer.count else { return .failure(error("unexpected end of input")) }
            var completed: Node
            let start = position
            let byte = buffer[offset]
            var skipped = false
            if !skipPaths.isEmpty, stack.count <= maxSkipDepth, atSkippedPath(stack) {
                if case .failure(let p) = skipValue(depth: stack.count) { return .failure(p) }
                skipped = true
                completed = Node(.null, at: start)
            } else {
            switch byte {
            case UInt8(ascii: "{"), UInt8(ascii: "["):
                guard stack.count < limits.maxDepth else {
                    return .failure(ParseProblem(code: .tooDeep, message: "nesting is deeper than \(limits.maxDepth) levels", position: start))
                }
                advance()
                var frame = Frame(isObject: byte == UInt8(ascii: "{"), start: start)
                skipWhitespace()
                if frame.isObject {
                    if offset < buffer.count, buffer[offset] == UInt8(ascii: "}") {
                        advance()
                        completed = Node(.mapping([]), at: start)
                        break
                    }
                    switch readKey() {
                    case .success(let key): frame.key = key
                    case .failure(let p): return .failure(p)
                    }
                } else if offset < buffer.count, buffer[offset] == UInt8(ascii: "]") {
                    advance()
                    completed = Node(.sequence([]), at: start)
                    break
                }
                stack.append(frame)
                continue
            case UInt8(ascii: "\""):
                switch readString() {
                case .success(let s): completed = Node(.string(s), at: start)
                case .failure(let p): return .failure(p)
                }
            case UInt8(ascii: "t"):
                guard consumeLiteral("true") else { return .failure(error("invalid literal; expected true")) }
                completed = Node(.bool(true), at: start)
            case UInt8(ascii: "f"):
                guard consumeLiteral("false") else { return .failure(error("invalid literal; expected false")) }
                completed = Node(.bool(false), at: start)
            case UInt8(ascii: "n"):
                guard consumeLiteral("null") else { return .failure(error("invalid literal; expected null")) }
                completed = Node(.null, at: start)
            case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
                switch readNumber() {
                case .success(let n): completed = Node(.number(n), at: start)
                case .failure(let p): return .failure(p)
                }
            default:
                return .failure(error("unexpected \(describe(byte))"))
            }
            }

            // Attach the completed value and close every container that ends here.
            while true {
                nodeCount += 1
                if nodeCount > limits.maxNodesPerDocument {
                    return .failure(ParseProblem(code: .tooManyNodes, message: "more than \(limits.maxNodesPerDocument) values", position: completed.position))
                }
                guard !stack.isEmpty else { return .success(completed) }
                let top = stack.count - 1
                if skipped {
                    // A value left out on purpose: checked, not kept.
                    skipped = false
                } else if stack[top].isObject {
                    let (key, keyPos) = stack[top].key!
                    if let existing = stack[top].index(of: key) {
                        let first = stack[top].entries[existing].keyPosition
                        problems.append(ParseProblem(code: .duplicateKey,
                                                     message: "duplicate key \"\(key)\" (first defined at line \(first.line)); Kubernetes keeps only the last value",
                                                     position: keyPos))
                        stack[top].entries[existing] = Node.Entry(key: key, keyPosition: keyPos, value: completed)
                    } else {
                        stack[top].append(Node.Entry(key: key, keyPosition: keyPos, value: completed))
                    }
                } else {
                    stack[top].items.append(completed)
                }
                skipWhitespace()
                guard offset < buffer.count else { return .failure(error("unexpected end of input inside \(stack[top].isObject ? "an object" : "an array")")) }
                let next = buffer[offset]
                if next == UInt8(ascii: ",") {
                    advance()
                    if stack[top].isObject {
                        skipWhitespace()
                        switch readKey() {
                        case .success(let key): stack[top].key = key
                        case .failure(let p): return .failure(p)
                        }
                    }
                    break
                }
                let closer = stack[top].isObject ? UInt8(ascii: "}") : UInt8(ascii: "]")
                guard next == closer else {
                    return .failure(error("expected ',' or '\(Character(UnicodeScalar(closer)))', found \(describe(next))"))
                }
                advance()
                let frame = stack.removeLast()
                completed = frame.isObject ? Node(.mapping(frame.entries), at: frame.start) : Node(.sequence(frame.items), at: frame.start)
            }
        }
    }

    /// Reads `"key"` and the colon after it.
    mutating func readKey() -> Result<(String, SourcePosition), ParseProblem> {
        let pos = position
        guard offset < buffer.count, buffer[offset] == UInt8(ascii: "\"") else {
            return .failure(error(offset < buffer.count ? "expected a string key, found \(describe(buffer[offset]))" : "unexpected end of input; expected a key"))
        }
        let key: String
        switch readString() {
        case .success(let s): key = s
        case .failure(let p): return .failure(p)
        }
        skipWhitespace()
        guard offset < buffer.count, buffer[offset] == UInt8(ascii: ":") else {
            return .failure(error("expected ':' after key \"\(key)\""))
        }
        advance()
        return .success((key, pos))
    }

    mutating func consumeLiteral(_ literal: StaticString) -> Bool {
        let count = literal.utf8CodeUnitCount
        guard offset + count <= buffer.count else { return false }
        let base = literal.utf8Start
        for i in 0..<count where buffer[offset + i] != base[i] { return false }
        offset += count
        column += count
        return true
    }

    mutating func readNumber() -> Result<Number, ParseProblem> {
        let startOffset = offset
        let isInteger: Bool
        switch scanNumber() {
        case .success(let i): isInteger = i
        case .failure(let p): return .failure(p)
        }
        let text = String(decoding: UnsafeBufferPointer(rebasing: buffer[startOffset..<offset]), as: UTF8.self)
        let int = isInteger ? Int64(text) : nil
        return .success(Number(text: text, int: int, double: int.map(Double.init) ?? Double(text) ?? .infinity))
    }

    /// Moves past a number, checking RFC 8259's grammar; true if it is written as an integer.
    mutating func scanNumber() -> Result<Bool, ParseProblem> {
        let pos = position
        var isInteger = true
        if buffer[offset] == UInt8(ascii: "-") { advance() }
        guard offset < buffer.count, isDigit(buffer[offset]) else { return .failure(error("invalid number", at: pos)) }
        if buffer[offset] == UInt8(ascii: "0") {
            advance()
            if offset < buffer.count, isDigit(buffer[offset]) { return .failure(error("numbers must not have leading zeros", at: pos)) }
        } else {
            while offset < buffer.count, isDigit(buffer[offset]) { advance() }
        }
        if offset < buffer.count, buffer[offset] == UInt8(ascii: ".") {
            isInteger = false
            advance()
            guard offset < buffer.count, isDigit(buffer[offset]) else { return .failure(error("a digit must follow the decimal point", at: pos)) }
            while offset < buffer.count, isDigit(buffer[offset]) { advance() }
        }
        if offset < buffer.count, buffer[offset] == UInt8(ascii: "e") || buffer[offset] == UInt8(ascii: "E") {
            isInteger = false
            advance()
            if offset < buffer.count, buffer[offset] == UInt8(ascii: "+") || buffer[offset] == UInt8(ascii: "-") { advance() }
            guard offset < buffer.count, isDigit(buffer[offset]) else { return .failure(error("a digit must follow the exponent", at: pos)) }
            while offset < buffer.count, isDigit(buffer[offset]) { advance() }
        }
        return .success(isInteger)
    }

    /// True if the value about to be read sits at one of `skipPaths` (object keys only).
    func atSkippedPath(_ stack: [Frame]) -> Bool {
        for path in skipPaths where path.count == stack.count {
            var matches = true
            for i in 0..<stack.count where !stack[i].isObject || stack[i].key?.0 != path[i] {
                matches = false
                break
            }
            if matches { return true }
        }
        return false
    }

    /// Moves past one value, checking its syntax and depth without building nodes. Strings are
    /// not checked for valid UTF-8 here: nothing will read them.
    mutating func skipValue(depth: Int) -> Result<Void, ParseProblem> {
        var open: [Bool] = [] // true for objects
        while true {
            skipWhitespace()
            guard offset < buffer.count else { return .failure(error("unexpected end of input")) }
            let byte = buffer[offset]
            var closedValue = true
            switch byte {
            case UInt8(ascii: "{"), UInt8(ascii: "["):
                guard depth + open.count < limits.maxDepth else {
                    return .failure(ParseProblem(code: .tooDeep, message: "nesting is deeper than \(limits.maxDepth) levels", position: position))
                }
                let isObject = byte == UInt8(ascii: "{")
                advance()
                skipWhitespace()
                if offset < buffer.count, buffer[offset] == (isObject ? UInt8(ascii: "}") : UInt8(ascii: "]")) {
                    advance()
                } else {
                    open.append(isObject)
                    if isObject, case .failure(let p) = skipKey() { return .failure(p) }
                    closedValue = false
                }
            case UInt8(ascii: "\""):
                if case .failure(let p) = skipString() { return .failure(p) }
            case UInt8(ascii: "t"):
                guard consumeLiteral("true") else { return .failure(error("invalid literal; expected true")) }
            case UInt8(ascii: "f"):
                guard consumeLiteral("false") else { return .failure(error("invalid literal; expected false")) }
            case UInt8(ascii: "n"):
                guard consumeLiteral("null") else { return .failure(error("invalid literal; expected null")) }
            case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
                if case .failure(let p) = scanNumber() { return .failure(p) }
            default:
                return .failure(error("unexpected \(describe(byte))"))
            }
            guard closedValue else { continue }
            nodeCount += 1
            if nodeCount > limits.maxNodesPerDocument {
                return .failure(ParseProblem(code: .tooManyNodes, message: "more than \(limits.maxNodesPerDocument) values", position: position))
            }
            // After a value: a separator, or the end of one or more containers.
            while let isObject = open.last {
                skipWhitespace()
                guard offset < buffer.count else { return .failure(error("unexpected end of input inside \(isObject ? "an object" : "an array")")) }
                let next = buffer[offset]
                if next == UInt8(ascii: ",") {
                    advance()
                    if isObject {
                        skipWhitespace()
                        if case .failure(let p) = skipKey() { return .failure(p) }
                    }
                    break
                }
                let closer = isObject ? UInt8(ascii: "}") : UInt8(ascii: "]")
                guard next == closer else {
                    return .failure(error("expected ',' or '\(Character(UnicodeScalar(closer)))', found \(describe(next))"))
                }
                advance()
                open.removeLast()
            }
            if open.isEmpty { return .success(()) }
        }
    }

    mutating func skipKey() -> Result<Void, ParseProblem> {
        guard offset < buffer.count, buffer[offset] == UInt8(ascii: "\"") else {
            return .failure(error(offset < buffer.count ? "expected a string key, found \(describe(buffer[offset]))" : "unexpected end of input; expected a key"))
        }
        if case .failure(let p) = skipString() { return .failure(p) }
        skipWhitespace()
        guard offset < buffer.count, buffer[offset] == UInt8(ascii: ":") else { return .failure(error("expected ':' after a key")) }
        advance()
        return .success(())
    }

    mutating func skipString() -> Result<Void, ParseProblem> {
        let pos = position
        advance()
        while offset < buffer.count {
            let b = buffer[offset]
            if b == UInt8(ascii: "\"") {
                advance()
                return .success(())
            }
            if b < 0x20 { return .failure(error("control character in string; escape it", at: position)) }
            advance()
            if b == UInt8(ascii: "\\") {
                guard offset < buffer.count else { break }
                let e = buffer[offset]
                advance()
                switch e {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"), UInt8(ascii: "b"), UInt8(ascii: "f"),
                     UInt8(ascii: "n"), UInt8(ascii: "r"), UInt8(ascii: "t"):
                    break
                case UInt8(ascii: "u"):
                    guard readHex4() != nil else { return .failure(error("invalid \\u escape")) }
                default:
                    return .failure(error("invalid escape '\\\(Character(UnicodeScalar(e)))'"))
                }
            }
        }
        return .failure(error("unterminated string", at: pos))
    }

    func isDigit(_ b: UInt8) -> Bool { b >= UInt8(ascii: "0") && b <= UInt8(ascii: "9") }

    mutating func readString() -> Result<String, ParseProblem> {
        let pos = position
        advance() // opening quote
        let start = offset
        // Fast path: no escapes. Strings cannot hold a raw newline, so only the column moves.
        // ASCII needs no validation; anything else is validated as UTF-8.
        var ascii = true
        while offset < buffer.count {
            let b = buffer[offset]
            if b == UInt8(ascii: "\"") {
                let slice = UnsafeBufferPointer(rebasing: buffer[start..<offset])
                advance()
                if ascii { return .success(String(decoding: slice, as: UTF8.self)) }
                guard let s = String(validating: slice, as: UTF8.self) else {
                    return .failure(error("string is not valid UTF-8", at: pos))
                }
                return .success(s)
            }
            if b == UInt8(ascii: "\\") { break }
            if b < 0x20 { return .failure(error("control character in string; escape it", at: position)) }
            if b >= 0x80 {
                ascii = false
                if b & 0xC0 != 0x80 { column += 1 }
            } else {
                column += 1
            }
            offset += 1
        }
        guard offset < buffer.count else { return .failure(error("unterminated string", at: pos)) }
        // Slow path with escapes.
        var bytes = Array(UnsafeBufferPointer(rebasing: buffer[start..<offset]))
        while offset < buffer.count {
            let b = buffer[offset]
            if b == UInt8(ascii: "\"") {
                advance()
                guard let s = String(validating: bytes, as: UTF8.self) else {
                    return .failure(error("string is not valid UTF-8", at: pos))
                }
                return .success(s)
            }
            if b < 0x20 { return .failure(error("control character in string; escape it", at: position)) }
            if b != UInt8(ascii: "\\") {
                bytes.append(b)
                advance()
                continue
            }
            advance()
            guard offset < buffer.count else { break }
            let e = buffer[offset]
            advance()
            switch e {
            case UInt8(ascii: "\""): bytes.append(0x22)
            case UInt8(ascii: "\\"): bytes.append(0x5C)
            case UInt8(ascii: "/"): bytes.append(0x2F)
            case UInt8(ascii: "b"): bytes.append(0x08)
            case UInt8(ascii: "f"): bytes.append(0x0C)
            case UInt8(ascii: "n"): bytes.append(0x0A)
            case UInt8(ascii: "r"): bytes.append(0x0D)
            case UInt8(ascii: "t"): bytes.append(0x09)
            case UInt8(ascii: "u"):
                guard var scalar = readHex4() else { return .failure(error("invalid \\u escape")) }
                if (0xD800...0xDBFF).contains(scalar) {
                    // A high surrogate must be followed by an escaped low surrogate.
                    if offset + 1 < buffer.count, buffer[offset] == UInt8(ascii: "\\"), buffer[offset + 1] == UInt8(ascii: "u") {
                        advance(); advance()
                        guard let low = readHex4(), (0xDC00...0xDFFF).contains(low) else {
                            return .failure(error("invalid surrogate pair in \\u escape"))
                        }
                        scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                    } else {
                        scalar = 0xFFFD
                    }
                } else if (0xDC00...0xDFFF).contains(scalar) {
                    scalar = 0xFFFD
                }
                bytes.append(contentsOf: Array(String(Character(UnicodeScalar(scalar)!)).utf8))
            default:
                return .failure(error("invalid escape '\\\(Character(UnicodeScalar(e)))'"))
            }
        }
        return .failure(error("unterminated string", at: pos))
    }

    mutating func readHex4() -> UInt32? {
        guard offset + 4 <= buffer.count else { return nil }
        var v: UInt32 = 0
        for _ in 0..<4 {
            let b = buffer[offset]
            let d: UInt32
            switch b {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): d = UInt32(b - UInt8(ascii: "0"))
            case UInt8(ascii: "a")...UInt8(ascii: "f"): d = UInt32(b - UInt8(ascii: "a") + 10)
            case UInt8(ascii: "A")...UInt8(ascii: "F"): d = UInt32(b - UInt8(ascii: "A") + 10)
            default: return nil
            }
            v = v * 16 + d
            advance()
        }
        return v
    }
}
