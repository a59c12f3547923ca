/// Path patterns for `exclude`: `*` matches within one path segment, `**` across segments,
/// `?` one character. A pattern without `/` matches a file or directory name at any depth.
public struct Glob: Sendable, Hashable {
    public let pattern: String
    private let segments: [Substring]
    private let anchored: Bool

    public init(_ pattern: String) {
        var p = pattern
        if p.hasPrefix("./") { p.removeFirst(2) }
        if p.hasSuffix("/") { p += "**" }
        self.pattern = pattern
        anchored = p.contains("/")
        segments = p.split(separator: "/", omittingEmptySubsequences: true)
    }

    public func matches(_ path: String) -> Bool {
        var p = path
        if p.hasPrefix("./") { p.removeFirst(2) }
        let parts = p.split(separator: "/", omittingEmptySubsequences: true)
        if anchored { return match(segments[...], parts[...]) }
        // Unanchored: any single segment (file or directory name) may match.
        return parts.contains { Glob.matchSegment(Array(segments.first ?? ""), Array($0)) }
    }

    private func match(_ pattern: ArraySlice<Substring>, _ path: ArraySlice<Substring>) -> Bool {
        guard let head = pattern.first else { return path.isEmpty }
        if head == "**" {
            let rest = pattern.dropFirst()
            var tail = path
            while true {
                if match(rest, tail) { return true }
                guard !tail.isEmpty else { return false }
                tail = tail.dropFirst()
            }
        }
        guard let first = path.first, Glob.matchSegment(Array(head), Array(first)) else {
            // A pattern naming a directory also excludes everything below it.
            return false
        }
        if pattern.count == 1, path.count > 1 { return true }
        return match(pattern.dropFirst(), path.dropFirst())
    }

    static func matchSegment(_ p: [Character], _ s: [Character]) -> Bool {
        var pi = 0, si = 0, star = -1, mark = 0
        while si < s.count {
            if pi < p.count, p[pi] == "?" || p[pi] == s[si] {
                pi += 1; si += 1
            } else if pi < p.count, p[pi] == "*" {
                star = pi; mark = si; pi += 1
            } else if star >= 0 {
                pi = star + 1; mark += 1; si = mark
            } else {
                return false
            }
        }
        while pi < p.count, p[pi] == "*" { pi += 1 }
        return pi == p.count
    }
}
