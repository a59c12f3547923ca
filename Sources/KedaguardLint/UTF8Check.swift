import KedaguardCore

/// Finds the first byte that is not valid UTF-8, so a binary or mis-encoded file gets one clear
/// finding at the right line instead of a parser error about "control characters".
enum UTF8Check {
    /// Position of the first invalid byte, or nil when the text is valid UTF-8.
    static func firstInvalidPosition(_ bytes: [UInt8]) -> SourcePosition? {
        // Nearly every file is valid: the standard library's validation (vectorised, and as
        // strict: no overlongs, surrogates or code points above U+10FFFF) plus a search for NUL
        // settle that, and the walk below runs only to find where a bad file goes wrong.
        if !bytes.contains(0), String(validating: bytes, as: UTF8.self) != nil { return nil }
        var line = 1, column = 1
        var i = 0
        let n = bytes.count
        while i < n {
            let b = bytes[i]
            let length: Int
            if b < 0x80 {
                if b == 0 { return SourcePosition(line: line, column: column) }
                length = 1
            } else if b & 0xE0 == 0xC0, b >= 0xC2 {
                length = 2
            } else if b & 0xF0 == 0xE0 {
                length = 3
            } else if b & 0xF8 == 0xF0, b <= 0xF4 {
                length = 4
            } else {
                return SourcePosition(line: line, column: column)
            }
            guard i + length <= n else { return SourcePosition(line: line, column: column) }
            for k in 1..<length where bytes[i + k] & 0xC0 != 0x80 {
                return SourcePosition(line: line, column: column)
            }
            if length == 3 {
                let cp = (UInt32(b & 0x0F) << 12) | (UInt32(bytes[i + 1] & 0x3F) << 6)
                if cp < 0x800 || (cp >= 0xD800 && cp <= 0xDFFF) { return SourcePosition(line: line, column: column) }
            } else if length == 4 {
                let cp = (UInt32(b & 0x07) << 18) | (UInt32(bytes[i + 1] & 0x3F) << 12)
                if cp < 0x10000 || cp > 0x10FFFF { return SourcePosition(line: line, column: column) }
            }
            if b == 0x0A { line += 1; column = 1 } else { column += 1 }
            i += length
        }
        return nil
    }
}
