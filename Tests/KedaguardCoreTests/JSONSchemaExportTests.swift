import Foundation
import KedaguardCore
import Testing

/// Validates testdata/schema manifests against `kedaguard schema` output with a real JSON Schema
/// validator (python3's jsonschema, Draft 2020-12).
///
/// `valid/` documents must have no error. `invalid/` files list every expected error as
/// `#   <document index> <instance path prefix>` under a `# schema-errors:` line: each listed
/// prefix must match an error of that document and every error must fall under a listed prefix.
/// A first line `# kedaguard: --keda-version V --strict-metadata` picks the schema.
struct JSONSchemaExportTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("testdata/schema")

    struct Case: CustomTestStringConvertible, Sendable {
        let path: String
        let valid: Bool
        var testDescription: String { "\(valid ? "valid" : "invalid")/\((path as NSString).lastPathComponent)" }
    }

    static var cases: [Case] {
        var out: [Case] = []
        for kind in ["valid", "invalid"] {
            let dir = root.appendingPathComponent(kind)
            for file in ((try? FileManager.default.contentsOfDirectory(atPath: dir.path)) ?? []).sorted() where file.hasSuffix(".yaml") {
                out.append(Case(path: dir.appendingPathComponent(file).path, valid: kind == "valid"))
            }
        }
        return out
    }

    @Test func thereAreCases() {
        #expect(Self.cases.contains { $0.valid } && Self.cases.contains { !$0.valid })
    }

    @Test("schema fixture", arguments: cases)
    func fixture(_ c: Case) throws {
        let text = try String(contentsOfFile: c.path, encoding: .utf8)
        var version = KEDAVersion.default
        var strict = false
        if let first = text.split(separator: "\n").first, first.hasPrefix("# kedaguard:") {
            let flags = first.split(separator: " ").map(String.init)
            if let i = flags.firstIndex(of: "--keda-version"), i + 1 < flags.count, let v = KEDAVersion(parsing: flags[i + 1]) { version = v }
            strict = flags.contains("--strict-metadata")
        }
        var bytes = Array(text.utf8)
        let loaded = DocumentLoader.load(bytes: &bytes, syntax: .yaml, file: c.path)
        #expect(loaded.problems.isEmpty, "\(c.path) does not parse: \(loaded.problems)")
        let documents = loaded.objects.map { JSONWriter.write($0.root.node) }
        let errors = try PythonJSONSchema.validate(schema: JSONSchemaExport.json(version: version, strictMetadata: strict),
                                                   documents: documents)
        var expected: [Int: [String]] = [:]
        var inList = false
        for line in text.split(separator: "\n") {
            if line.hasPrefix("# schema-errors:") { inList = true; continue }
            guard inList else { continue }
            let parts = line.dropFirst().split(separator: " ")
            guard line.hasPrefix("#   "), parts.count == 2, let index = Int(parts[0]) else { inList = false; continue }
            expected[index, default: []].append(String(parts[1]))
        }
        if c.valid {
            #expect(expected.isEmpty, "valid fixtures list no errors")
        } else {
            #expect(!expected.isEmpty, "\(c.path) lists no # schema-errors")
        }
        for (index, paths) in errors.enumerated() {
            let prefixes = expected[index] ?? []
            for path in paths where !prefixes.contains(where: { path == $0 || path.hasPrefix($0 + "/") }) {
                Issue.record("\(c.testDescription) document \(index): unexpected schema error at \(path.isEmpty ? "(root)" : path)")
            }
            for prefix in prefixes where !paths.contains(where: { $0 == prefix || $0.hasPrefix(prefix + "/") }) {
                Issue.record("\(c.testDescription) document \(index): expected a schema error at \(prefix); got \(paths)")
            }
        }
    }

    @Test(arguments: KEDAVersion.allCases)
    func schemaIsValidDraft202012(_ version: KEDAVersion) throws {
        // An empty document list still makes the helper check the schema itself.
        _ = try PythonJSONSchema.validate(schema: JSONSchemaExport.json(version: version, strictMetadata: false), documents: [])
    }
}

/// Runs python3's jsonschema on documents; fails loudly when python3 or jsonschema is missing.
enum PythonJSONSchema {
    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    static let script = #"""
    import json, sys
    try:
        import jsonschema
    except ImportError:
        sys.stderr.write("the python3 package jsonschema is not installed (pip install jsonschema)\n")
        sys.exit(3)
    schema = json.load(open(sys.argv[1]))
    jsonschema.Draft202012Validator.check_schema(schema)
    validator = jsonschema.Draft202012Validator(schema)
    def leaves(error):
        if error.context:
            for sub in error.context:
                yield from leaves(sub)
        else:
            yield error
    out = []
    for doc in json.load(open(sys.argv[2])):
        paths = set()
        for error in validator.iter_errors(doc):
            for leaf in leaves(error):
                paths.add("/".join(str(p) for p in leaf.absolute_path))
        out.append(sorted(paths))
    json.dump(out, sys.stdout)
    """#

    /// Leaf error paths (`spec/triggers/0/metadata/x`) per document.
    static func validate(schema: String, documents: [String]) throws -> [[String]] {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("kedaguard-schema-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let schemaFile = dir.appendingPathComponent("schema.json"), docsFile = dir.appendingPathComponent("docs.json")
        try Data(schema.utf8).write(to: schemaFile)
        try Data(("[" + documents.joined(separator: ",") + "]").utf8).write(to: docsFile)

        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", script, schemaFile.path, docsFile.path]
        let stdout = Pipe(), stderr = Pipe()
        process.standardOutput = stdout
        process.standardError = stderr
        do {
            try process.run()
        } catch {
            throw Failure(description: "cannot run python3 (needed with its jsonschema package to validate the schema): \(error)")
        }
        let output = stdout.fileHandleForReading.readDataToEndOfFile()
        let errorText = String(decoding: stderr.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw Failure(description: process.terminationStatus == 127
                ? "python3 is not installed; the schema test needs python3 with the jsonschema package"
                : "python3 jsonschema check failed (status \(process.terminationStatus)): \(errorText)")
        }
        guard let result = try JSONSerialization.jsonObject(with: output) as? [[String]] else {
            throw Failure(description: "unexpected output from the jsonschema helper: \(String(decoding: output, as: UTF8.self))")
        }
        return result
    }
}
