/// How the JSON reader recognises and moves past values it is asked to leave out of the tree.
extension JSONReader {
    /// Whether the whole document is to be skipped (an empty path), and otherwise the paths the
    /// root object can lead on to: all of them.
    func rootSkip() -> (skip: Bool, candidates: UInt64) {
        var candidates: UInt64 = 0
        for (i, path) in skipPaths.enumerated() {
            if path.isEmpty { return (true, 0) }
            candidates |= 1 << UInt64(i)
        }
        return (false, candidates)
    }

    /// For the value under `key` at `depth`, among the paths its object lies on: whether one of
    /// them ends here, and otherwise which go on below it.
    @inline(__always)
    func skip(key: String, depth: Int, candidates: UInt64) -> (skip: Bool, candidates: UInt64) {
        var rest = candidates
        var below: UInt64 = 0
        while rest != 0 {
            let i = rest.trailingZeroBitCount
            rest &= rest - 1
            let path = skipPaths[i]
            guard path[depth - 1] == key else { continue }
            if path.count == depth { return (true, 0) }
            below |= 1 << UInt64(i)
        }
        return (false, below)
    }

    /// Moves past one value, checking its syntax and depth without building nodes. Strings are
    /// not checked for valid UTF-8 here: nothing will read them.
    mutating func skipValue(depth: Int) throws(ParseProblem) {
        var open: [Bool] = [] // true for objects
        while true {
            skipWhitespace()
            guard offset < buffer.count else { throw error("unexpected end of input") }
            let byte = buffer[offset]
            var closedValue = true
            switch byte {
            case UInt8(ascii: "{"), UInt8(ascii: "["):
                guard depth + open.count < limits.maxDepth else {
                    throw ParseProblem(code: .tooDeep, message: "nesting is deeper than \(limits.maxDepth) levels", position: position)
                }
                let isObject = byte == UInt8(ascii: "{")
                advance()
                skipWhitespace()
                if offset < buffer.count, buffer[offset] == (isObject ? UInt8(ascii: "}") : UInt8(ascii: "]")) {
                    advance()
                } else {
                    open.append(isObject)
                    if isObject { try skipKey() }
                    closedValue = false
                }
            case UInt8(ascii: "\""):
                try skipString()
            case UInt8(ascii: "t"):
                guard consumeLiteral("true") else { throw error("invalid literal; expected true") }
            case UInt8(ascii: "f"):
                guard consumeLiteral("false") else { throw error("invalid literal; expected false") }
            case UInt8(ascii: "n"):
                guard consumeLiteral("null") else { throw error("invalid literal; expected null") }
            case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
                _ = try scanNumber()
            default:
                throw error("unexpected \(describe(byte))")
            }
            guard closedValue else { continue }
            nodeCount += 1
            if nodeCount > limits.maxNodesPerDocument {
                throw ParseProblem(code: .tooManyNodes, message: "more than \(limits.maxNodesPerDocument) values", position: position)
            }
            // After a value: a separator, or the end of one or more containers.
            while let isObject = open.last {
                skipWhitespace()
                guard offset < buffer.count else { throw error("unexpected end of input inside \(isObject ? "an object" : "an array")") }
                let next = buffer[offset]
                if next == UInt8(ascii: ",") {
                    advance()
                    if isObject {
                        skipWhitespace()
                        try skipKey()
                    }
                    break
                }
                let closer = isObject ? UInt8(ascii: "}") : UInt8(ascii: "]")
                guard next == closer else {
                    throw error("expected ',' or '\(Character(UnicodeScalar(closer)))', found \(describe(next))")
                }
                advance()
                open.removeLast()
            }
            if open.isEmpty { return }
        }
    }

    mutating func skipKey() throws(ParseProblem) {
        guard offset < buffer.count, buffer[offset] == UInt8(ascii: "\"") else {
            throw error(offset < buffer.count ? "expected a string key, found \(describe(buffer[offset]))" : "unexpected end of input; expected a key")
        }
        try skipString()
        skipWhitespace()
        guard offset < buffer.count, buffer[offset] == UInt8(ascii: ":") else { throw error("expected ':' after a key") }
        advance()
    }

    /// One loop to the closing quote, the column counted per run rather than per byte. The
    /// strings left out are mostly kubectl's last-applied-configuration, a whole object in one
    /// string with an escaped quote every few bytes, and handling each escape through the
    /// general helpers cost more than scanning the bytes between them.
    mutating func skipString() throws(ParseProblem) {
        let pos = position
        offset += 1 // the opening quote
        column += 1
        // Strings hold no raw newline, so only the column moves: one per character, i.e. per
        // byte that does not continue a UTF-8 sequence, counted from `runStart`.
        var runStart = offset
        var continuationBytes = 0
        while true {
            skipPlainASCII()
            guard offset < buffer.count else { break }
            let b = buffer[offset]
            if b == UInt8(ascii: "\"") {
                offset += 1
                column += offset - runStart - continuationBytes
                return
            }
            if b == UInt8(ascii: "\\") {
                guard offset + 1 < buffer.count else { break }
                if JSONReader.simpleEscape(buffer[offset + 1]) != nil {
                    offset += 2
                    continue
                }
                column += offset - runStart - continuationBytes
                advance()
                let e = buffer[offset]
                advance()
                guard e == UInt8(ascii: "u") else { throw error("invalid escape '\\\(Character(UnicodeScalar(e)))'") }
                guard readHex4() != nil else { throw error("invalid \\u escape") }
                runStart = offset
                continuationBytes = 0
                continue
            }
            if b < 0x20 {
                column += offset - runStart - continuationBytes
                throw error("control character in string; escape it", at: position)
            }
            if b & 0xC0 == 0x80 { continuationBytes += 1 }
            offset += 1
        }
        column += offset - runStart - continuationBytes
        throw error("unterminated string", at: pos)
    }
}
