import KedaguardCore

/// Renders a lint report in one output format. One small type per format.
public protocol Reporter: Sendable {
    func render(_ report: LintReport) -> String
}

public enum OutputFormat: String, Sendable, CaseIterable {
    case text, json, sarif, github, junit

    public var reporter: any Reporter {
        switch self {
        case .text: return TextReporter()
        case .json: return JSONReporter()
        case .sarif: return SARIFReporter(rules: RuleRegistry.descriptors)
        case .github: return GitHubReporter()
        case .junit: return JUnitReporter()
        }
    }
}

extension Diagnostic {
    /// `file:line:col` (or less when unknown), the prefix compilers and editors understand.
    var location: String {
        var out = file ?? "<input>"
        if let position { out += ":\(position.line):\(position.column)" }
        return out
    }
}

extension ObjectIdentity {
    var node: Node {
        var pairs: [(String, Node)] = [("apiVersion", .string(apiVersion)), ("kind", .string(kind))]
        if let namespace { pairs.append(("namespace", .string(namespace))) }
        pairs.append(("name", .string(name)))
        return .mapping(pairs)
    }
}
