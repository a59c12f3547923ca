/// The raw recommendation (the replica count the HPA's metrics ask for, before stabilization and
/// policies) over simulated time: a list of `seconds:replicas` points, each held until the next.
public struct RecommendationSchedule: Sendable, Hashable, CustomStringConvertible {
    public struct Point: Sendable, Hashable {
        public var time: Int
        public var replicas: Int

        public init(time: Int, replicas: Int) {
            self.time = time
            self.replicas = replicas
        }
    }

    /// Sorted by time, times unique.
    public private(set) var points: [Point]

    public init(_ points: [Point]) {
        if points.count <= 1 {
            self.points = points
            return
        }
        var byTime: [Int: Int] = [:]
        for p in points { byTime[p.time] = p.replicas }
        self.points = byTime.keys.sorted().map { Point(time: $0, replicas: byTime[$0]!) }
    }

    public static func constant(_ replicas: Int) -> RecommendationSchedule {
        RecommendationSchedule([Point(time: 0, replicas: replicas)])
    }

    /// The recommendation in force at `time`; `before` applies until the first point.
    public func value(at time: Int, before: Int) -> Int {
        var current = before
        for p in points {
            if p.time > time { break }
            current = p.replicas
        }
        return current
    }

    public var maximum: Int? { points.map(\.replicas).max() }

    /// "0:20,300:5": the form `--recommend` takes.
    public var description: String { points.map { "\($0.time):\($0.replicas)" }.joined(separator: ",") }

    public struct ParseError: Error, Sendable, Hashable, CustomStringConvertible {
        public var description: String
    }

    /// Parses "T:R,T:R,...": T in whole seconds, R a non-negative replica count. Blanks around
    /// items are ignored.
    public static func parse(_ text: String) throws -> RecommendationSchedule {
        var points: [Point] = []
        var seen: Set<Int> = []
        for raw in text.split(separator: ",", omittingEmptySubsequences: false) {
            let item = trimmedBlanks(raw)
            let parts = item.split(separator: ":", omittingEmptySubsequences: false)
            guard parts.count == 2, let t = Int(trimmedBlanks(parts[0])),
                  let r = Int(trimmedBlanks(parts[1])) else {
                throw ParseError(description: "\"\(item)\" is not SECONDS:REPLICAS (for example 0:20,300:5)")
            }
            guard t >= 0 else { throw ParseError(description: "\"\(item)\": the time must not be negative") }
            guard r >= 0 else { throw ParseError(description: "\"\(item)\": the replica count must not be negative") }
            guard seen.insert(t).inserted else { throw ParseError(description: "time \(t) appears twice") }
            points.append(Point(time: t, replicas: r))
        }
        guard !points.isEmpty else { throw ParseError(description: "give at least one SECONDS:REPLICAS point") }
        return RecommendationSchedule(points)
    }
}

/// Strips spaces and tabs; the only trimming the `--recommend` syntax needs.
func trimmedBlanks<S: StringProtocol>(_ text: S) -> String {
    var s = Substring(text)
    while let c = s.first, c == " " || c == "\t" { s = s.dropFirst() }
    while let c = s.last, c == " " || c == "\t" { s = s.dropLast() }
    return String(s)
}
