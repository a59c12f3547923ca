import Foundation
import Testing

/// Hostile and odd files: each gets a clear finding or error with a position, the process
/// neither crashes nor hangs, and other files are still linted.
struct BadInputTests {
    static let good = LintCommandTests.warningOnly

    func lint(_ files: [String: Data], _ extra: [String] = []) throws -> Binary.Result {
        let dir = try Binary.temporaryDirectory()
        for (name, data) in files { try data.write(to: dir.appendingPathComponent(name)) }
        try Self.good.write(to: dir.appendingPathComponent("zz-good.yaml"), atomically: true, encoding: .utf8)
        let r = try Binary.run(["lint", "--format", "text"] + extra + files.keys.sorted() + ["zz-good.yaml"], cwd: dir)
        // The good file is always checked, whatever happened to the bad one.
        #expect(r.stdout.contains("zz-good.yaml:9:3: warning:"), "\(r.stdout)\(r.stderr)")
        return r
    }

    @Test func emptyAndCommentOnlyFiles() throws {
        let r = try lint(["empty.yaml": Data(), "comments.yaml": Data("# nothing here\n# at all\n".utf8)])
        #expect(r.status == 0)
        #expect(r.stdout.contains("empty.yaml:1:1: info: the file holds no YAML documents [file-empty]"))
        #expect(r.stdout.contains("comments.yaml:1:1: info: the file holds no YAML documents [file-empty]"))
    }

    @Test func binaryAndInvalidUTF8() throws {
        var binary = Data([0x7F, 0x45, 0x4C, 0x46, 0x02, 0x01, 0x00, 0xFF])
        binary.append(Data(repeating: 0, count: 64))
        let latin1 = Data("name: caf".utf8) + Data([0xE9]) + Data("\n".utf8)
        let r = try lint(["binary.yaml": binary, "latin1.yaml": latin1])
        #expect(r.status == 1)
        #expect(r.stdout.contains("binary.yaml:1:7: error: the file is not UTF-8 text"))
        #expect(r.stdout.contains("latin1.yaml:1:10: error: the file is not UTF-8 text"))
    }

    @Test func yamlBomb() throws {
        var text = "a: &a [x, x, x, x, x, x, x, x, x, x]\n"
        var previous = "a"
        for name in ["b", "c", "d", "e", "f", "g", "h", "i", "j"] {
            text += "\(name): &\(name) [" + Array(repeating: "*\(previous)", count: 10).joined(separator: ", ") + "]\n"
            previous = name
        }
        let r = try lint(["bomb.yaml": Data(text.utf8)])
        #expect(r.status == 1)
        #expect(r.stdout.contains("[alias-expansion-limit]"))
    }

    @Test func deepNesting() throws {
        let flow = String(repeating: "[", count: 50_000) + String(repeating: "]", count: 50_000)
        var block = ""
        for level in 0..<400 { block += String(repeating: " ", count: level) + "k:\n" }
        let json = String(repeating: "{\"a\":", count: 100_000) + "1" + String(repeating: "}", count: 100_000)
        let r = try lint(["flow.yaml": Data(flow.utf8), "block.yaml": Data(block.utf8), "deep.json": Data(json.utf8)])
        #expect(r.status == 1)
        #expect(r.stdout.contains("flow.yaml:1:"))
        #expect(r.stdout.contains("block.yaml:"))
        #expect(r.stdout.contains("deep.json:1:"))
        #expect(r.stdout.components(separatedBy: "[nesting-too-deep]").count - 1 == 3)
    }

    @Test func fiftyMegabyteFile() throws {
        var big = Data(capacity: 50 * 1024 * 1024 + 100)
        let line = Data("key: \(String(repeating: "x", count: 90))\n".utf8)
        while big.count < 50 * 1024 * 1024 { big.append(line) }
        let r = try lint(["big.yaml": big])
        #expect(r.status == 1)
        #expect(r.stdout.contains("big.yaml:1:1: error: the file is \(big.count) bytes, above the 16777216-byte limit"))
        #expect(r.stdout.contains("[file-too-large]"))
    }

    @Test func duplicateKeysAndNonObjectDocuments() throws {
        let r = try lint(["dup.yaml": Data("a: 1\nb: 2\na: 3\n".utf8), "list.yaml": Data("- 1\n- 2\n---\n42\n".utf8)])
        #expect(r.stdout.contains("dup.yaml:3:1: error: duplicate key \"a\" (first defined at line 1)"))
        #expect(r.stdout.contains("list.yaml:1:1: info: document 1 is a list"))
        #expect(r.stdout.contains("list.yaml:4:1: info: document 2 is a single integer value"))
    }
}
