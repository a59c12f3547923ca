import KedaguardCore
import Testing

struct JSONParserTests {
    @Test func parsesWithPositionsAndKeyOrder() throws {
        let source = JSONParser.parse("{\n  \"b\": [1, 2.5, \"x\\u00e9\"],\n  \"a\": {\"c\": null, \"d\": true}\n}")
        #expect(source.problems.isEmpty)
        let root = try #require(source.documents.first?.root)
        #expect(root.entries?.map(\.key) == ["b", "a"])
        #expect(root.entry("a")?.keyPosition == SourcePosition(line: 3, column: 3))
        #expect(root["b"]?[1]?.numberValue?.text == "2.5")
        #expect(root["b"]?[2]?.stringValue == "xé")
        #expect(root["a"]?["d"]?.boolValue == true)
    }

    @Test(arguments: ["{", "[1,]", "{\"a\" 1}", "01", "1.", "-", "\"\\x\"", "tru", "{\"a\":1}x", "\"unterminated", "[1 2]", "{\"a\":1,}"])
    func rejectsInvalidJSON(_ text: String) {
        let source = JSONParser.parse(text)
        #expect(source.problems.contains { $0.code == .jsonSyntax }, "\(text) should be rejected")
    }

    @Test func surrogatePairsDecode() throws {
        let root = try #require(JSONParser.parse("\"\\ud83d\\ude00\"").documents.first?.root)
        #expect(root.stringValue == "😀")
    }

    /// Escaped strings copy the plain runs between escapes in one go; values, columns after the
    /// string (one per character, not per byte) and the position of a control character must not
    /// change with it.
    @Test func escapedStringsKeepValuesAndColumns() throws {
        let text = "{\"k\":\"{\\\"a\\\":\\\"é—x\\\"}\\nend\",\"n\":1}"
        let source = JSONParser.parse(text)
        #expect(source.problems.isEmpty)
        let root = try #require(source.documents.first?.root)
        #expect(root["k"]?.stringValue == "{\"a\":\"é—x\"}\nend")
        // The string's source (20 characters, 23 bytes) spans columns 7 to 26: 1 is at column 33.
        #expect(root["n"]?.position == SourcePosition(line: 1, column: 33))

        let broken = JSONParser.parse("[\"a\\\"é\u{01}\"]")
        #expect(broken.problems.first?.message.contains("control character") == true)
        #expect(broken.problems.first?.position == SourcePosition(line: 1, column: 7))
    }

    @Test func invalidUTF8InStringIsRejected() {
        var bytes: [UInt8] = [0x22, 0xC3, 0x28, 0x22]
        #expect(JSONParser.parse(bytes: &bytes).problems.contains { $0.code == .jsonSyntax })
    }

    @Test func hundredThousandLevelsDoNotCrash() {
        let text = String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000)
        let source = JSONParser.parse(text)
        #expect(source.problems.first?.code == .tooDeep)
    }

    @Test func duplicateKeysReportedLastWins() throws {
        let source = JSONParser.parse("{\"a\":1,\"a\":2}")
        #expect(source.problems.map(\.code) == [.duplicateKey])
        #expect(source.documents.first?.root?["a"]?.intValue == 2)
    }

    @Test func hugeNumbersKeepTheirText() throws {
        let root = try #require(JSONParser.parse("[123456789012345678901234567890, 1e400]").documents.first?.root)
        #expect(root[0]?.numberValue?.int == nil)
        #expect(root[0]?.numberValue?.text == "123456789012345678901234567890")
        #expect(root[1]?.numberValue?.double.isInfinite == true)
    }

    /// Plain integers are kept as values and spelled again when asked; every other spelling
    /// keeps its own text.
    @Test func numbersKeepTheirSpelling() throws {
        let texts = ["0", "-0", "30", "-2", "1e3", "5.0", "-0.0", "10E1", "9223372036854775807", "-9223372036854775808",
                     "9223372036854775808", "-9223372036854775809"]
        let root = try #require(JSONParser.parse("[" + texts.joined(separator: ",") + "]").documents.first?.root)
        for (i, text) in texts.enumerated() {
            let number = try #require(root[i]?.numberValue)
            #expect(number.text == text)
            #expect(number.int == ((text.contains(".") || text.contains("e") || text.contains("E")) ? nil : Int64(text)), "\(text)")
            #expect(number.double == Double(text), "\(text)")
        }
        // The writer spells integers from their value, so only -0 changes.
        #expect(JSONWriter.write(root) == "[" + texts.map { $0 == "-0" ? "0" : $0 }.joined(separator: ",") + "]")
        #expect(Number(30) == root[2]?.numberValue && Number(30).text == "30" && Number(-2).int == -2)
        #expect(Number(text: "30", int: 30, double: 30) == Number(30))
        #expect(Number(text: "-0", int: 0, double: 0) != Number(0), "-0 and 0 are different spellings")
    }

    /// Found by fuzzing (FuzzPatch): numbers beyond Double's range were written as null, so a
    /// JSON Patch carrying one did not reproduce its target.
    @Test func writerKeepsNumbersBeyondDoubleRange() throws {
        let text = #"{"a":1e9993,"b":-1E+400,"c":0.5e-99999}"#
        let root = try #require(JSONParser.parse(text).documents.first?.root)
        #expect(JSONWriter.write(root) == text)
        // YAML's infinities and spellings JSON lacks have no JSON form.
        let yaml = try #require(YAMLParser.parse("a: .inf\nb: -.inf\nc: +1e999\nd: 1e999\ne: 1.e999\n").documents.first?.root)
        #expect(JSONWriter.write(yaml) == #"{"a":null,"b":null,"c":null,"d":1e999,"e":null}"#)
    }

    @Test func writerRoundTrips() throws {
        let text = "{\"a\":[1,2.50,\"q\\\"\\n\"],\"b\":{\"c\":null,\"d\":false}}"
        let root = try #require(JSONParser.parse(text).documents.first?.root)
        #expect(JSONWriter.write(root) == text)
    }
}
