import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Testing
@testable import KedaguardCore

/// Renders fixed scenarios and compares them byte for byte with files in the repository, among
/// them the chart docs/behavior.md shows. After an intended change, regenerate with
/// `KEDAGUARD_UPDATE_GOLDEN=1 swift test --filter SimulationGoldenTests` and review the diff.
struct SimulationGoldenTests {
    typealias S = BehaviorTestSupport

    /// What `kedaguard simulate FILE` does: the file's ScaledObject, labelled "name (file)".
    static func report(_ path: String, start: Int? = nil, recommend: String? = nil, duration: Int = 900) throws -> SimulationReport {
        let object = try #require(S.objects(file: path).first { $0.resourceKind == .scaledObject })
        let scaling = try ScaledObjectScaling.resolve(object).get()
        let setup = SimulationSetup(
            scaling: scaling, startReplicas: start ?? scaling.minReplicaCount,
            recommendation: try recommend.map(RecommendationSchedule.parse) ?? .constant(scaling.hpaMaxReplicas),
            duration: duration)
        return SimulationReport.run(name: "\(object.name) (\((path as NSString).lastPathComponent))", setup: setup)
    }

    static let flapping = (0...20).map { "\($0 * 15):\($0 % 2 == 0 ? 8 : 2)" }.joined(separator: ",") + ",315:2"

    struct Golden: CustomTestStringConvertible, Sendable {
        var file: String
        var render: @Sendable () throws -> String
        var testDescription: String { file }
    }

    static let goldens: [Golden] = [
        Golden(file: "docs/behavior-seed.svg") {
            let base = try report("examples/behavior/seed-window-0.yaml", start: 10, recommend: "0:20")
            let other = try report("examples/behavior/seed-window-300.yaml", start: 10, recommend: "0:20")
            return SimulationSVG.render(base, compare: other)
        },
        Golden(file: "testdata/simulate/seed.json") {
            SimulationJSON.render(try report("examples/behavior/seed-window-0.yaml", start: 10, recommend: "0:20"))
        },
        Golden(file: "testdata/simulate/seed.txt") {
            SimulationText.render(try report("examples/behavior/seed-window-0.yaml", start: 10, recommend: "0:20"))
        },
        Golden(file: "testdata/simulate/scale-to-zero.json") {
            SimulationJSON.render(try report("testdata/simulate/scale-to-zero.yaml", recommend: "0:0,60:5,300:0", duration: 600))
        },
        Golden(file: "testdata/simulate/scale-to-zero.svg") {
            SimulationSVG.render(try report("testdata/simulate/scale-to-zero.yaml", recommend: "0:0,60:5,300:0", duration: 600))
        },
        Golden(file: "testdata/simulate/flapping.svg") {
            let base = try report("testdata/simulate/flapping-no-window.yaml", start: 4, recommend: flapping, duration: 600)
            let other = try report("testdata/simulate/flapping-window-120.yaml", start: 4, recommend: flapping, duration: 600)
            return SimulationSVG.render(base, compare: other)
        },
        Golden(file: "testdata/simulate/flapping.json") {
            let base = try report("testdata/simulate/flapping-no-window.yaml", start: 4, recommend: flapping, duration: 600)
            let other = try report("testdata/simulate/flapping-window-120.yaml", start: 4, recommend: flapping, duration: 600)
            return SimulationJSON.render(base, compare: other)
        },
    ]

    @Test("golden output", arguments: goldens)
    func golden(_ golden: Golden) throws {
        let rendered = try golden.render()
        let url = S.repositoryRoot.appendingPathComponent(golden.file)
        if ProcessInfo.processInfo.environment["KEDAGUARD_UPDATE_GOLDEN"] == "1" {
            try rendered.write(to: url, atomically: true, encoding: .utf8)
        }
        let expected = try String(contentsOf: url, encoding: .utf8)
        #expect(rendered == expected, "\(golden.file) differs from the renderer's output; regenerate it if the change is intended")
    }

    @Test func jsonHasTheDocumentedShape() throws {
        let json = SimulationJSON.render(try Self.report("examples/behavior/seed-window-0.yaml", start: 10, recommend: "0:20"))
        #expect(json.hasPrefix("{\"syncPeriod\": 15, \"samples\": [{\"t\": 0, \"recommended\": 20, \"replicas\": 10}, {\"t\": 15, \"recommended\": 20, \"replicas\": 11}, "))
        #expect(json.contains("\"events\": [{\"t\": 15, \"from\": 10, \"to\": 11, \"reason\": \"ScaleUpLimit: Percent 10% per 60s\"}, "))
        // Valid JSON with exactly the three documented members.
        let parsed = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        #expect(Set(parsed.keys) == ["syncPeriod", "samples", "events"])
    }

    @Test func svgIsWellFormedXML() throws {
        let svg = SimulationSVG.render(try Self.report("examples/behavior/seed-window-0.yaml", start: 10, recommend: "0:20"))
        let parser = XMLParser(data: Data(svg.utf8))
        #expect(parser.parse(), "\(parser.parserError.map { "\($0)" } ?? "")")
        #expect(svg.contains(">05:15</text>") == false) // ticks are every 2 minutes for 15 minutes
        #expect(svg.contains(">04:00</text>"))
        #expect(svg.contains("10%/60s"))
    }
}
