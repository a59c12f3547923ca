/// How the JSON reader reads strings, numbers and literals.
extension JSONReader {
    mutating func consumeLiteral(_ literal: StaticString) -> Bool {
        let count = literal.utf8CodeUnitCount
        guard offset + count <= buffer.count else { return false }
        let base = literal.utf8Start
        for i in 0..<count where buffer[offset + i] != base[i] { return false }
        offset += count
        column += count
        return true
    }

    mutating func readNumber() throws(ParseProblem) -> Number {
        let startOffset = offset
        let isInteger = try scanNumber()
        let text = String(decoding: UnsafeBufferPointer(rebasing: buffer[startOffset..<offset]), as: UTF8.self)
        let int = isInteger ? Int64(text) : nil
        return Number(text: text, int: int, double: int.map(Double.init) ?? Double(text) ?? .infinity)
    }

    /// Moves past a number, checking RFC 8259's grammar; true if it is written as an integer.
    mutating func scanNumber() throws(ParseProblem) -> Bool {
        let pos = position
        var isInteger = true
        if buffer[offset] == UInt8(ascii: "-") { advance() }
        guard offset < buffer.count, isDigit(buffer[offset]) else { throw error("invalid number", at: pos) }
        if buffer[offset] == UInt8(ascii: "0") {
            advance()
            if offset < buffer.count, isDigit(buffer[offset]) { throw error("numbers must not have leading zeros", at: pos) }
        } else {
            while offset < buffer.count, isDigit(buffer[offset]) { advance() }
        }
        if offset < buffer.count, buffer[offset] == UInt8(ascii: ".") {
            isInteger = false
            advance()
            guard offset < buffer.count, isDigit(buffer[offset]) else { throw error("a digit must follow the decimal point", at: pos) }
            while offset < buffer.count, isDigit(buffer[offset]) { advance() }
        }
        if offset < buffer.count, buffer[offset] == UInt8(ascii: "e") || buffer[offset] == UInt8(ascii: "E") {
            isInteger = false
            advance()
            if offset < buffer.count, buffer[offset] == UInt8(ascii: "+") || buffer[offset] == UInt8(ascii: "-") { advance() }
            guard offset < buffer.count, isDigit(buffer[offset]) else { throw error("a digit must follow the exponent", at: pos) }
            while offset < buffer.count, isDigit(buffer[offset]) { advance() }
        }
        return isInteger
    }

    /// Moves past string bytes that need no attention (ASCII, not a quote, backslash or control
    /// character), eight at a time, up to the first byte that does. The column is the caller's:
    /// it moves by one per byte passed.
    @inline(__always) mutating func skipPlainASCII() {
        guard let base = buffer.baseAddress else { return }
        let end = buffer.count
        while offset + 8 <= end {
            let word = UInt64(littleEndian: UnsafeRawPointer(base + offset).loadUnaligned(as: UInt64.self))
            let flagged = JSONReader.bytesNeedingAttention(word)
            if flagged != 0 {
                // The lowest flag is exact (borrows only set false flags above a true one).
                offset += flagged.trailingZeroBitCount >> 3
                return
            }
            offset += 8
        }
        while offset < end {
            let b = buffer[offset]
            guard b >= 0x20, b < 0x80, b != UInt8(ascii: "\""), b != UInt8(ascii: "\\") else { return }
            offset += 1
        }
    }

    /// The high bit of every byte of `word` that is a quote, a backslash, a control character or
    /// not ASCII (plus, possibly, false flags above the lowest true one).
    @inline(__always) static func bytesNeedingAttention(_ word: UInt64) -> UInt64 {
        let ones: UInt64 = 0x0101_0101_0101_0101
        let highBits: UInt64 = 0x8080_8080_8080_8080
        func zeroBytes(_ v: UInt64) -> UInt64 { (v &- ones) & ~v & highBits }
        let control = (word &- ones &* 0x20) & ~word & highBits
        return control | zeroBytes(word ^ (ones &* 0x22)) | zeroBytes(word ^ (ones &* 0x5C)) | (word & highBits)
    }

    func isDigit(_ b: UInt8) -> Bool { b >= UInt8(ascii: "0") && b <= UInt8(ascii: "9") }

    mutating func readString() throws(ParseProblem) -> String {
        try readString { bytes, isPlainASCII in
            isPlainASCII ? String(decoding: bytes, as: UTF8.self) : String(validating: bytes, as: UTF8.self)
        }
    }

    /// Reads a string and hands its bytes, escapes decoded, to `make`, which returns nil if they
    /// are not valid UTF-8. `isPlainASCII` says the bytes were checked to be ASCII already.
    @inline(__always)
    mutating func readString<T>(_ make: (UnsafeBufferPointer<UInt8>, _ isPlainASCII: Bool) -> T?) throws(ParseProblem) -> T {
        let pos = position
        advance() // opening quote
        let start = offset
        // Fast path: no escapes.
        let ascii = skipStringRun()
        guard offset < buffer.count else { throw error("unterminated string", at: pos) }
        if buffer[offset] == UInt8(ascii: "\"") {
            let slice = UnsafeBufferPointer(rebasing: buffer[start..<offset])
            advance()
            guard let value = make(slice, ascii) else { throw error("string is not valid UTF-8", at: pos) }
            return value
        }
        // Slow path with escapes: each escape, then the run after it, copied at once (escaped
        // strings are long: the last-applied-configuration annotation of `kubectl apply` is the
        // whole object).
        var bytes = Array(UnsafeBufferPointer(rebasing: buffer[start..<offset]))
        while offset < buffer.count {
            let b = buffer[offset]
            if b == UInt8(ascii: "\"") {
                advance()
                guard let value = bytes.withUnsafeBufferPointer({ make($0, false) }) else {
                    throw error("string is not valid UTF-8", at: pos)
                }
                return value
            }
            if b < 0x20 { throw error("control character in string; escape it", at: position) }
            advance()
            guard offset < buffer.count else { break }
            let e = buffer[offset]
            advance()
            if let byte = JSONReader.simpleEscape(e) {
                bytes.append(byte)
            } else if e == UInt8(ascii: "u") {
                guard var scalar = readHex4() else { throw error("invalid \\u escape") }
                if (0xD800...0xDBFF).contains(scalar) {
                    // A high surrogate must be followed by an escaped low surrogate.
                    if offset + 1 < buffer.count, buffer[offset] == UInt8(ascii: "\\"), buffer[offset + 1] == UInt8(ascii: "u") {
                        advance(); advance()
                        guard let low = readHex4(), (0xDC00...0xDFFF).contains(low) else {
                            throw error("invalid surrogate pair in \\u escape")
                        }
                        scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                    } else {
                        scalar = 0xFFFD
                    }
                } else if (0xDC00...0xDFFF).contains(scalar) {
                    scalar = 0xFFFD
                }
                bytes.append(contentsOf: UnicodeScalar(scalar)!.utf8)
            } else {
                throw error("invalid escape '\\\(Character(UnicodeScalar(e)))'")
            }
            let run = offset
            _ = skipStringRun()
            bytes.append(contentsOf: UnsafeBufferPointer(rebasing: buffer[run..<offset]))
        }
        throw error("unterminated string", at: pos)
    }

    /// Moves past a string's bytes up to the next quote, backslash or control character (or the
    /// end of the input), and returns whether they were all ASCII. Strings cannot hold a raw
    /// newline, so only the column moves, by one for every byte that does not continue a UTF-8
    /// sequence.
    @inline(__always) mutating func skipStringRun() -> Bool {
        let run = offset
        var ascii = true
        var continuationBytes = 0
        while true {
            skipPlainASCII()
            guard offset < buffer.count else { break }
            let b = buffer[offset]
            if b == UInt8(ascii: "\"") || b == UInt8(ascii: "\\") || b < 0x20 { break }
            ascii = false
            if b & 0xC0 == 0x80 { continuationBytes += 1 }
            offset += 1
        }
        column += offset - run - continuationBytes
        return ascii
    }

    /// The byte a one-character escape (`\\n`, `\\"`, ...) stands for; nil for `u` and for
    /// characters that are no escape.
    @inline(__always) static func simpleEscape(_ e: UInt8) -> UInt8? {
        switch e {
        case UInt8(ascii: "\""): return 0x22
        case UInt8(ascii: "\\"): return 0x5C
        case UInt8(ascii: "/"): return 0x2F
        case UInt8(ascii: "b"): return 0x08
        case UInt8(ascii: "f"): return 0x0C
        case UInt8(ascii: "n"): return 0x0A
        case UInt8(ascii: "r"): return 0x0D
        case UInt8(ascii: "t"): return 0x09
        default: return nil
        }
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
