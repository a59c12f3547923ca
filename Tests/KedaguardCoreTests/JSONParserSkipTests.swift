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

    /// Several paths at once, sharing prefixes, ending at every depth and passing arrays (which
    /// they never go through): the tree equals the full one with those paths taken out.
    @Test func manyPathsEqualRemovingThemFromTheFullTree() throws {
        var random = SeededRandom(seed: 0x5EED)
        let keys = ["a", "b", "c", "d"]
        for _ in 0..<2_000 {
            let text = Self.randomValue(depth: 0, keys: keys, &random)
            let paths = (0..<Int.random(in: 1...5, using: &random)).map { _ in
                (0..<Int.random(in: 1...4, using: &random)).map { _ in keys.randomElement(using: &random)! }
            }
            let full = try #require(JSONParser.parse(text).documents[0].root)
            let skipped = try parse(text, skipping: paths).get()
            #expect(skipped == Self.removing(paths, from: full, at: []), "\(text) skipping \(paths)")
        }
    }

    static func removing(_ paths: [[String]], from node: Node, at path: [String]?) -> Node {
        switch node.value {
        case .mapping(let entries):
            let kept = entries.compactMap { entry -> Node.Entry? in
                let child = path.map { $0 + [entry.key] }
                if let child, paths.contains(child) { return nil }
                return Node.Entry(key: entry.key, value: removing(paths, from: entry.value, at: child))
            }
            return Node(.mapping(kept))
        case .sequence(let items):
            // Paths name object keys only: nothing below an array is skipped.
            return Node(.sequence(items.map { removing(paths, from: $0, at: nil) }))
        default:
            return node
        }
    }

    static func randomValue(depth: Int, keys: [String], _ random: inout SeededRandom) -> String {
        switch depth < 5 ? Int.random(in: 0..<6, using: &random) : 5 {
        case 0, 1, 2:
            let chosen = keys.shuffled(using: &random).prefix(Int.random(in: 0...keys.count, using: &random))
            return "{" + chosen.map { "\"\($0)\":" + randomValue(depth: depth + 1, keys: keys, &random) }.joined(separator: ",") + "}"
        case 3:
            return "[" + (0..<Int.random(in: 0...3, using: &random)).map { _ in randomValue(depth: depth + 1, keys: keys, &random) }.joined(separator: ",") + "]"
        case 4:
            return #""s\"\u00e9""#
        default:
            return String(Int.random(in: -9...99, using: &random))
        }
    }
}

/// SplitMix64: the same sequence on every run and platform.
struct SeededRandom: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
