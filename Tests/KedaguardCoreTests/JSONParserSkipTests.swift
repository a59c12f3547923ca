import KedaguardCore
import Testing

struct JSONParserSkipTests {
    func parse(_ text: String, skipping: [[String]] = [["a", "skip"]], maxDepth: Int = 256) -> Result<Node, ParseProblem> {
        let bytes = Array(text.utf8)
        return bytes.withUnsafeBufferPointer {
            JSONParser.parseValue(bytes: $0, limits: ParseLimits(maxDepth: maxDepth), skipping: skipping).map(\.0)
        }
    }

    @Test func skippedValuesAreLeftOut() throws {
        let node = try parse(#"{"a":{"keep":1,"skip":{"x":[1,2,{"y":"\u00e9\"q"}],"z":-1.5e3},"more":[true]},"skip":2}"#).get()
        #expect(node == JSONParser.parse(#"{"a":{"keep":1,"more":[true]},"skip":2}"#).documents[0].root!)
        // Only the exact key path is skipped: the top-level "skip" stays.
        #expect(node["skip"]?.intValue == 2)
    }

    @Test("syntax errors inside skipped values are still errors", arguments: [
        #"{"a":{"skip":{"x":}}}"#,
        #"{"a":{"skip":[1,]}}"#,
        #"{"a":{"skip":"bad \q escape"}}"#,
        #"{"a":{"skip":01}}"#,
        #"{"a":{"skip":{"k" 1}}}"#,
        #"{"a":{"skip":[1 2]}}"#,
        #"{"a":{"skip":tru}}"#,
        #"{"a":{"skip":"unterminated}}"#,
        #"{"a":{"skip":[[[[[[]]]]]]}}"#,
    ])
    func errors(text: String) {
        let shallow = text.contains("[[[[") ? 4 : 256
        guard case .failure = parse(text, maxDepth: shallow) else {
            Issue.record("accepted \(text)")
            return
        }
    }

    /// Skipping moves the column exactly as reading does: what follows a skipped string (a
    /// value, or an error) is reported at the same place either way.
    @Test("positions after skipped strings", arguments: [
        #""plain""#, #""esc \" quote \\ and \/ \n""#, #""\u00e9 \uD83D\uDE00 after""#, #""é ✓ 😀 multibyte""#,
        #""mixed é \" \u0041 ✓\t""#, #"["nested \"", {"k": "\u0042 é"}]"#, #""""#,
    ])
    func positionsAfterSkippedStrings(value: String) throws {
        let text = "{\"a\":{\"skip\": \(value),\n \"x\":  7 }}"
        let skipped = try parse(text).get()
        let read = try parse(text, skipping: []).get()
        #expect(skipped["a"]?["x"]?.position == read["a"]?["x"]?.position)
        #expect(skipped["a"]?["x"]?.position.isKnown == true)
        let broken = "{\"a\":{\"skip\": \(value), \"x\": 7 ]}"
        guard case .failure(let afterSkip) = parse(broken), case .failure(let afterRead) = parse(broken, skipping: []) else {
            Issue.record("accepted \(broken)")
            return
        }
        #expect(afterSkip.position == afterRead.position)
    }

    @Test func emptyContainersAndScalars() throws {
        for value in ["{}", "[]", "null", "0", "\"\"", "[{},[],{\"k\":[]}]"] {
            let node = try parse(#"{"a":{"skip":\#(value),"after":1}}"#).get()
            #expect(node["a"]?["after"]?.intValue == 1)
            #expect(node["a"]?["skip"] == nil)
        }
    }
}
