import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import KedaguardCore
import KedaguardLint
import Testing

/// Every output format rendered from the same inputs and compared byte for byte with
/// testdata/golden/expected.<format>. Run with KEDAGUARD_UPDATE_GOLDEN=1 to rewrite them after an
/// intended change, then review the diff.
struct GoldenOutputTests {
    static let repo = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static func report() async throws -> LintReport {
        let names = ["testdata/golden/input/app.yaml", "testdata/golden/input/broken.yaml"]
        let inputs = try names.map { name in
            Linter.Input(name: name, bytes: Array(try Data(contentsOf: repo.appendingPathComponent(name))))
        }
        let linter = Linter(engine: RuleEngine(), options: CheckOptions())
        var report = await linter.lint(inputs)
        report.errors = [LintError(path: "testdata/golden/input/missing.yaml", message: "no such file or directory")]
        return report
    }

    @Test(arguments: OutputFormat.allCases)
    func golden(_ format: OutputFormat) async throws {
        let rendered = format.reporter.render(try await Self.report())
        let url = Self.repo.appendingPathComponent("testdata/golden/expected.\(format.rawValue)")
        if ProcessInfo.processInfo.environment["KEDAGUARD_UPDATE_GOLDEN"] == "1" {
            try rendered.write(to: url, atomically: true, encoding: .utf8)
        }
        let expected = try String(contentsOf: url, encoding: .utf8)
        #expect(rendered == expected, "output of --format \(format.rawValue) changed; rerun with KEDAGUARD_UPDATE_GOLDEN=1 if intended")
    }

    @Test func jsonAndSARIFAreValidJSON() async throws {
        let report = try await Self.report()
        for format in [OutputFormat.json, .sarif] {
            let text = format.reporter.render(report)
            #expect(JSONParser.parse(text).problems.isEmpty)
            #expect(try JSONSerialization.jsonObject(with: Data(text.utf8)) is [String: Any])
        }
    }

    @Test func sarifCarriesRulesLocationsAndSuppressions() async throws {
        let text = OutputFormat.sarif.reporter.render(try await Self.report())
        let root = try #require(JSONParser.parse(text).documents.first?.root)
        #expect(root["version"]?.stringValue == "2.1.0")
        let run = try #require(root["runs"]?[0])
        let rules = run["tool"]?["driver"]?["rules"]?.sequenceValue ?? []
        #expect(rules.count == RuleRegistry.descriptors.count)
        let results = run["results"]?.sequenceValue ?? []
        #expect(!results.isEmpty)
        for result in results {
            let id = try #require(result["ruleId"]?.stringValue)
            let index = try #require(result["ruleIndex"]?.intValue)
            #expect(rules[Int(index)]["id"]?.stringValue == id)
        }
        let suppressed = results.filter { $0["suppressions"] != nil }
        #expect(suppressed.count == 1)
        #expect(suppressed.first?["suppressions"]?[0]?["justification"]?.stringValue == "being migrated into the checkout ScaledObject")
    }

    @Test func junitIsWellFormedXML() async throws {
        let text = OutputFormat.junit.reporter.render(try await Self.report())
        let document = try XMLDocument(data: Data(text.utf8))
        let cases = try document.nodes(forXPath: "//testcase")
        // 3 KEDA objects, 1 file with file-level findings, 1 unreadable path
        #expect(cases.count == 5)
    }
}
