import Foundation
import KedaguardCore
import KedaguardLint
import Testing

/// End to end over whole directories, as `kedaguard lint` runs: the seed scenario (an inference
/// Deployment scaled on redis-streams, kafka and prometheus, with its TriggerAuthentications
/// and Secret) and the other examples must be clean under every rule, and a broken copy of the
/// scenario must draw exactly the findings its `# expect:` markers name.
struct InferenceAcceptanceTests {
    static let testdata = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("testdata")

    private func lint(_ directory: String, requireReferences: Bool) async throws -> (LintReport, [String: String]) {
        let path = Self.testdata.appendingPathComponent(directory).path
        let discovered = FileDiscovery.expand([path], excludes: [])
        #expect(discovered.errors.isEmpty)
        #expect(!discovered.files.isEmpty, "no files under \(path)")
        let options = CheckOptions(requireReferences: requireReferences)
        let linter = Linter(engine: RuleEngine(), options: options)
        let read = linter.read(paths: discovered.files)
        #expect(read.errors.isEmpty)
        var texts: [String: String] = [:]
        for input in read.inputs { texts[input.name] = String(decoding: input.bytes, as: UTF8.self) }
        return (await linter.lint(read.inputs), texts)
    }

    private func render(_ report: LintReport) -> String { TextReporter().render(report) }

    @Test(arguments: [false, true])
    func inferenceScenarioIsClean(requireReferences: Bool) async throws {
        let (report, _) = try await lint("examples/inference", requireReferences: requireReferences)
        #expect(report.objects.map(\.identity.kind).sorted() == ["ScaledObject", "TriggerAuthentication", "TriggerAuthentication"])
        #expect(report.diagnostics.isEmpty, "the seed scenario must draw no finding at all:\n\(render(report))")
    }

    @Test func inferenceScenarioIsCleanForEveryKEDAVersion() async throws {
        let path = Self.testdata.appendingPathComponent("examples/inference").path
        for version in KEDAVersion.allCases {
            let linter = Linter(engine: RuleEngine(), options: CheckOptions(kedaVersion: version))
            let read = linter.read(paths: FileDiscovery.expand([path], excludes: []).files)
            let report = await linter.lint(read.inputs)
            #expect(report.diagnostics.isEmpty, "KEDA \(version):\n\(render(report))")
        }
    }

    @Test func everyExampleIsClean() async throws {
        let (report, _) = try await lint("examples", requireReferences: true)
        let kinds = Set(report.objects.map(\.identity.kind))
        for kind in ["ScaledObject", "ScaledJob", "TriggerAuthentication", "ClusterTriggerAuthentication", "CloudEventSource"] {
            #expect(kinds.contains(kind), "testdata/examples has no \(kind)")
        }
        // common-mistakes/ is the README's demonstration of findings; everything else must be clean.
        let findings = report.diagnostics.filter { !($0.file ?? "").contains("/examples/common-mistakes/") }
        #expect(findings.isEmpty, "\(render(report))")
    }

    /// Each marked line draws its rules; rules that are marked somewhere report nowhere else.
    /// Rules no marker names are not judged here (their own fixtures do that).
    @Test func brokenInferenceScenarioDrawsTheExpectedFindings() async throws {
        let (report, texts) = try await lint("acceptance/inference-broken", requireReferences: true)
        var expected: Set<String> = []
        for (file, text) in texts {
            for (index, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
                guard let marker = line.range(of: "# expect:") else { continue }
                for id in line[marker.upperBound...].split(whereSeparator: { $0 == "," || $0 == " " }) {
                    expected.insert("\(file):\(index + 1) \(id)")
                }
            }
        }
        #expect(expected.count >= 8)
        let markedRules = Set(expected.compactMap { $0.split(separator: " ").last.map(String.init) })
        let actual = Set(report.active.filter { markedRules.contains($0.ruleID) }.map {
            "\($0.file ?? ""):\($0.position?.line ?? 0) \($0.ruleID)"
        })
        #expect(actual == expected, """
            missing: \(expected.subtracting(actual).sorted())
            unexpected: \(actual.subtracting(expected).sorted())
            \(render(report))
            """)
        #expect(report.exitCode(strict: false) == 1)
    }
}
