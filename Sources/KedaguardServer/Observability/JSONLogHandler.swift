import Foundation
import KedaguardCore
import Logging

/// One JSON object per line on standard error, for log collectors (`--log-format json`).
public struct JSONLogHandler: LogHandler {
    public var metadata: Logger.Metadata = [:]
    public var logLevel: Logger.Level = .info
    private let label: String
    private let write: @Sendable (String) -> Void

    public init(label: String, write: @escaping @Sendable (String) -> Void = JSONLogHandler.standardError) {
        self.label = label
        self.write = write
    }

    public static let standardError: @Sendable (String) -> Void = { line in
        FileHandle.standardError.write(Data(line.utf8))
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    public func log(event: LogEvent) {
        var pairs: [(String, Node)] = [
            ("ts", .string(Self.timestamp())),
            ("level", .string(event.level.rawValue)),
            ("logger", .string(label)),
            ("msg", .string(event.message.description)),
        ]
        var merged = metadata
        if let extra = event.metadata { merged.merge(extra) { $1 } }
        for key in merged.keys.sorted() {
            pairs.append((key, Self.node(merged[key]!)))
        }
        write(JSONWriter.write(.mapping(pairs)) + "\n")
    }

    private static func node(_ value: Logger.Metadata.Value) -> Node {
        switch value {
        case .string(let s): return .string(s)
        case .stringConvertible(let c):
            if let i = c as? Int { return .int(i) }
            if let d = c as? Double, d.isFinite { return Node(.number(Number(text: String(d), int: nil, double: d))) }
            if let b = c as? Bool { return .bool(b) }
            return .string(c.description)
        case .array(let items): return .sequence(items.map(node))
        case .dictionary(let dict): return .mapping(dict.keys.sorted().map { ($0, node(dict[$0]!)) })
        }
    }

    private static func timestamp() -> String {
        Date().formatted(.iso8601.year().month().day().time(includingFractionalSeconds: true).timeZone(separator: .omitted))
    }
}
