/// Resolves plain YAML scalars the way Kubernetes tooling does (go-yaml v2 via sigs.k8s.io/yaml):
/// YAML 1.1 booleans (`yes`, `on`, ...), nulls, integers in Go's base-prefix syntax, floats.
/// This matters because `paused: yes` is a boolean to kubectl, not the string "yes".
enum YAMLScalarResolver {
    static func resolvePlain(_ text: String) -> Node.Value {
        // Most plain scalars are words that can be none of the special forms below: decide from
        // the first byte and the length before comparing against the tables.
        guard let first = text.utf8.first else { return .null }
        let maybeNumber = first == UInt8(ascii: "-") || first == UInt8(ascii: "+") || first == UInt8(ascii: ".")
            || (first >= UInt8(ascii: "0") && first <= UInt8(ascii: "9"))
        if !maybeNumber {
            guard text.utf8.count <= 5, specialFirstBytes.contains(first) else { return .string(text) }
        }
        // No null, boolean, infinity or NaN spelling starts with a digit.
        let startsWithDigit = first >= UInt8(ascii: "0") && first <= UInt8(ascii: "9")
        if !startsWithDigit {
            switch text {
            case "", "~", "null", "Null", "NULL":
                return .null
            case "y", "Y", "yes", "Yes", "YES", "true", "True", "TRUE", "on", "On", "ON":
                return .bool(true)
            case "n", "N", "no", "No", "NO", "false", "False", "FALSE", "off", "Off", "OFF":
                return .bool(false)
            case ".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF":
                return .number(Number(text: text, int: nil, double: .infinity))
            case "-.inf", "-.Inf", "-.INF":
                return .number(Number(text: text, int: nil, double: -.infinity))
            case ".nan", ".NaN", ".NAN":
                return .number(Number(text: text, int: nil, double: .nan))
            default:
                break
            }
        }
        guard maybeNumber else { return .string(text) }
        // Plain decimal integers are by far the most common number: skip the general parser.
        if text.utf8.count <= 18, text.utf8.allSatisfy({ $0 >= 48 && $0 <= 57 }), text.utf8.first != 48 || text.utf8.count == 1,
           let i = Int64(text) {
            return .number(Number(text: text, int: i, double: Double(i)))
        }
        if let i = parseGoInteger(text) {
            return .number(Number(text: canonicalIntegerText(text, value: i), int: i, double: Double(i)))
        }
        if isYAMLFloat(text), let d = Double(text) {
            return .number(Number(text: text, int: nil, double: d))
        }
        return .string(text)
    }

    /// First bytes of the null and boolean spellings (`~`, `null`, `yes`, `off`, ...).
    private static let specialFirstBytes: Set<UInt8> = Set("~nNyYtTfFoO".utf8)

    /// Decimal integers keep their spelling unless it differs from the canonical form (leading `+`,
    /// underscores, hex or octal), where sigs.k8s.io/yaml would emit the decimal value.
    private static func canonicalIntegerText(_ text: String, value: Int64) -> String {
        let canonical = String(value)
        return canonical == text ? text : canonical
    }

    /// strconv.ParseInt(s, 0, 64) after removing underscores, as go-yaml v2 resolves ints.
    static func parseGoInteger(_ raw: String) -> Int64? {
        var s = Substring(raw.replacingUnderscores())
        var negative = false
        if s.first == "+" || s.first == "-" {
            negative = s.first == "-"
            s = s.dropFirst()
        }
        guard !s.isEmpty else { return nil }
        var radix = 10
        if s.count > 1, s.first == "0" {
            let second = s.dropFirst().first!
            switch second {
            case "x", "X": radix = 16; s = s.dropFirst(2)
            case "b", "B": radix = 2; s = s.dropFirst(2)
            case "o", "O": radix = 8; s = s.dropFirst(2)
            default: radix = 8; s = s.dropFirst()
            }
            guard !s.isEmpty else { return nil }
        }
        guard s.allSatisfy({ $0.isHexDigit }), let magnitude = UInt64(s, radix: radix) else { return nil }
        if negative {
            guard magnitude <= UInt64(Int64.max) + 1 else { return nil }
            return magnitude == UInt64(Int64.max) + 1 ? Int64.min : -Int64(magnitude)
        }
        guard magnitude <= UInt64(Int64.max) else { return nil }
        return Int64(magnitude)
    }

    /// go-yaml v2's float pattern: `^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$`.
    static func isYAMLFloat(_ text: String) -> Bool {
        var bytes = Substring(text).utf8[...]
        if let f = bytes.first, f == UInt8(ascii: "+") || f == UInt8(ascii: "-") { bytes = bytes.dropFirst() }
        func digits(_ b: inout Substring.UTF8View.SubSequence) -> Int {
            var n = 0
            while let c = b.first, c >= UInt8(ascii: "0"), c <= UInt8(ascii: "9") { b = b.dropFirst(); n += 1 }
            return n
        }
        if bytes.first == UInt8(ascii: ".") {
            bytes = bytes.dropFirst()
            guard digits(&bytes) > 0 else { return false }
        } else {
            guard digits(&bytes) > 0 else { return false }
            if bytes.first == UInt8(ascii: ".") {
                bytes = bytes.dropFirst()
                _ = digits(&bytes)
            }
        }
        if let e = bytes.first, e == UInt8(ascii: "e") || e == UInt8(ascii: "E") {
            bytes = bytes.dropFirst()
            if let s = bytes.first, s == UInt8(ascii: "+") || s == UInt8(ascii: "-") { bytes = bytes.dropFirst() }
            guard digits(&bytes) > 0 else { return false }
        }
        return bytes.isEmpty
    }
}

private extension String {
    func replacingUnderscores() -> String {
        contains("_") ? String(filter { $0 != "_" }) : self
    }
}
