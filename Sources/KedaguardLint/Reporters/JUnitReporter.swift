import KedaguardCore

/// JUnit XML for CI test tabs: one testcase per KEDA object (failing when it has a finding of
/// error severity), plus one per file with problems that belong to no object.
public struct JUnitReporter: Reporter {
    public init() {}

    public func render(_ report: LintReport) -> String {
        var cases: [String] = []
        var failures = 0
        var byFile: [String: [Diagnostic]] = [:]
        for d in report.fileDiagnostics where !d.isSuppressed { byFile[d.file ?? "", default: []].append(d) }
        for file in byFile.keys.sorted() {
            let diags = byFile[file]!
            let failing = diags.filter { $0.severity == .error }
            if !failing.isEmpty { failures += 1 }
            cases.append(testcase(classname: file, name: file, failing: failing, others: diags.filter { $0.severity != .error }))
        }
        for object in report.objects {
            let active = object.diagnostics.filter { !$0.isSuppressed }
            let failing = active.filter { $0.severity == .error }
            if !failing.isEmpty { failures += 1 }
            cases.append(testcase(classname: object.file, name: "\(object.identity)", failing: failing,
                                  others: active.filter { $0.severity != .error }))
        }
        for error in report.errors {
            failures += 1
            cases.append("    <testcase classname=\"\(Self.escape(error.path))\" name=\"\(Self.escape(error.path))\">\n      <error message=\"\(Self.escape(error.message))\"/>\n    </testcase>")
        }
        var out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        out += "<testsuites name=\"kedaguard\" tests=\"\(cases.count)\" failures=\"\(failures)\">\n"
        out += "  <testsuite name=\"kedaguard lint\" tests=\"\(cases.count)\" failures=\"\(failures)\" errors=\"0\" skipped=\"0\">\n"
        for c in cases { out += c + "\n" }
        out += "  </testsuite>\n</testsuites>\n"
        return out
    }

    private func testcase(classname: String, name: String, failing: [Diagnostic], others: [Diagnostic]) -> String {
        var out = "    <testcase classname=\"\(Self.escape(classname))\" name=\"\(Self.escape(name))\">"
        if failing.isEmpty && others.isEmpty { return out + "</testcase>" }
        out += "\n"
        if !failing.isEmpty {
            let text = failing.map(Self.line).joined(separator: "\n")
            let summary = failing.count == 1 ? failing[0].message : "\(failing.count) errors"
            out += "      <failure message=\"\(Self.escape(summary))\" type=\"\(Self.escape(failing[0].ruleID))\">\(Self.escape(text))</failure>\n"
        }
        if !others.isEmpty {
            out += "      <system-out>\(Self.escape(others.map(Self.line).joined(separator: "\n")))</system-out>\n"
        }
        return out + "    </testcase>"
    }

    static func line(_ d: Diagnostic) -> String {
        "\(d.location): \(d.severity.rawValue): \(d.message) [\(d.ruleID)]"
    }

    static func escape(_ s: String) -> String {
        var out = ""
        for scalar in s.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&apos;"
            default:
                // XML 1.0 forbids most control characters even when escaped.
                if scalar.value < 0x20 && scalar != "\n" && scalar != "\t" && scalar != "\r" { out += "?" } else { out.unicodeScalars.append(scalar) }
            }
        }
        return out
    }
}
