/// Splits an expr-lang expression into tokens the way expr's lexer does (parser/lexer in
/// expr-lang/expr), including its quirks: keywords such as `and`, `in`, `not` are operators,
/// a number may not be followed by a letter, and `1..2` is a range, not a float.
public enum FormulaLexer {
    static let keywordOperators: Set<String> = ["not", "in", "or", "and", "matches", "contains", "startsWith", "endsWith", "let", "if", "else"]

    public static func tokenize(_ text: String) throws(FormulaError) -> [FormulaToken] {
        var lexer = Lexer(Array(text.unicodeScalars))
        return try lexer.run()
    }

    private struct Lexer {
        let s: [Unicode.Scalar]
        var i = 0
        var tokens: [FormulaToken] = []

        init(_ s: [Unicode.Scalar]) { self.s = s }

        func peek(_ ahead: Int = 0) -> Unicode.Scalar? { i + ahead < s.count ? s[i + ahead] : nil }

        mutating func accept(_ set: String) -> Bool {
            if let c = peek(), set.unicodeScalars.contains(c) { i += 1; return true }
            return false
        }

        mutating func emit(_ kind: FormulaToken.Kind, from start: Int) {
            tokens.append(FormulaToken(kind, String(String.UnicodeScalarView(s[start..<i])), at: start))
        }

        mutating func run() throws(FormulaError) -> [FormulaToken] {
            while let c = peek() {
                let start = i
                if c.properties.isWhitespace { i += 1; continue }
                switch c {
                case "'", "\"":
                    i += 1
                    tokens.append(FormulaToken(.string, try scanString(quote: c, start: start), at: start))
                case "`":
                    i += 1
                    while let d = peek(), d != "`" { i += 1 }
                    guard peek() == "`" else { throw FormulaError("raw string literal is not terminated", at: start) }
                    i += 1
                    tokens.append(FormulaToken(.string, String(String.UnicodeScalarView(s[(start + 1)..<(i - 1)])), at: start))
                case "b" where peek(1) == "'" || peek(1) == "\"", "B" where peek(1) == "'" || peek(1) == "\"":
                    i += 2
                    _ = try scanString(quote: s[start + 1], start: start)
                    tokens.append(FormulaToken(.bytes, "", at: start))
                case "0"..."9":
                    try scanNumber(start: start)
                case "?":
                    i += 1
                    _ = accept(".?")
                    emit(.operator, from: start)
                case "/":
                    i += 1
                    if accept("/") {
                        while let d = peek(), d != "\n" { i += 1 }
                    } else if accept("*") {
                        var closed = false
                        while let d = peek() {
                            i += 1
                            if d == "*", accept("/") { closed = true; break }
                        }
                        guard closed else { throw FormulaError("comment is not closed (missing */)", at: start) }
                    } else {
                        emit(.operator, from: start)
                    }
                case "#":
                    i += 1
                    _ = accept("#")
                    emit(.operator, from: start)
                    let nameStart = i
                    while let d = peek(), isAlphaNumeric(d) { i += 1 }
                    if i > nameStart { emit(.identifier, from: nameStart) }
                case "|":
                    i += 1
                    _ = accept("|")
                    emit(.operator, from: start)
                case ":":
                    i += 1
                    _ = accept(":")
                    emit(.operator, from: start)
                case "(", "[", "{", ")", "]", "}":
                    i += 1
                    emit(.bracket, from: start)
                case ",", ";", "%", "+", "-", "^":
                    i += 1
                    emit(.operator, from: start)
                case "&", "!", "=", "*", "<", ">":
                    i += 1
                    _ = accept("&=*")
                    emit(.operator, from: start)
                case ".":
                    if let d = peek(1), ("0"..."9").contains(d) {
                        try scanNumber(start: start)
                    } else {
                        i += 1
                        _ = accept(".")
                        emit(.operator, from: start)
                    }
                default:
                    guard isAlphaNumeric(c) else {
                        throw FormulaError("unexpected character \"\(Character(c))\"", at: start)
                    }
                    while let d = peek(), isAlphaNumeric(d) { i += 1 }
                    let word = String(String.UnicodeScalarView(s[start..<i]))
                    tokens.append(FormulaToken(Self.keyword(word) ? .operator : .identifier, word, at: start))
                }
            }
            tokens.append(FormulaToken(.eof, "", at: s.count))
            return tokens
        }

        static func keyword(_ word: String) -> Bool { FormulaLexer.keywordOperators.contains(word) }

        /// expr's scanNumber: optional base prefix, digits and `_`, a fraction unless `..`
        /// follows, an exponent; a letter right after the number is an error.
        mutating func scanNumber(start: Int) throws(FormulaError) {
            var digits = "0123456789_"
            if accept("0") {
                if accept("xX") { digits = "0123456789abcdefABCDEF_" } else if accept("oO") { digits = "01234567_" } else if accept("bB") { digits = "01_" }
            }
            while accept(digits) {}
            var done = false
            if peek() == ".", peek(1) == "." {
                done = true // `1..5` is a range
            } else if accept(".") {
                while accept(digits) {}
            }
            if !done, accept("eE") {
                _ = accept("+-")
                while accept(digits) {}
            }
            if let next = peek(), isAlphaNumeric(next) {
                i += 1
                throw FormulaError("bad number syntax \"\(String(String.UnicodeScalarView(s[start..<i])))\"", at: start)
            }
            emit(.number, from: start)
        }

        /// A quoted string with Go-style escapes; returns the decoded text.
        mutating func scanString(quote: Unicode.Scalar, start: Int) throws(FormulaError) -> String {
            var out = String.UnicodeScalarView()
            while true {
                guard let c = peek(), c != "\n" else { throw FormulaError("string literal is not terminated", at: start) }
                i += 1
                if c == quote { return String(out) }
                guard c == "\\" else { out.append(c); continue }
                guard let e = peek() else { throw FormulaError("string literal is not terminated", at: start) }
                let escapeStart = i - 1
                i += 1
                switch e {
                case "a": out.append("\u{07}")
                case "b": out.append("\u{08}")
                case "f": out.append("\u{0C}")
                case "n": out.append("\n")
                case "r": out.append("\r")
                case "t": out.append("\t")
                case "v": out.append("\u{0B}")
                case "\\", "'", "\"": out.append(e)
                case "x", "u", "U":
                    var count = e == "x" ? 2 : (e == "u" ? 4 : 8)
                    var braced = false
                    if e == "u", peek() == "{" { braced = true; i += 1; count = 0 }
                    var value: UInt32 = 0
                    var n = 0
                    while let h = peek(), let v = Character(h).hexDigitValue, braced || n < count {
                        value = value &* 16 &+ UInt32(v)
                        i += 1
                        n += 1
                    }
                    if braced {
                        guard peek() == "}", n > 0 else { throw FormulaError("invalid escape in string literal", at: escapeStart) }
                        i += 1
                    } else if n != count {
                        throw FormulaError("invalid escape in string literal", at: escapeStart)
                    }
                    guard let scalar = Unicode.Scalar(value) else { throw FormulaError("invalid character code in string literal", at: escapeStart) }
                    out.append(scalar)
                case "0"..."7":
                    var value = e.value - 48
                    for _ in 0..<2 {
                        guard let o = peek(), ("0"..."7").contains(o) else { throw FormulaError("invalid octal escape in string literal", at: escapeStart) }
                        value = value * 8 + o.value - 48
                        i += 1
                    }
                    guard value <= 255, let scalar = Unicode.Scalar(value) else { throw FormulaError("invalid octal escape in string literal", at: escapeStart) }
                    out.append(scalar)
                default:
                    throw FormulaError("invalid escape \\\(Character(e)) in string literal", at: escapeStart)
                }
            }
        }
    }

    /// expr's IsAlphaNumeric: letters, digits, `_` and `$`.
    static func isAlphaNumeric(_ c: Unicode.Scalar) -> Bool {
        c == "_" || c == "$" || c.properties.isAlphabetic || c.properties.numericType == .decimal
    }
}
