import Foundation
import KedaguardCore
import KedaguardLint
import Testing

/// Runs every fixture under testdata/rules/<rule-id>/{pass,fail}/.
///
/// A fail fixture marks each line where the rule must report with a trailing comment
/// `# expect: <rule-id>`; the rule must report on exactly those lines. A pass fixture must draw
/// nothing from its rule. A first line `# kedaguard: <flags>` sets --keda-version, --namespace
/// or --require-refs for that fixture. JSON fixtures list expectations in `<file>.expect`.
struct RuleFixtureTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("testdata/rules")

    struct Fixture: CustomTestStringConvertible, Sendable {
        let ruleID: String
        let path: String
        let expectFailure: Bool
        var testDescription: String { "\(ruleID)/\(expectFailure ? "fail" : "pass")/\((path as NSString).lastPathComponent)" }
    }

    static var fixtures: [Fixture] {
        var out: [Fixture] = []
        let fm = FileManager.default
        for rule in ((try? fm.contentsOfDirectory(atPath: root.path)) ?? []).sorted() {
            for kind in ["pass", "fail"] {
                let dir = root.appendingPathComponent(rule).appendingPathComponent(kind)
                for file in ((try? fm.contentsOfDirectory(atPath: dir.path)) ?? []).sorted()
                where file.hasSuffix(".yaml") || file.hasSuffix(".json") {
                    out.append(Fixture(ruleID: rule, path: dir.appendingPathComponent(file).path, expectFailure: kind == "fail"))
                }
            }
        }
        return out
    }

    @Test("rule fixture", arguments: fixtures)
    func fixture(_ fixture: Fixture) async throws {
        let text = try String(contentsOfFile: fixture.path, encoding: .utf8)
        let report = await FixtureRunner.lint(text: text, name: fixture.path)
        let actual = Set(report.diagnostics.filter { $0.ruleID == fixture.ruleID && !$0.isSuppressed }.compactMap { $0.position?.line })
        let expected = FixtureRunner.expectedLines(text, path: fixture.path, ruleID: fixture.ruleID)
        if fixture.expectFailure {
            #expect(!expected.isEmpty, "fail fixture \(fixture.testDescription) marks no line with # expect: \(fixture.ruleID)")
            #expect(actual == expected, "\(fixture.testDescription): reported on lines \(actual.sorted()), expected \(expected.sorted())\n\(TextReporter().render(report))")
        } else {
            #expect(actual.isEmpty, "\(fixture.testDescription) must pass but got:\n\(TextReporter().render(report))")
        }
    }

    /// Every rule needs at least one passing and one failing fixture.
    @Test func everyRuleHasFixtures() {
        let exempt = RuleRegistry.withoutFileFixtures
        let fixtures = Self.fixtures
        for descriptor in RuleRegistry.descriptors where !exempt.contains(descriptor.id) {
            #expect(fixtures.contains { $0.ruleID == descriptor.id && !$0.expectFailure }, "\(descriptor.id) has no pass fixture")
            #expect(fixtures.contains { $0.ruleID == descriptor.id && $0.expectFailure }, "\(descriptor.id) has no fail fixture")
        }
        let ids = Set(RuleRegistry.descriptors.map(\.id))
        for fixture in fixtures {
            #expect(ids.contains(fixture.ruleID), "fixture folder \(fixture.ruleID) names no rule")
        }
    }
}

enum FixtureRunner {
    static func lint(text: String, name: String) async -> LintReport {
        var options = CheckOptions()
        if let first = text.split(separator: "\n", maxSplits: 1).first, first.hasPrefix("# kedaguard:") {
            let flags = first.dropFirst("# kedaguard:".count).split(separator: " ").map(String.init)
            var i = 0
            while i < flags.count {
                switch flags[i] {
                case "--keda-version": i += 1; options.kedaVersion = KEDAVersion(parsing: flags[i]) ?? .default
                case "--namespace": i += 1; options.defaultNamespace = flags[i]
                case "--require-refs": options.requireReferences = true
                default: break
                }
                i += 1
            }
        }
        let linter = Linter(engine: RuleEngine(), options: options)
        return await linter.lint([Linter.Input(name: name, bytes: Array(text.utf8))])
    }

    /// JSON has no comments: a `.json` fixture lists `<rule-id> <line>` pairs in `<file>.expect`.
    static func expectedLines(_ text: String, path: String, ruleID: String) -> Set<Int> {
        var lines: Set<Int> = []
        if path.hasSuffix(".json") {
            let sidecar = (try? String(contentsOfFile: path + ".expect", encoding: .utf8)) ?? ""
            for line in sidecar.split(separator: "\n") {
                let parts = line.split(separator: " ")
                if parts.count == 2, parts[0] == ruleID, let n = Int(parts[1]) { lines.insert(n) }
            }
            return lines
        }
        for (i, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            guard let range = line.range(of: "# expect:") else { continue }
            let ids = line[range.upperBound...].split(whereSeparator: { $0 == "," || $0 == " " }).map(String.init)
            if ids.contains(ruleID) { lines.insert(i + 1) }
        }
        return lines
    }
}
