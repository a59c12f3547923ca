/// Go standard-library parsers that KEDA applies to resource fields (not to trigger metadata,
/// which goes through the typed config in `KEDAValueSyntax`). Reimplemented so that kedaguard
/// accepts exactly what the operator accepts.
public enum GoSyntax {
    /// strconv.ParseFloat(s, 64): decimal or hexadecimal floats, optional sign, `inf`/`infinity`
    /// and `nan` in any case, underscores only after a base prefix. No surrounding spaces.
    /// Returns nil where Go returns an error (syntax, or magnitude beyond float64).
    public static func parseFloat(_ text: String) -> Double? {
        var s = Substring(text)
        guard !s.isEmpty else { return nil }
        var negative = false
        var signed = false
        if s.first == "+" || s.first == "-" {
            negative = s.first == "-"
            signed = true
            s = s.dropFirst()
        }
        let lower = s.lowercased()
        if lower == "inf" || lower == "infinity" { return negative ? -.infinity : .infinity }
        if lower == "nan" { return signed ? nil : .nan }
        if lower.hasPrefix("0x") { return hexFloat(String(s.dropFirst(2)), negative: negative) }
        // Decimal: digits, optional fraction, optional exponent; at least one mantissa digit.
        let bytes = Array(s.utf8)
        var i = 0
        var mantissaDigits = 0
        while i < bytes.count, isDigit(bytes[i]) { i += 1; mantissaDigits += 1 }
        if i < bytes.count, bytes[i] == UInt8(ascii: ".") {
            i += 1
            while i < bytes.count, isDigit(bytes[i]) { i += 1; mantissaDigits += 1 }
        }
        guard mantissaDigits > 0 else { return nil }
        if i < bytes.count, bytes[i] == UInt8(ascii: "e") || bytes[i] == UInt8(ascii: "E") {
            i += 1
            if i < bytes.count, bytes[i] == UInt8(ascii: "+") || bytes[i] == UInt8(ascii: "-") { i += 1 }
            var expDigits = 0
            while i < bytes.count, isDigit(bytes[i]) { i += 1; expDigits += 1 }
            guard expDigits > 0 else { return nil }
        }
        guard i == bytes.count else { return nil }
        var normalized = String(s)
        if normalized.hasPrefix(".") { normalized = "0" + normalized }
        normalized = normalized.replacingOccurrences(of: ".e", with: ".0e").replacingOccurrences(of: ".E", with: ".0E")
        if normalized.hasSuffix(".") { normalized += "0" }
        guard let value = Double(normalized), value.isFinite else { return nil }
        return negative ? -value : value
    }

    /// The hexadecimal form `0x1.8p3`: a binary exponent is mandatory; `_` may separate digits.
    private static func hexFloat(_ body: String, negative: Bool) -> Double? {
        guard let p = body.firstIndex(where: { $0 == "p" || $0 == "P" }) else { return nil }
        let mantissa = body[..<p].filter { $0 != "_" }
        var exponentText = Substring(body[body.index(after: p)...])
        var expNegative = false
        if exponentText.first == "+" || exponentText.first == "-" {
            expNegative = exponentText.first == "-"
            exponentText = exponentText.dropFirst()
        }
        guard !exponentText.isEmpty, exponentText.allSatisfy({ $0.isASCII && $0.isNumber }),
              let exponent = Int(exponentText) else { return nil }
        let parts = mantissa.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count <= 2 else { return nil }
        let whole = parts[0], fraction = parts.count == 2 ? parts[1] : ""
        guard !(whole.isEmpty && fraction.isEmpty),
              (whole + fraction).allSatisfy({ $0.isHexDigit }) else { return nil }
        var value = 0.0
        for c in whole { value = value * 16 + Double(c.hexDigitValue!) }
        var scale = 1.0 / 16
        for c in fraction {
            value += Double(c.hexDigitValue!) * scale
            scale /= 16
        }
        let result = value * pow2(expNegative ? -exponent : exponent)
        guard result.isFinite else { return nil }
        return negative ? -result : result
    }

    private static func pow2(_ e: Int) -> Double {
        var r = 1.0
        if e >= 0 { for _ in 0..<min(e, 2000) { r *= 2 } } else { for _ in 0..<min(-e, 2000) { r /= 2 } }
        return r
    }

    private static func isDigit(_ b: UInt8) -> Bool { b >= 48 && b <= 57 }

    /// The parts of net/url.Parse that KEDA's checks look at. nil when url.Parse fails.
    public struct URL: Sendable, Hashable {
        /// Lower-cased, as Go stores it; empty for a relative reference.
        public var scheme: String
        /// host[:port] of an authority (`//...`); empty when there is none.
        public var host: String
        /// The part after `scheme:` when it does not start with `/` (mailto:x).
        public var opaque: String
    }

    /// An approximation of url.Parse strict enough for KEDA's checks: control characters,
    /// a bad scheme, spaces or a non-numeric port in the host, and malformed %-escapes fail.
    public static func parseURL(_ text: String) -> URL? {
        if text.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7f }) { return nil }
        guard percentEscapesValid(text) else { return nil }
        var rest = Substring(text)
        var scheme = ""
        if let colon = rest.firstIndex(of: ":") {
            let candidate = rest[..<colon]
            if let first = candidate.unicodeScalars.first, isLetter(first),
               candidate.unicodeScalars.allSatisfy({ isLetter($0) || ($0.value >= 48 && $0.value <= 57) || "+-.".unicodeScalars.contains($0) }) {
                scheme = candidate.lowercased()
                rest = rest[rest.index(after: colon)...]
            } else if colon == rest.startIndex {
                return nil // "missing protocol scheme"
            } else if !candidate.contains("/") {
                // "first path segment in URL cannot contain colon"
                return nil
            }
        }
        if let cut = rest.firstIndex(where: { $0 == "?" || $0 == "#" }) { rest = rest[..<cut] }
        var host = ""
        var opaque = ""
        if rest.hasPrefix("//") {
            let authority = rest.dropFirst(2).prefix { $0 != "/" }
            let hostPort = authority.split(separator: "@", omittingEmptySubsequences: false).last.map(String.init) ?? ""
            guard hostPortValid(hostPort) else { return nil }
            host = hostPort
        } else if !scheme.isEmpty, !rest.hasPrefix("/") {
            opaque = String(rest)
        }
        return URL(scheme: scheme, host: host, opaque: opaque)
    }

    private static func hostPortValid(_ hostPort: String) -> Bool {
        if hostPort.contains(where: { $0 == " " || $0 == "\\" || $0 == "\"" || $0 == "<" || $0 == ">" || $0 == "^" || $0 == "`" || $0 == "{" || $0 == "|" || $0 == "}" }) {
            return false
        }
        var hostPart = Substring(hostPort)
        if hostPart.hasPrefix("[") {
            guard let close = hostPart.firstIndex(of: "]") else { return false }
            hostPart = hostPart[hostPart.index(after: close)...]
            if hostPart.isEmpty { return true }
            guard hostPart.hasPrefix(":") else { return false }
            return hostPart.dropFirst().allSatisfy { $0.isASCII && $0.isNumber }
        }
        if let colon = hostPart.lastIndex(of: ":") {
            return hostPart[hostPart.index(after: colon)...].allSatisfy { $0.isASCII && $0.isNumber }
        }
        return true
    }

    private static func isLetter(_ s: Unicode.Scalar) -> Bool {
        (s.value >= 65 && s.value <= 90) || (s.value >= 97 && s.value <= 122)
    }

    private static func percentEscapesValid(_ text: String) -> Bool {
        let bytes = Array(text.utf8)
        var i = 0
        while i < bytes.count {
            if bytes[i] == UInt8(ascii: "%") {
                guard i + 2 < bytes.count, isHex(bytes[i + 1]), isHex(bytes[i + 2]) else { return false }
                i += 3
            } else {
                i += 1
            }
        }
        return true
    }

    private static func isHex(_ b: UInt8) -> Bool {
        (b >= 48 && b <= 57) || (b >= 65 && b <= 70) || (b >= 97 && b <= 102)
    }

    /// url.ParseRequestURI: an absolute URI (`scheme://...` or `scheme:/...`) or an absolute path.
    public static func isRequestURI(_ text: String) -> Bool {
        guard !text.isEmpty else { return false }
        if text.hasPrefix("/") { return parseURL(text) != nil }
        guard let u = parseURL(text), !u.scheme.isEmpty, u.opaque.isEmpty else { return false }
        return true
    }

    /// `http://host...` or `https://host...` with a non-empty host.
    public static func isHTTPURL(_ text: String) -> Bool {
        guard let u = parseURL(text) else { return false }
        return (u.scheme == "http" || u.scheme == "https") && !u.host.isEmpty
    }
}
