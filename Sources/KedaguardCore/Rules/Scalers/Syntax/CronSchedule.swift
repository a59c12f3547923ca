import Foundation

/// Parses a cron expression exactly as KEDA's cron scaler does: robfig/cron v3 with the fields
/// minute, hour, day of month, month and day of week, no seconds and no `@` descriptors.
public enum CronSchedule {
    struct Bounds {
        let name: String
        let min: Int
        let max: Int
        let names: [String: Int]
    }

    static let fields: [Bounds] = [
        Bounds(name: "minute", min: 0, max: 59, names: [:]),
        Bounds(name: "hour", min: 0, max: 23, names: [:]),
        Bounds(name: "day of month", min: 1, max: 31, names: [:]),
        Bounds(name: "month", min: 1, max: 12, names: [
            "jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6,
            "jul": 7, "aug": 8, "sep": 9, "oct": 10, "nov": 11, "dec": 12,
        ]),
        Bounds(name: "day of week", min: 0, max: 6, names: [
            "sun": 0, "mon": 1, "tue": 2, "wed": 3, "thu": 4, "fri": 5, "sat": 6,
        ]),
    ]

    /// nil when the parser accepts `spec`; otherwise why not.
    public static func problem(_ spec: String) -> String? {
        if isPlainlyValid(spec) { return nil }
        return problemByParsing(spec)
    }

    /// The full parse, which also explains what is wrong.
    static func problemByParsing(_ spec: String) -> String? {
        if spec.isEmpty { return "is empty" }
        var rest = spec
        if rest.hasPrefix("TZ=") || rest.hasPrefix("CRON_TZ=") {
            // The parser takes the zone up to the first space (and fails without one).
            guard let space = rest.firstIndex(of: " "), let eq = rest.firstIndex(of: "=") else {
                return "has a TZ= prefix but no schedule after it"
            }
            let zone = String(rest[rest.index(after: eq)..<space])
            if !TimeZoneNames.isKnown(zone) { return "names the unknown time zone \"\(zone)\" in its TZ= prefix" }
            rest = KEDAValueSyntax.trim(String(rest[space...]))
        }
        if rest.hasPrefix("@") {
            return "uses a descriptor (\(rest.split(separator: " ").first ?? "")); KEDA's cron parser only takes five fields: minute hour day-of-month month day-of-week"
        }
        // Substrings throughout: this runs for every cron trigger of every request. Go's
        // strings.Fields splits on Unicode white space; ASCII schedules (nearly all) are split on
        // bytes, which skips grapheme breaking.
        let parts: [Substring]
        if rest.utf8.allSatisfy({ $0 < 0x80 }) {
            parts = rest.utf8.split(whereSeparator: isASCIISpace).map { Substring($0) }
        } else {
            parts = rest.split(whereSeparator: { $0.isWhitespace })
        }
        guard parts.count == 5 else {
            return "has \(parts.count) field\(parts.count == 1 ? "" : "s"); KEDA needs exactly 5 (minute hour day-of-month month day-of-week, no seconds)"
        }
        for (field, bounds) in zip(parts, fields) {
            if let p = fieldProblem(field, bounds) { return "\(bounds.name) field \"\(field)\": \(p)" }
        }
        return nil
    }

    private static func fieldProblem(_ field: Substring, _ r: Bounds) -> String? {
        // robfig splits on commas and skips empty pieces. Slicing at byte offsets of ASCII
        // separators keeps this free of arrays: it runs for every cron trigger of every request.
        var rest = field
        while !rest.isEmpty {
            let comma = rest.utf8.firstIndex(of: UInt8(ascii: ",")) ?? rest.endIndex
            let expr = rest[..<comma]
            if !expr.isEmpty, let p = rangeProblem(expr, r) { return p }
            rest = comma == rest.endIndex ? rest[rest.endIndex...] : rest[rest.utf8.index(after: comma)...]
        }
        return nil
    }

    /// Whether `spec` is an ASCII schedule made only of the common shapes (`*`, `?`, numbers,
    /// `a-b`, `/step`, comma lists) and inside every field's bounds, read from its bytes in one
    /// pass. This runs for both schedules of every cron trigger of every request, and slicing
    /// substrings cost more than the rest of the rule. False means "parse it fully", not
    /// "invalid": names, signs, TZ= prefixes and every error take the full parse.
    static func isPlainlyValid(_ spec: String) -> Bool {
        var spec = spec
        return spec.withUTF8 { bytes in
            var i = 0
            var field = 0
            func number() -> Int? {
                var value = 0
                let start = i
                while i < bytes.count, (0x30...0x39).contains(bytes[i]), i - start < 4 {
                    value = value * 10 + Int(bytes[i] - 0x30)
                    i += 1
                }
                if i == start || (i < bytes.count && (0x30...0x39).contains(bytes[i])) { return nil }
                return value
            }
            while true {
                while i < bytes.count, isASCIISpace(bytes[i]) { i += 1 }
                if i == bytes.count { break }
                guard field < fields.count else { return false }
                let r = fields[field]
                field += 1
                // One field: comma-separated expressions, empty ones skipped as the parser does.
                while i < bytes.count, !isASCIISpace(bytes[i]) {
                    if bytes[i] == UInt8(ascii: ",") { i += 1; continue }
                    var start: Int, end: Int
                    var hasHigh = false
                    if bytes[i] == UInt8(ascii: "*") || bytes[i] == UInt8(ascii: "?") {
                        i += 1
                        start = r.min
                        end = r.max
                        if i < bytes.count, bytes[i] == UInt8(ascii: "-") { return false }
                    } else {
                        guard let low = number() else { return false }
                        start = low
                        end = low
                        if i < bytes.count, bytes[i] == UInt8(ascii: "-") {
                            i += 1
                            guard let high = number() else { return false }
                            end = high
                            hasHigh = true
                        }
                    }
                    if i < bytes.count, bytes[i] == UInt8(ascii: "/") {
                        i += 1
                        guard let step = number(), step > 0 else { return false }
                        if !hasHigh { end = r.max }
                    }
                    guard i == bytes.count || isASCIISpace(bytes[i]) || bytes[i] == UInt8(ascii: ",") else { return false }
                    guard start >= r.min, end <= r.max, start <= end else { return false }
                }
            }
            return field == fields.count
        }
    }

    /// The ASCII bytes Go's strings.Fields splits on.
    private static func isASCIISpace(_ b: UInt8) -> Bool { b == 0x20 || (0x09...0x0D).contains(b) }

    /// Splits at the first `separator`: the part before it, the part after it, and whether the
    /// part after it holds the separator again (robfig's split then yields more than two pieces).
    private static func cut(_ s: Substring, at separator: UInt8) -> (head: Substring, tail: Substring?, more: Bool) {
        guard let i = s.utf8.firstIndex(of: separator) else { return (s, nil, false) }
        let tail = s[s.utf8.index(after: i)...]
        return (s[..<i], tail, tail.utf8.contains(separator))
    }

    private static func rangeProblem(_ expr: Substring, _ r: Bounds) -> String? {
        let (range, stepText, extraSlash) = cut(expr, at: UInt8(ascii: "/"))
        let (lowText, highText, extraHyphen) = cut(range, at: UInt8(ascii: "-"))
        var start: Int
        var end: Int
        if lowText == "*" || lowText == "?" {
            start = r.min
            end = r.max
        } else {
            switch parseIntOrName(lowText, r.names) {
            case .failure(let p): return p
            case .success(let v): start = v
            }
            if extraHyphen { return "too many hyphens" }
            if let highText {
                switch parseIntOrName(highText, r.names) {
                case .failure(let p): return p
                case .success(let v): end = v
                }
            } else {
                end = start
            }
        }
        var step = 1
        if extraSlash { return "too many slashes" }
        if let stepText {
            switch atoi(stepText) {
            case .failure(let p): return p
            case .success(let v): step = v
            }
            if highText == nil { end = r.max }
        }
        if start < r.min { return "\(start) is below the minimum \(r.min)" }
        if end > r.max { return "\(end) is above the maximum \(r.max)" }
        if start > end { return "range start \(start) is beyond its end \(end)" }
        if step == 0 { return "the step must be a positive number" }
        return nil
    }

    private enum Parsed {
        case success(Int)
        case failure(String)
    }

    private static func parseIntOrName(_ s: Substring, _ names: [String: Int]) -> Parsed {
        // Names are letters only: a number needs no lowercasing and hashing.
        if !names.isEmpty, let first = s.utf8.first, first > UInt8(ascii: "9"), let v = names[s.lowercased()] { return .success(v) }
        return atoi(s)
    }

    /// strconv.Atoi (optional sign, decimal digits), then negatives rejected.
    private static func atoi(_ s: Substring) -> Parsed {
        var digits = s
        var negative = false
        if let c = digits.first, c == "+" || c == "-" {
            negative = c == "-"
            digits = digits.dropFirst()
        }
        guard !digits.isEmpty, digits.utf8.allSatisfy({ (0x30...0x39).contains($0) }), let v = Int(digits) else {
            return .failure(s.isEmpty ? "a number is missing" : "\"\(s)\" is not a number")
        }
        if negative && v != 0 { return .failure("negative numbers are not allowed") }
        return .success(v)
    }
}
