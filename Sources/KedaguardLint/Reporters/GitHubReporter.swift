import Foundation
import KedaguardCore

/// GitHub Actions workflow commands: each finding becomes an annotation on the pull request.
public struct GitHubReporter: Reporter {
    public init() {}

    static func command(_ s: Severity) -> String {
        switch s {
        case .error: return "error"
        case .warning: return "warning"
        case .info: return "notice"
        }
    }

    public func render(_ report: LintReport) -> String {
        var out = ""
        for error in report.errors {
            out += "::error file=\(Self.property(error.path))::\(Self.data(error.message))\n"
        }
        for d in report.active {
            var props = "file=\(Self.property(d.file ?? ""))"
            if let p = d.position { props += ",line=\(p.line),col=\(p.column)" }
            props += ",title=\(Self.property(d.ruleID))"
            out += "::\(Self.command(d.severity)) \(props)::\(Self.data(d.message))\n"
        }
        out += report.summaryLine + "\n"
        return out
    }

    /// Escaping rules of the workflow command syntax (message data and property values differ).
    static func data(_ s: String) -> String {
        s.replacingOccurrences(of: "%", with: "%25").replacingOccurrences(of: "\r", with: "%0D").replacingOccurrences(of: "\n", with: "%0A")
    }

    static func property(_ s: String) -> String {
        data(s).replacingOccurrences(of: ":", with: "%3A").replacingOccurrences(of: ",", with: "%2C")
    }
}
