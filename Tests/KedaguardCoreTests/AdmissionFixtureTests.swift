import Foundation
import KedaguardCore
import Testing

/// Runs every AdmissionReview under testdata/admission/{validate,mutate}/ and compares the answer
/// with `<name>.expected.json` (see the README there).
struct AdmissionFixtureTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("testdata/admission")

    struct Fixture: CustomTestStringConvertible, Sendable {
        let mode: String
        let path: String
        var testDescription: String { "\(mode)/\((path as NSString).lastPathComponent)" }
    }

    static var fixtures: [Fixture] {
        var out: [Fixture] = []
        for mode in ["validate", "mutate"] {
            let dir = root.appendingPathComponent(mode)
            for file in ((try? FileManager.default.contentsOfDirectory(atPath: dir.path)) ?? []).sorted()
            where file.hasSuffix(".json") && !file.hasSuffix(".expected.json") {
                out.append(Fixture(mode: mode, path: dir.appendingPathComponent(file).path))
            }
        }
        return out
    }

    @Test func fixturesExist() {
        #expect(Self.fixtures.count >= 10)
    }

    @Test("AdmissionReview fixture", arguments: fixtures)
    func fixture(_ fixture: Fixture) async throws {
        let request = try Data(contentsOf: URL(fileURLWithPath: fixture.path))
        let expectedPath = String(fixture.path.dropLast(5)) + ".expected.json"
        let expectedText = try String(contentsOfFile: expectedPath, encoding: .utf8)
        let expected = try #require(JSONParser.parse(expectedText).documents.first?.root)

        let answer = await AdmissionHandler().handle(body: [UInt8](request), path: "/\(fixture.mode)", contentType: "application/json")
        #expect(answer.status == 200)
        let actual = try #require(JSONParser.parse(answer.bodyText).documents.first?.root)

        #expect(actual["apiVersion"] == expected["apiVersion"])
        #expect(actual["kind"]?.stringValue == "AdmissionReview")
        let a = try #require(actual["response"]), e = try #require(expected["response"])
        #expect(a["uid"] == e["uid"])
        #expect(a["allowed"] == e["allowed"])
        #expect(a["status"]?["code"] == e["status"]?["code"])
        #expect(a["status"]?["reason"] == e["status"]?["reason"])
        #expect(a["patchType"] == e["patchType"])
        if let patch = a["patch"]?.stringValue {
            let ops = try JSONPatch.decode(base64: patch)
            #expect(Node.sequence(ops.map(\.node)) == e["patch"])
        } else {
            #expect(e["patch"] == nil)
        }
        let actualText = (a["status"]?["message"]?.stringValue ?? "") + " "
            + (a["warnings"]?.sequenceValue ?? []).compactMap(\.stringValue).joined(separator: " ")
        let expectedText2 = (e["status"]?["message"]?.stringValue ?? "") + " "
            + (e["warnings"]?.sequenceValue ?? []).compactMap(\.stringValue).joined(separator: " ")
        for id in Self.ruleIDs(in: expectedText2) {
            #expect(actualText.contains("[\(id)]"), "expected a finding of \(id)")
        }
        if e["status"]?["code"]?.intValue == 400 {
            #expect(a["status"]?["message"] == e["status"]?["message"])
        }
    }

    /// Rule ids written as `[rule-id]` at the end of findings.
    static func ruleIDs(in text: String) -> Set<String> {
        var ids = Set<String>()
        var rest = Substring(text)
        while let open = rest.firstIndex(of: "[") {
            let after = rest[rest.index(after: open)...]
            guard let close = after.firstIndex(of: "]") else { break }
            let candidate = after[..<close]
            if !candidate.isEmpty, candidate.allSatisfy({ $0.isLowercase || $0 == "-" || $0.isNumber }), candidate.contains("-") {
                ids.insert(String(candidate))
            }
            rest = after[after.index(after: close)...]
        }
        return ids
    }
}
