import KedaguardCore
import Testing

struct YAMLParserTests {
    @Test func multipleDocumentsKeepPositionsAndOrder() throws {
        let source = YAMLParser.parse("""
        # leading comment
        a: 1
        ---
        b:
          - x
          - "y"
        """)
        #expect(source.problems.isEmpty)
        #expect(source.documents.count == 2)
        let second = try #require(source.documents[1].root)
        let entry = try #require(second.entry("b"))
        #expect(entry.keyPosition == SourcePosition(line: 4, column: 1))
        #expect(second["b"]?[1]?.stringValue == "y")
        #expect(second["b"]?[1]?.position == SourcePosition(line: 6, column: 5))
        #expect(source.documents[1].index == 1)
    }

    @Test func scalarsResolveLikeKubernetesYAML() throws {
        let root = try #require(YAMLParser.parse("""
        t: yes
        f: off
        n: ~
        i: 0x1F
        o: 010
        d: 1.5
        e: 1e3
        s: "5"
        q: '007'
        big: 99999999999999999999
        v: v1
        """).documents.first?.root)
        #expect(root["t"]?.boolValue == true)
        #expect(root["f"]?.boolValue == false)
        #expect(root["n"]?.isNull == true)
        #expect(root["i"]?.intValue == 31)
        #expect(root["o"]?.intValue == 8)
        #expect(root["d"]?.numberValue?.double == 1.5)
        #expect(root["d"]?.numberValue?.isInteger == false)
        #expect(root["e"]?.numberValue?.double == 1000)
        #expect(root["s"]?.stringValue == "5")
        #expect(root["q"]?.stringValue == "007")
        // Too big for int64: go-yaml v2 reads it as a float.
        #expect(root["big"]?.numberValue?.isInteger == false)
        #expect(root["v"]?.stringValue == "v1")
    }

    @Test func anchorsAliasesAndMergeKeys() throws {
        let root = try #require(YAMLParser.parse("""
        base: &b {x: 1, y: 2}
        copy: *b
        merged:
          <<: *b
          y: 3
        """).documents.first?.root)
        #expect(root["copy"]?["x"]?.intValue == 1)
        #expect(root["merged"]?["x"]?.intValue == 1)
        #expect(root["merged"]?["y"]?.intValue == 3)
        #expect(root["merged"]?.entries?.count == 2)
    }

    @Test func duplicateKeysAreReportedAndLastWins() throws {
        let source = YAMLParser.parse("a: 1\nb: 2\na: 3\n")
        #expect(source.problems.map(\.code) == [.duplicateKey])
        #expect(source.problems.first?.position == SourcePosition(line: 3, column: 1))
        #expect(source.documents.first?.root?["a"]?.intValue == 3)
    }

    @Test func syntaxErrorKeepsLaterDocuments() throws {
        let source = YAMLParser.parse("""
        ok: 1
        ---
        broken: [1, 2
        ---
        after: 2
        """)
        #expect(source.problems.count == 1)
        #expect(source.problems.first?.code == .syntax)
        let roots = source.documents.compactMap(\.root)
        #expect(roots.count == 2)
        #expect(roots.last?["after"]?.intValue == 2)
        #expect(roots.last?["after"]?.position.line == 5)
        #expect(source.documents.last?.index == 2)
    }

    @Test func billionLaughsIsStopped() {
        var text = "a: &a [x, x, x, x, x, x, x, x, x, x]\n"
        var previous = "a"
        for name in ["b", "c", "d", "e", "f", "g", "h", "i"] {
            text += "\(name): &\(name) [" + Array(repeating: "*\(previous)", count: 10).joined(separator: ", ") + "]\n"
            previous = name
        }
        let source = YAMLParser.parse(text)
        #expect(source.problems.contains { $0.code == .tooManyNodes })
        #expect(source.documents.first?.root == nil)
    }

    @Test func deepNestingIsRefusedWithoutCrashing() {
        let depth = 100_000
        let text = String(repeating: "[", count: depth) + String(repeating: "]", count: depth)
        let source = YAMLParser.parse(text)
        #expect(source.problems.contains { $0.code == .tooDeep })
    }

    @Test func blockNestingWithinLimitParses() throws {
        var text = ""
        for level in 0..<100 { text += String(repeating: "  ", count: level) + "k\(level):\n" }
        text += String(repeating: "  ", count: 100) + "leaf: 1\n"
        let source = YAMLParser.parse(text)
        #expect(source.problems.isEmpty)
        #expect(source.documents.first?.root != nil)
    }

    @Test func emptyAndCommentOnlyStreamsHaveNoDocuments() {
        #expect(YAMLParser.parse("").documents.isEmpty)
        #expect(YAMLParser.parse("# only\n# comments\n").documents.isEmpty)
    }

    @Test func invalidUTF8IsASyntaxProblem() {
        var bytes: [UInt8] = Array("a: ".utf8) + [0xFF, 0xFE] + Array("\n".utf8)
        let source = YAMLParser.parse(bytes: &bytes)
        #expect(source.problems.contains { $0.code == .syntax })
    }

    @Test func undefinedAliasIsReported() {
        let source = YAMLParser.parse("a: *nope\n")
        #expect(source.problems.contains { $0.message.contains("nope") })
    }
}
