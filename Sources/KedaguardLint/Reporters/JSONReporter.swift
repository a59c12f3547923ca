import KedaguardCore

/// A stable JSON document for scripts: summary, every diagnostic (suppressed ones marked), and
/// unreadable paths.
public struct JSONReporter: Reporter {
    public init() {}

    public func render(_ report: LintReport) -> String {
        let summary: Node = .mapping([
            ("files", .int(report.fileCount)),
            ("documents", .int(report.documentCount)),
            ("objects", .int(report.objects.count)),
            ("errors", .int(report.count(.error))),
            ("warnings", .int(report.count(.warning))),
            ("info", .int(report.count(.info))),
            ("suppressed", .int(report.suppressedCount)),
        ])
        let diagnostics = report.diagnostics.map { d -> Node in
            var pairs: [(String, Node)] = [
                ("ruleId", .string(d.ruleID)),
                ("severity", .string(d.severity.rawValue)),
                ("message", .string(d.message)),
                ("file", d.file.map(Node.string) ?? .null),
                ("line", d.position.map { .int($0.line) } ?? .null),
                ("column", d.position.map { .int($0.column) } ?? .null),
                ("pointer", .string(d.pointer.description)),
                ("object", d.object?.node ?? .null),
            ]
            if let s = d.suppression {
                pairs.append(("suppressed", .mapping([("annotation", .string(s.annotation)), ("reason", s.reason.map(Node.string) ?? .null)])))
            }
            return .mapping(pairs)
        }
        let errors = report.errors.map { Node.mapping([("path", .string($0.path)), ("message", .string($0.message))]) }
        return JSONWriter.writePretty(.mapping([
            ("kedaVersion", .string(report.kedaVersion.rawValue)),
            ("summary", summary),
            ("diagnostics", .sequence(diagnostics)),
            ("errors", .sequence(errors)),
        ]))
    }
}
