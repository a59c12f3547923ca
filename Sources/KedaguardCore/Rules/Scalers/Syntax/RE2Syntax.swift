/// Syntax errors of Go's regexp package (RE2 syntax) that kedaguard can be certain of.
///
/// Foundation's regular expressions use ICU, which accepts things RE2 rejects (look-arounds,
/// back-references) and rejects things RE2 accepts (`(?P<name>)`), so it cannot stand in for
/// regexp.Compile. This scanner reports only clear errors: unbalanced parentheses or brackets,
/// a trailing backslash, a repetition with nothing to repeat or stacked on another, an invalid
/// `{n,m}`, look-arounds and back-references, and escapes of letters RE2 does not define.
/// Anything it does not recognise is accepted.
public enum RE2Syntax {
    public static func problem(_ pattern: String) -> String? {
        let s = Array(pattern.unicodeScalars)
        var i = 0
        var depth = 0
        // What precedes the current position, for repetition checks.
        enum Last { case start, alternation, openGroup, atom, repetition }
        var last = Last.start

        func repetitionProblem(_ op: String) -> String? {
            switch last {
            case .start, .alternation, .openGroup: return "missing argument to repetition operator \(op)"
            case .repetition: return "invalid nested repetition operator \(op)"
            case .atom: return nil
            }
        }

        while i < s.count {
            let c = s[i]
            switch c {
            case "\\":
                guard i + 1 < s.count else { return "trailing backslash at end of expression" }
                let e = s[i + 1]
                if e == "Q" {
                    // Literal text up to \E or the end.
                    var j = i + 2
                    while j + 1 < s.count, !(s[j] == "\\" && s[j + 1] == "E") { j += 1 }
                    i = j + 1 < s.count ? j + 2 : s.count
                    last = .atom
                    continue
                }
                if let p = escapeProblem(s, i + 1) { return p }
                i += 2
                last = .atom
                continue
            case "(":
                if i + 1 < s.count, s[i + 1] == "?" {
                    let rest = String(String.UnicodeScalarView(s[(i + 2)...].prefix(3)))
                    if rest.hasPrefix("=") || rest.hasPrefix("!") || rest.hasPrefix("<=") || rest.hasPrefix("<!") {
                        return "look-around (?\(rest.prefix(rest.hasPrefix("<") ? 2 : 1)) is not supported by Go's regexp"
                    }
                    var j = i + 2
                    if rest.hasPrefix("P<") || rest.hasPrefix("<") {
                        // named group: skip the name
                        while j < s.count, s[j] != ">" { j += 1 }
                        guard j < s.count else { return "missing closing > in group name" }
                        depth += 1
                        last = .openGroup
                        i = j + 1
                        continue
                    }
                    while j < s.count, s[j].properties.isAlphabetic || s[j] == "-" { j += 1 }
                    if j < s.count, s[j] == ")" {
                        // flags only, e.g. (?i): no group is opened
                        i = j + 1
                        continue
                    }
                    if j < s.count, s[j] == ":" {
                        depth += 1
                        last = .openGroup
                        i = j + 1
                        continue
                    }
                    // anything else is left for Go to judge
                    return nil
                }
                depth += 1
                last = .openGroup
            case ")":
                if depth == 0 { return "unexpected ) without a matching (" }
                depth -= 1
                last = .atom
            case "|":
                last = .alternation
            case "*", "+", "?":
                if let p = repetitionProblem(String(c)) { return p }
                last = .repetition
                // A following ? makes it non-greedy; it belongs to this operator.
                if i + 1 < s.count, s[i + 1] == "?" { i += 1 }
            case "{":
                if let (min, max, length) = repeatCount(s, i) {
                    if let p = repetitionProblem("{") { return p }
                    if min > 1000 || (max ?? 0) > 1000 { return "repetition count above 1000" }
                    if let max, max < min { return "invalid repeat count {\(min),\(max)}" }
                    i += length
                    last = .repetition
                    if i < s.count, s[i] == "?" { i += 1 }
                    continue
                }
                last = .atom // a literal {
            case "[":
                switch classEnd(s, i) {
                case .failure(let p): return p
                case .success(let end): i = end
                }
                last = .atom
            case "^", "$":
                last = .atom
            default:
                last = .atom
            }
            i += 1
        }
        if depth > 0 { return "missing closing )" }
        return nil
    }

    private static func isOctal(_ c: Unicode.Scalar) -> Bool { c >= "0" && c <= "7" }

    /// Problem with the escape whose letter is at `j`.
    private static func escapeProblem(_ s: [Unicode.Scalar], _ j: Int) -> String? {
        let e = s[j]
        if e.value < 128 && !(e.properties.isAlphabetic || (e >= "0" && e <= "9")) { return nil } // punctuation
        switch e {
        case "a", "f", "t", "n", "r", "v", "x", "p", "P", "d", "D", "s", "S", "w", "W", "b", "B", "A", "z", "0", "C", "E":
            return nil
        case "1"..."7":
            if j + 1 < s.count, isOctal(s[j + 1]) { return nil }
            return "back-reference \\\(e) is not supported by Go's regexp"
        case "8", "9":
            return "back-reference \\\(e) is not supported by Go's regexp"
        default:
            if e.value < 128 { return "invalid escape \\\(e)" }
            return nil
        }
    }

    /// `{n}`, `{n,}` or `{n,m}` at `i`: (min, max, length). nil when it is a literal brace.
    private static func repeatCount(_ s: [Unicode.Scalar], _ i: Int) -> (Int, Int?, Int)? {
        var j = i + 1
        func number() -> Int? {
            let start = j
            while j < s.count, s[j] >= "0", s[j] <= "9" { j += 1 }
            guard j > start, j - start <= 8 else { return nil }
            return Int(String(String.UnicodeScalarView(s[start..<j])))
        }
        guard let min = number() else { return nil }
        var max: Int? = min
        if j < s.count, s[j] == "," {
            j += 1
            if j < s.count, s[j] == "}" { max = nil } else {
                guard let m = number() else { return nil }
                max = m
            }
        }
        guard j < s.count, s[j] == "}" else { return nil }
        return (min, max, j + 1 - i)
    }

    private enum ClassEnd {
        case success(Int)
        case failure(String)
    }

    /// Index of the `]` closing the class that opens at `i`.
    private static func classEnd(_ s: [Unicode.Scalar], _ i: Int) -> ClassEnd {
        var j = i + 1
        if j < s.count, s[j] == "^" { j += 1 }
        var first = true
        var previous: Unicode.Scalar?
        while j < s.count {
            let c = s[j]
            if c == "]" && !first { return .success(j) }
            first = false
            if c == "[", j + 1 < s.count, s[j + 1] == ":" {
                // POSIX class [:name:]
                var k = j + 2
                while k + 1 < s.count, !(s[k] == ":" && s[k + 1] == "]") { k += 1 }
                if k + 1 < s.count { j = k + 2; previous = nil; continue }
            }
            if c == "\\" {
                guard j + 1 < s.count else { return .failure("trailing backslash at end of expression") }
                previous = nil
                j += 2
                continue
            }
            if c == "-", let lo = previous, j + 1 < s.count, s[j + 1] != "]", s[j + 1] != "\\", s[j + 1] != "[" {
                let hi = s[j + 1]
                if hi.value < lo.value { return .failure("invalid character class range \(lo)-\(hi)") }
                previous = nil
                j += 2
                continue
            }
            previous = c
            j += 1
        }
        return .failure("missing closing ]")
    }
}
