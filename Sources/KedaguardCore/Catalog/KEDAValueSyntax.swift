import Foundation

/// Converts trigger parameter strings exactly as KEDA's typed config does
/// (pkg/scalers/scalersconfig/typed_config.go), so "valid for kedaguard" means "valid for KEDA".
///
/// Integers and floats are decoded as JSON numbers (`007`, `+1`, `.5` fail; `1e3` is a float but
/// not an integer), booleans use strconv.ParseBool, durations accept a Go duration or integer
/// milliseconds (negative rejected), lists split on their separator with each element trimmed.
public enum KEDAValueSyntax {
    /// nil when KEDA accepts `value` (already trimmed, non-empty) for the type; else why not.
    public static func problem(_ value: String, type: ParameterValueType) -> String? {
        switch type {
        case .string, .unknown:
            return nil
        case .bool:
            return goBool(value) == nil ? "must be a boolean (true or false)" : nil
        case .integer:
            return jsonInteger(value, unsigned: false)
        case .unsignedInteger:
            return jsonInteger(value, unsigned: true)
        case .float:
            return jsonNumber(value) ? (Double(value)?.isFinite == true ? nil : "is out of range") : "must be a number written as JSON (e.g. 5, 0.5, 1e3; not 05, +5 or .5)"
        case .duration:
            if let d = goDuration(value) { return d < 0 ? "must not be negative" : nil }
            if let ms = Int64(value) { return ms < 0 ? "must not be negative" : nil }
            return "must be a duration such as 30s or 5m, or a whole number of milliseconds"
        case .list(let element, let separator, let range):
            for (i, raw) in value.components(separatedBy: separator).enumerated() {
                let item = raw.trimmingCharacters(in: .whitespaces)
                if let range, element == .integer, item.contains(range) {
                    let ends = item.components(separatedBy: range)
                    if ends.count != 2 { return "element \(i + 1) \"\(item)\" must be a single value or a range start\(range)end" }
                    for end in ends where jsonInteger(end, unsigned: false) != nil {
                        return "element \(i + 1) \"\(item)\": \"\(end)\" is not an integer"
                    }
                    continue
                }
                if let p = problem(item, type: element), element != .string {
                    return "element \(i + 1) \"\(item)\" \(p)"
                }
            }
            return nil
        case .map(let separator):
            for pair in value.components(separatedBy: separator) {
                let item = pair.trimmingCharacters(in: .whitespaces)
                if item.components(separatedBy: "=").count != 2 {
                    return "entry \"\(item)\" must be key=value (entries separated by \"\(separator)\")"
                }
            }
            return nil
        case .urlQuery:
            return urlQueryProblem(value)
        }
    }

    /// strconv.ParseBool.
    public static func goBool(_ s: String) -> Bool? {
        switch s {
        case "1", "t", "T", "TRUE", "true", "True": return true
        case "0", "f", "F", "FALSE", "false", "False": return false
        default: return nil
        }
    }

    /// RFC 8259 number grammar: -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?
    public static func jsonNumber(_ s: String) -> Bool {
        var u = Substring(s).utf8[...]
        func digits() -> Int {
            var n = 0
            while let c = u.first, c >= 48, c <= 57 { u = u.dropFirst(); n += 1 }
            return n
        }
        if u.first == UInt8(ascii: "-") { u = u.dropFirst() }
        guard let first = u.first else { return false }
        if first == UInt8(ascii: "0") {
            u = u.dropFirst()
        } else if digits() == 0 {
            return false
        }
        if u.first == UInt8(ascii: ".") {
            u = u.dropFirst()
            if digits() == 0 { return false }
        }
        if let e = u.first, e == UInt8(ascii: "e") || e == UInt8(ascii: "E") {
            u = u.dropFirst()
            if let sign = u.first, sign == UInt8(ascii: "+") || sign == UInt8(ascii: "-") { u = u.dropFirst() }
            if digits() == 0 { return false }
        }
        return u.isEmpty
    }

    /// encoding/json into an int64 (or uint64): a JSON number without fraction or exponent that fits.
    public static func jsonInteger(_ s: String, unsigned: Bool) -> String? {
        guard jsonNumber(s) else { return "must be a whole number written as JSON (e.g. 5; not 05, +5 or \"5\")" }
        guard !s.contains("."), !s.contains("e"), !s.contains("E") else { return "must be a whole number (no fraction or exponent)" }
        if unsigned {
            if s.hasPrefix("-") { return "must not be negative" }
            return UInt64(s) == nil ? "is out of range" : nil
        }
        return Int64(s) == nil ? "is out of range" : nil
    }

    /// time.ParseDuration: a sequence of decimal numbers with units ns, us, µs, ms, s, m, h. Returns nanoseconds.
    public static func goDuration(_ text: String) -> Double? {
        var s = Substring(text)
        var negative = false
        if let c = s.first, c == "-" || c == "+" {
            negative = c == "-"
            s = s.dropFirst()
        }
        if s == "0" { return 0 }
        if s.isEmpty { return nil }
        let units: [(String, Double)] = [("ns", 1), ("us", 1e3), ("µs", 1e3), ("μs", 1e3), ("ms", 1e6), ("s", 1e9), ("m", 6e10), ("h", 3.6e12)]
        var total = 0.0
        while !s.isEmpty {
            var number = ""
            var sawDigit = false
            while let c = s.first, c.isASCII, c.isNumber || c == "." {
                if c.isNumber { sawDigit = true }
                number.append(c)
                s = s.dropFirst()
            }
            guard sawDigit, number.filter({ $0 == "." }).count <= 1, let value = Double(number.hasPrefix(".") ? "0" + number : number) else { return nil }
            var unit = ""
            while let c = s.first, !(c.isASCII && (c.isNumber || c == ".")) {
                unit.append(c)
                s = s.dropFirst()
            }
            guard let factor = units.first(where: { $0.0 == unit })?.1 else { return nil }
            total += value * factor
        }
        return negative ? -total : total
    }

    /// url.ParseQuery's failures: semicolons and malformed percent escapes.
    static func urlQueryProblem(_ value: String) -> String? {
        if value.contains(";") { return "must not contain ';' (use & between query parameters)" }
        let bytes = Array(value.utf8)
        var i = 0
        while i < bytes.count {
            if bytes[i] == UInt8(ascii: "%") {
                guard i + 2 < bytes.count, isHex(bytes[i + 1]), isHex(bytes[i + 2]) else {
                    return "has an invalid %-escape; write %25 for a literal %"
                }
                i += 3
            } else {
                i += 1
            }
        }
        return nil
    }

    private static func isHex(_ b: UInt8) -> Bool {
        (b >= 48 && b <= 57) || (b >= 65 && b <= 70) || (b >= 97 && b <= 102)
    }
}
