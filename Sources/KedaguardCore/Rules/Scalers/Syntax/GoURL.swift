/// The parts of Go's net/url behaviour that decide how KEDA treats an address, reproduced
/// only as far as kedaguard can be sure; anything unusual answers "cannot tell".
public enum GoURL {
    public enum Scheme: Equatable {
        /// Lower-cased scheme ("" when the text has none).
        case scheme(String)
        /// url.Parse fails ("missing protocol scheme": the text starts with ':').
        case invalid
    }

    /// The scheme url.Parse finds (getScheme, then lower-cased).
    public static func scheme(of raw: String) -> Scheme {
        for (i, c) in raw.utf8.enumerated() {
            switch c {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"):
                continue
            case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "+"), UInt8(ascii: "-"), UInt8(ascii: "."):
                if i == 0 { return .scheme("") }
            case UInt8(ascii: ":"):
                if i == 0 { return .invalid }
                return .scheme(String(decoding: raw.utf8.prefix(i), as: UTF8.self).lowercased())
            default:
                return .scheme("")
            }
        }
        return .scheme("")
    }

    /// True when an HTTP request to this address (as written, or with a path appended) fails
    /// before it is sent: Go's client only speaks http and https.
    public static func isNotHTTP(_ raw: String) -> Bool {
        switch scheme(of: raw) {
        case .invalid: return true
        case .scheme(let s): return s != "http" && s != "https"
        }
    }

    public enum RequestURI: Equatable {
        /// url.ParseRequestURI fails: callers treat the text as a plain name.
        case notURL
        /// It parses; the (unescaped) path.
        case path(String)
        /// Host or escapes that kedaguard does not replicate.
        case cannotTell
    }

    /// url.ParseRequestURI, as far as it matters for the path.
    public static func requestURI(_ raw: String) -> RequestURI {
        if raw.isEmpty { return .notURL }
        if raw.utf8.contains(where: { $0 < 0x20 || $0 == 0x7f }) { return .notURL }
        if raw == "*" { return .path("*") }
        let schemeName: String
        var rest: Substring
        switch scheme(of: raw) {
        case .invalid: return .notURL
        case .scheme(let s):
            schemeName = s
            rest = s.isEmpty ? Substring(raw) : raw.dropFirst(s.utf8.count + 1)
        }
        if rest.hasSuffix("?") && rest.filter({ $0 == "?" }).count == 1 {
            rest = rest.dropLast()
        } else if let q = rest.firstIndex(of: "?") {
            rest = rest[..<q]
        }
        if !rest.hasPrefix("/") {
            // A rootless URI with a scheme is opaque: it parses, with an empty path.
            return schemeName.isEmpty ? .notURL : .path("")
        }
        if !schemeName.isEmpty && rest.hasPrefix("//") {
            var authority = rest.dropFirst(2)
            rest = ""
            if let slash = authority.firstIndex(of: "/") {
                rest = authority[slash...]
                authority = authority[..<slash]
            }
            // Plain host names with an optional numeric port only; user info, IPv6 literals
            // and escapes go through parsing rules not reproduced here.
            let parts = authority.split(separator: ":", omittingEmptySubsequences: false)
            guard parts.count <= 2,
                  parts[0].utf8.allSatisfy({ isAlnum($0) || $0 == UInt8(ascii: ".") || $0 == UInt8(ascii: "-") || $0 == UInt8(ascii: "_") })
            else { return .cannotTell }
            if parts.count == 2, !parts[1].utf8.allSatisfy({ $0 >= 48 && $0 <= 57 }) { return .notURL }
        }
        if rest.contains("%") { return .cannotTell }
        return .path(String(rest))
    }

    private static func isAlnum(_ b: UInt8) -> Bool {
        (b >= 48 && b <= 57) || (b >= 65 && b <= 90) || (b >= 97 && b <= 122)
    }
}
