/// Converts trigger parameter strings exactly as KEDA's typed config does
/// (pkg/scalers/scalersconfig/typed_config.go), so "valid for kedaguard" means "valid for KEDA".
///
/// Everything works on bytes and Unicode scalars, like Go, never on Swift's grapheme clusters:
/// Go splits, trims and compares bytes, and canonical equivalence would make "é" equal "e\u{301}".
///
/// - Integers and floats go through encoding/json: `007`, `+1`, `.5`, `1.` fail; `1e3` is a float
///   but not an integer; the JSON literal `null` is accepted (it leaves the zero value).
/// - Booleans use strconv.ParseBool.
/// - Durations (typed since v2.18.0) accept time.ParseDuration or strconv.ParseInt milliseconds,
///   and reject negative values.
/// - Lists split on their separator with each element trimmed; integer elements containing the
///   range separator are `start<sep>end`, each end decoded as JSON (untrimmed, so only JSON
///   whitespace may surround it).
/// - Maps split on their separator, each element exactly one `=`.
/// - URL queries follow url.ParseQuery (no `;`, valid %-escapes).
public enum KEDAValueSyntax {
    // MARK: Values as KEDA sees them

    /// strings.TrimSpace: strips Unicode White_Space (which includes newlines, unlike Swift's
    /// `.whitespaces`), so a block scalar's trailing newline does not count.
    public static func trim(_ s: String) -> String {
        // Nearly every value is already trimmed: answer without building a new string.
        if let first = s.utf8.first, let last = s.utf8.last, first > 0x20, first < 0x80, last > 0x20, last < 0x80 {
            return s
        }
        let scalars = s.unicodeScalars
        guard let start = scalars.firstIndex(where: { !isGoSpace($0) }) else { return "" }
        let end = scalars.lastIndex(where: { !isGoSpace($0) })!
        return String(scalars[start...end])
    }

    /// unicode.IsSpace.
    public static func isGoSpace(_ c: Unicode.Scalar) -> Bool {
        switch c.value {
        case 0x09...0x0D, 0x20, 0x85, 0xA0, 0x1680, 0x2000...0x200A, 0x2028, 0x2029, 0x202F, 0x205F, 0x3000: return true
        default: return false
        }
    }

    /// The value KEDA reads from a map entry: trimmed, and nil when that leaves nothing
    /// (KEDA treats an empty value as not given).
    public static func effectiveValue(_ raw: String?) -> String? {
        guard let raw else { return nil }
        let t = trim(raw)
        return t.isEmpty ? nil : t
    }

    /// strings.Split: byte-wise, every occurrence, empty pieces kept.
    public static func split(_ s: String, separator: String) -> [String] {
        guard !separator.isEmpty else { return s.unicodeScalars.map { String($0) } }
        // In the strings' own storage: copying both into arrays first cost two allocations
        // for every list value of every trigger.
        var s = s, separator = separator
        return s.withUTF8 { bytes in
            separator.withUTF8 { sep in
                var parts: [String] = []
                var start = 0, i = 0
                while i + sep.count <= bytes.count {
                    if UnsafeBufferPointer(rebasing: bytes[i..<(i + sep.count)]).elementsEqual(sep) {
                        parts.append(String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<i]), as: UTF8.self))
                        i += sep.count
                        start = i
                    } else {
                        i += 1
                    }
                }
                parts.append(String(decoding: UnsafeBufferPointer(rebasing: bytes[start...]), as: UTF8.self))
                return parts
            }
        }
    }

    /// Byte equality, as Go's `==` on strings.
    public static func same(_ a: String, _ b: String) -> Bool { a.utf8.elementsEqual(b.utf8) }

    // MARK: enum and exclusiveSet (checked on the split value, before conversion)

    /// Elements of `value` (split on `separator`, default ",", each trimmed) that are not in
    /// `allowed`, compared byte for byte. Empty when KEDA's enum check passes.
    public static func disallowedElements(_ value: String, allowed: [String], separator: String?) -> [String] {
        guard !allowed.isEmpty else { return [] }
        var out: [String] = []
        for part in split(value, separator: separator ?? ",") {
            let element = trim(part)
            if !allowed.contains(where: { same($0, element) }), !out.contains(where: { same($0, element) }) {
                out.append(element)
            }
        }
        return out
    }

    /// Elements of `value` that belong to `exclusiveSet`, in order (with repeats, as KEDA counts
    /// them). KEDA fails when there are two or more.
    public static func exclusiveMembers(_ value: String, exclusiveSet: [String], separator: String?) -> [String] {
        guard !exclusiveSet.isEmpty else { return [] }
        return split(value, separator: separator ?? ",").map(trim).filter { e in exclusiveSet.contains { same($0, e) } }
    }

    // MARK: Conversion

    /// nil when KEDA converts `value` (trimmed, non-empty) to `type`; else why not.
    public static func problem(_ value: String, type: ParameterValueType) -> String? {
        switch type {
        case .string, .unknown:
            return nil
        case .bool:
            return goBool(value) == nil ? "must be a boolean: true or false (also accepted: 1, t, T, TRUE, True, 0, f, F, FALSE, False)" : nil
        case .integer:
            return jsonInteger(value, bits: 64, signed: true)
        case .unsignedInteger:
            return jsonInteger(value, bits: 64, signed: false)
        case .sizedInteger(let bits, let signed):
            return jsonInteger(value, bits: bits, signed: signed)
        case .float:
            return jsonFloat(value)
        case .duration:
            return durationProblem(value)
        case .list(let element, let separator, let range):
            return listProblem(value, element: element, separator: separator, range: range)
        case .map(let separator):
            for part in split(value, separator: separator) {
                let item = trim(part)
                if split(item, separator: "=").count != 2 {
                    return "entry \"\(item)\" must be key=value with exactly one '=' (entries separated by \"\(separator)\")"
                }
            }
            return nil
        case .urlQuery:
            return urlQueryProblem(value)
        }
    }

    private static func listProblem(_ value: String, element: ParameterValueType, separator: String, range: String?) -> String? {
        for (i, part) in split(value, separator: separator).enumerated() {
            let item = trim(part)
            // Built only for a message: nearly every element is fine.
            var label: String { "element \(i + 1) \"\(item)\"" }
            if let range, !range.isEmpty, element.isInteger, item.utf8.contains(range.utf8) {
                let ends = split(item, separator: range)
                guard ends.count == 2 else {
                    return "\(label) must be a single value or a range start\(range)end (negative numbers are not possible here)"
                }
                for end in ends {
                    // Range ends are decoded untrimmed: JSON whitespace is fine, null is not.
                    let bare = end.trimmingJSONWhitespace
                    if bare == "null" || problem(bare, element: element) != nil {
                        return "\(label): range end \"\(end)\" must be a whole number"
                    }
                }
                continue
            }
            if let p = problem(item, element: element) {
                return "\(label) \(p)"
            }
        }
        return nil
    }

    /// A list element: like a value, but an empty one reaches the converter too.
    private static func problem(_ item: String, element: ParameterValueType) -> String? {
        if item.isEmpty {
            switch element {
            case .string, .unknown, .map, .urlQuery: return nil
            default: return "is empty (remove the extra separator)"
            }
        }
        return problem(item, type: element)
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

    static let integerHint = "must be a whole number written as JSON (e.g. 5 or -5; not 05, +5, 5.0 or 1e3)"

    /// encoding/json into a Go integer of `bits` bits: a JSON number that strconv.ParseInt
    /// (or ParseUint) reads and that fits; `null` leaves the zero value and is accepted.
    public static func jsonInteger(_ s: String, bits: Int, signed: Bool) -> String? {
        if s == "null" { return nil }
        guard jsonNumber(s) else { return integerHint }
        guard !s.utf8.contains(where: { $0 == UInt8(ascii: ".") || $0 == UInt8(ascii: "e") || $0 == UInt8(ascii: "E") }) else {
            return "must be a whole number (no fraction or exponent)"
        }
        if signed {
            guard let v = Int64(s) else { return "is out of range for a \(bits)-bit integer" }
            let limit: Int64 = bits >= 64 ? .max : (Int64(1) << Int64(bits - 1)) - 1
            if v < -limit - 1 || v > limit { return "is out of range for a \(bits)-bit integer" }
            return nil
        }
        if s.hasPrefix("-") { return "must not be negative" }
        guard let v = UInt64(s) else { return "is out of range for a \(bits)-bit unsigned integer" }
        let max: UInt64 = bits >= 64 ? .max : (UInt64(1) << UInt64(bits)) - 1
        if v > max { return "is out of range for a \(bits)-bit unsigned integer" }
        return nil
    }

    /// encoding/json into a float64: a JSON number within range, or `null`.
    public static func jsonFloat(_ s: String) -> String? {
        if s == "null" { return nil }
        guard jsonNumber(s) else { return "must be a number written as JSON (e.g. 5, 0.5, -2, 1e3; not 05, +5, .5 or 5.)" }
        guard let d = Double(s), d.isFinite else { return "is out of range for a 64-bit float" }
        return nil
    }

    /// v2.18.0+: time.ParseDuration, else strconv.ParseInt as milliseconds; negative rejected.
    public static func durationProblem(_ s: String) -> String? {
        if let d = goDuration(s) { return d < 0 ? "must not be negative" : nil }
        if let ms = Int64(s) { return ms < 0 ? "must not be negative" : nil }
        return "must be a duration such as 30s, 1m30s or 500ms, or a whole number of milliseconds"
    }

    /// time.ParseDuration: `[-+]?([0-9]*(\.[0-9]*)?[a-z]+)+` with units ns, us, µs, μs, ms, s,
    /// m, h, and Go's overflow limits. Returns nanoseconds, or nil when Go returns an error.
    public static func goDuration(_ text: String) -> Int64? {
        var s = Array(text.utf8)[...]
        var negative = false
        if let c = s.first, c == UInt8(ascii: "-") || c == UInt8(ascii: "+") {
            negative = c == UInt8(ascii: "-")
            s = s.dropFirst()
        }
        if s.elementsEqual([UInt8(ascii: "0")]) { return 0 }
        if s.isEmpty { return nil }
        let limit: UInt64 = 1 << 63
        var total: UInt64 = 0
        func isDigit(_ c: UInt8) -> Bool { c >= 48 && c <= 57 }
        while !s.isEmpty {
            guard let c = s.first, c == UInt8(ascii: ".") || isDigit(c) else { return nil }
            // leadingInt: overflow is an error.
            var v: UInt64 = 0
            var consumed = 0
            while let c = s.first, isDigit(c) {
                if v > limit / 10 { return nil }
                v = v * 10 + UInt64(c - 48)
                if v > limit { return nil }
                s = s.dropFirst()
                consumed += 1
            }
            let pre = consumed > 0
            // leadingFraction: digits past what fits are consumed and ignored.
            var f: UInt64 = 0
            var scale = 1.0
            var post = false
            if s.first == UInt8(ascii: ".") {
                s = s.dropFirst()
                var overflow = false
                while let c = s.first, isDigit(c) {
                    post = true
                    s = s.dropFirst()
                    if overflow { continue }
                    if f > (limit - 1) / 10 { overflow = true; continue }
                    let y = f * 10 + UInt64(c - 48)
                    if y > limit { overflow = true; continue }
                    f = y
                    scale *= 10
                }
            }
            if !pre && !post { return nil }
            var unitBytes: [UInt8] = []
            while let c = s.first, c != UInt8(ascii: "."), !isDigit(c) {
                unitBytes.append(c)
                s = s.dropFirst()
            }
            guard let unit = durationUnits[String(decoding: unitBytes, as: UTF8.self)], !unitBytes.isEmpty else { return nil }
            if v > limit / unit { return nil }
            v *= unit
            if f > 0 {
                v += UInt64(Double(f) * (Double(unit) / scale))
                if v > limit { return nil }
            }
            total += v
            if total > limit { return nil }
        }
        if negative { return total == limit ? Int64.min : -Int64(total) }
        if total > limit - 1 { return nil }
        return Int64(total)
    }

    private static let durationUnits: [String: UInt64] = [
        "ns": 1, "us": 1_000, "\u{00B5}s": 1_000, "\u{03BC}s": 1_000, "ms": 1_000_000,
        "s": 1_000_000_000, "m": 60_000_000_000, "h": 3_600_000_000_000,
    ]

    /// url.ParseQuery's failures: a `;` anywhere, or a `%` not followed by two hex digits.
    public static func urlQueryProblem(_ value: String) -> String? {
        let bytes = Array(value.utf8)
        if bytes.contains(UInt8(ascii: ";")) { return "must not contain ';' (separate query parameters with &)" }
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

private extension String {
    /// JSON insignificant whitespace: space, tab, line feed, carriage return.
    var trimmingJSONWhitespace: String {
        let ws: Set<UInt8> = [0x20, 0x09, 0x0A, 0x0D]
        let bytes = Array(utf8)
        guard let start = bytes.firstIndex(where: { !ws.contains($0) }) else { return "" }
        let end = bytes.lastIndex(where: { !ws.contains($0) })!
        return String(decoding: bytes[start...end], as: UTF8.self)
    }
}
