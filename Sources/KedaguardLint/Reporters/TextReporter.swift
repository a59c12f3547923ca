import KedaguardCore

/// Compiler-style lines (`PATH:LINE:COL: error: MESSAGE [RULE-ID]`) and a summary line.
/// Suppressed findings are left out; the summary counts them.
public struct TextReporter: Reporter {
    public init() {}

    public func render(_ report: LintReport) -> String {
        var out = ""
        for error in report.errors {
            out += "\(error.path): error: \(error.message)\n"
        }
        for d in report.active {
            out += "\(d.location): \(d.severity.rawValue): \(d.message) [\(d.ruleID)]\n"
        }
        out += report.summaryLine + "\n"
        return out
    }
}
