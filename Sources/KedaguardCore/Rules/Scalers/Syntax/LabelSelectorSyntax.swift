/// Parses a label selector string the way apimachinery's labels.Parse does
/// (`app=web,tier in (a,b),!canary,env!=dev`), including its key and value validation.
public enum LabelSelectorSyntax {
    private enum Token: Equatable {
        case error(String), end, closePar, comma, doesNotExist, doubleEquals, equals, greaterThan
        case identifier(String), inKeyword, lessThan, notEquals, notIn, openPar

        var literal: String {
            switch self {
            case .error(let s), .identifier(let s): return s
            case .end: return ""
            case .closePar: return ")"
            case .comma: return ","
            case .doesNotExist: return "!"
            case .doubleEquals: return "=="
            case .equals: return "="
            case .greaterThan: return ">"
            case .inKeyword: return "in"
            case .lessThan: return "<"
            case .notEquals: return "!="
            case .notIn: return "notin"
            case .openPar: return "("
            }
        }
    }

    private static let keywords: [String: Token] = [
        ")": .closePar, ",": .comma, "!": .doesNotExist, "==": .doubleEquals, "=": .equals,
        ">": .greaterThan, "in": .inKeyword, "<": .lessThan, "!=": .notEquals, "notin": .notIn, "(": .openPar,
    ]

    private static func isWhitespace(_ b: UInt8) -> Bool { b == 32 || b == 9 || b == 13 || b == 10 }
    private static func isSpecial(_ b: UInt8) -> Bool { "=!(),<>".utf8.contains(b) }

    private static func lex(_ s: String) -> [Token] {
        let bytes = Array(s.utf8)
        var i = 0
        var out: [Token] = []
        while true {
            while i < bytes.count, isWhitespace(bytes[i]) { i += 1 }
            // A NUL byte ends the input for apimachinery's lexer, as the end of the string does.
            if i >= bytes.count || bytes[i] == 0 { out.append(.end); return out }
            if isSpecial(bytes[i]) {
                var buffer: [UInt8] = []
                var last: Token?
                while i < bytes.count, bytes[i] != 0, isSpecial(bytes[i]) {
                    buffer.append(bytes[i])
                    if let t = keywords[String(decoding: buffer, as: UTF8.self)] {
                        last = t
                        i += 1
                    } else if last != nil {
                        break
                    } else {
                        i += 1
                    }
                }
                guard let token = last else {
                    out.append(.error(String(decoding: buffer, as: UTF8.self)))
                    out.append(.end)
                    return out
                }
                out.append(token)
            } else {
                var buffer: [UInt8] = []
                while i < bytes.count, bytes[i] != 0, !isSpecial(bytes[i]), !isWhitespace(bytes[i]) {
                    buffer.append(bytes[i])
                    i += 1
                }
                let word = String(decoding: buffer, as: UTF8.self)
                if word == "in" { out.append(.inKeyword) } else if word == "notin" { out.append(.notIn) } else { out.append(.identifier(word)) }
            }
        }
    }

    private struct Parser {
        var items: [Token]
        var position = 0

        // In value context the keywords in/notin are plain identifiers.
        func asValue(_ t: Token) -> Token {
            switch t {
            case .inKeyword: return .identifier("in")
            case .notIn: return .identifier("notin")
            default: return t
            }
        }

        func lookahead(values: Bool) -> Token { values ? asValue(items[position]) : items[position] }

        mutating func consume(values: Bool) -> Token {
            position += 1
            return values ? asValue(items[position - 1]) : items[position - 1]
        }
    }

    /// nil when labels.Parse accepts `selector`, else why not.
    public static func problem(_ selector: String) -> String? {
        var p = Parser(items: lex(selector))
        while true {
            switch p.lookahead(values: true) {
            case .identifier, .doesNotExist:
                if let e = requirement(&p) { return e }
                let t = p.consume(values: true)
                switch t {
                case .end: return nil
                case .comma:
                    let t2 = p.lookahead(values: true)
                    if case .identifier = t2 { continue }
                    if t2 == .doesNotExist { continue }
                    return "found '\(t2.literal)', expected an identifier after ','"
                default: return "found '\(t.literal)', expected ',' or the end"
                }
            case .end:
                return nil
            case let t:
                return "found '\(t.literal)', expected '!', a label key, or the end"
            }
        }
    }

    private static func requirement(_ p: inout Parser) -> String? {
        var t = p.consume(values: true)
        var negated = false
        if t == .doesNotExist {
            negated = true
            t = p.consume(values: true)
        }
        guard case .identifier(let key) = t else { return "found '\(t.literal)', expected a label key" }
        if let e = labelKeyProblem(key) { return "label key \"\(key)\" \(e)" }
        let next = p.lookahead(values: true)
        if next == .end || next == .comma { return nil } // exists / does not exist
        if negated { return "'!\(key)' cannot be followed by an operator" }
        let op = p.consume(values: false)
        var values: [String] = []
        switch op {
        case .inKeyword, .notIn:
            let open = p.consume(values: true)
            guard open == .openPar else { return "found '\(open.literal)', expected '(' after \(op.literal)" }
            switch p.lookahead(values: true) {
            case .identifier, .comma:
                while true {
                    let item = p.consume(values: true)
                    switch item {
                    case .identifier(let v):
                        values.append(v)
                        let after = p.lookahead(values: true)
                        if after == .comma { continue }
                        if after == .closePar { break }
                        return "found '\(after.literal)', expected ',' or ')'"
                    case .comma:
                        let after = p.lookahead(values: true)
                        if after == .closePar { values.append(""); break }
                        continue
                    default:
                        return "found '\(item.literal)', expected ',' or a value"
                    }
                    break
                }
                let close = p.consume(values: true)
                guard close == .closePar else { return "found '\(close.literal)', expected ')'" }
            case .closePar:
                _ = p.consume(values: true)
                values = [""]
            case let other:
                return "found '\(other.literal)', expected ',', ')' or a value"
            }
        case .equals, .doubleEquals, .notEquals, .greaterThan, .lessThan:
            let v = p.lookahead(values: true)
            if v == .end || v == .comma {
                values = [""]
            } else {
                let value = p.consume(values: true)
                guard case .identifier(let s) = value else { return "found '\(value.literal)', expected a value" }
                values = [s]
            }
            if op == .greaterThan || op == .lessThan, let s = values.first, Int64(s) == nil {
                return "the value of '\(op.literal)' must be an integer, got \"\(s)\""
            }
        default:
            return "found '\(op.literal)', expected one of =, ==, !=, in, notin, <, >"
        }
        for v in values where labelValueProblem(v) != nil {
            return "label value \"\(v)\" \(labelValueProblem(v)!)"
        }
        return nil
    }

    /// A qualified name: optional DNS-subdomain prefix and '/', then a name of at most 63
    /// alphanumerics, '-', '_' or '.', starting and ending alphanumeric.
    public static func labelKeyProblem(_ key: String) -> String? {
        let parts = key.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        let name: String
        switch parts.count {
        case 1: name = parts[0]
        case 2:
            if parts[0].isEmpty { return "has an empty prefix before '/'" }
            if !isDNSSubdomain(parts[0]) { return "has a prefix that is not a lower-case DNS subdomain" }
            name = parts[1]
        default: return "may contain at most one '/'"
        }
        if name.isEmpty { return "has an empty name part" }
        if name.utf8.count > 63 { return "is longer than 63 characters" }
        if !isNamePart(name) { return "must consist of alphanumerics, '-', '_' or '.', starting and ending with an alphanumeric" }
        return nil
    }

    public static func labelValueProblem(_ value: String) -> String? {
        if value.isEmpty { return nil }
        if value.utf8.count > 63 { return "is longer than 63 characters" }
        if !isNamePart(value) { return "must be empty or consist of alphanumerics, '-', '_' or '.', starting and ending with an alphanumeric" }
        return nil
    }

    private static func isAlnum(_ b: UInt8) -> Bool {
        (b >= 48 && b <= 57) || (b >= 65 && b <= 90) || (b >= 97 && b <= 122)
    }

    private static func isNamePart(_ s: String) -> Bool {
        let b = Array(s.utf8)
        guard let f = b.first, let l = b.last, isAlnum(f), isAlnum(l) else { return false }
        return b.allSatisfy { isAlnum($0) || $0 == 45 || $0 == 95 || $0 == 46 }
    }

    /// RFC 1123 subdomain exactly as apimachinery's regexp: dot-separated labels of lower-case
    /// alphanumerics and '-', each starting and ending alphanumeric, 253 characters at most.
    static func isDNSSubdomain(_ s: String) -> Bool {
        guard s.utf8.count <= 253 else { return false }
        for label in s.split(separator: ".", omittingEmptySubsequences: false) {
            let b = Array(label.utf8)
            func lowerAlnum(_ c: UInt8) -> Bool { (c >= 48 && c <= 57) || (c >= 97 && c <= 122) }
            guard let f = b.first, let l = b.last, lowerAlnum(f), lowerAlnum(l) else { return false }
            guard b.allSatisfy({ lowerAlnum($0) || $0 == 45 }) else { return false }
        }
        return true
    }
}
