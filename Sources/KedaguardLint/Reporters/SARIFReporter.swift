import Foundation
import KedaguardCore

/// SARIF 2.1.0 for code-scanning UIs: the rules' metadata, one result per diagnostic with its
/// physical location, and in-source suppressions for annotation-ignored findings.
public struct SARIFReporter: Reporter {
    public let rules: [RuleDescriptor]

    public init(rules: [RuleDescriptor]) {
        self.rules = rules
    }

    static func level(_ s: Severity) -> String {
        switch s {
        case .error: return "error"
        case .warning: return "warning"
        case .info: return "note"
        }
    }

    public func render(_ report: LintReport) -> String {
        let index = Dictionary(uniqueKeysWithValues: rules.enumerated().map { ($1.id, $0) })
        let ruleNodes = rules.map { r -> Node in
            .mapping([
                ("id", .string(r.id)),
                ("shortDescription", .mapping([("text", .string(r.summary))])),
                ("fullDescription", .mapping([("text", .string(r.explanation))])),
                ("help", .mapping([("text", .string(r.explanation))])),
                ("defaultConfiguration", .mapping([("level", .string(Self.level(r.severity)))])),
                ("properties", .mapping([("category", .string(r.category))])),
            ])
        }
        let results = report.diagnostics.map { d -> Node in
            var region: [(String, Node)] = []
            if let p = d.position {
                region = [("startLine", .int(p.line)), ("startColumn", .int(p.column))]
            }
            var physical: [(String, Node)] = [("artifactLocation", .mapping([("uri", .string(Self.uri(d.file ?? "")))]))]
            if !region.isEmpty { physical.append(("region", .mapping(region))) }
            var location: [(String, Node)] = [("physicalLocation", .mapping(physical))]
            if let object = d.object {
                location.append(("logicalLocations", .sequence([.mapping([
                    ("fullyQualifiedName", .string("\(object)\(d.pointer.description.isEmpty ? "" : " " + d.pointer.description)")),
                    ("kind", .string("object")),
                ])])))
            }
            var pairs: [(String, Node)] = [("ruleId", .string(d.ruleID))]
            if let i = index[d.ruleID] { pairs.append(("ruleIndex", .int(i))) }
            pairs += [
                ("level", .string(Self.level(d.severity))),
                ("message", .mapping([("text", .string(d.message))])),
                ("locations", .sequence([.mapping(location)])),
                ("properties", .mapping([("jsonPointer", .string(d.pointer.description))])),
            ]
            if let s = d.suppression {
                var sup: [(String, Node)] = [("kind", .string("inSource"))]
                if let reason = s.reason { sup.append(("justification", .string(reason))) }
                pairs.append(("suppressions", .sequence([.mapping(sup)])))
            }
            return .mapping(pairs)
        }
        let run: Node = .mapping([
            ("tool", .mapping([("driver", .mapping([
                ("name", .string("kedaguard")),
                ("version", .string(KedaguardVersion.current)),
                ("informationUri", .string("https://keda.sh")),
                ("rules", .sequence(ruleNodes)),
            ]))])),
            ("results", .sequence(results)),
            ("properties", .mapping([("kedaVersion", .string(report.kedaVersion.rawValue))])),
        ])
        return JSONWriter.writePretty(.mapping([
            ("$schema", .string("https://json.schemastore.org/sarif-2.1.0.json")),
            ("version", .string("2.1.0")),
            ("runs", .sequence([run])),
        ]))
    }

    /// SARIF wants URI references: relative paths as-is with spaces and % escaped.
    static func uri(_ path: String) -> String {
        var p = path
        if p.hasPrefix("./") { p.removeFirst(2) }
        return p.replacingOccurrences(of: "%", with: "%25").replacingOccurrences(of: " ", with: "%20")
    }
}
