import KedaguardCore
import Testing

/// `Located` keeps its path as packed child indexes below an anchor and spells it out only on
/// demand; these check the spelled-out pointer against the keys and indexes actually taken,
/// across the places where the packing runs out (eight steps, indexes above 16 bits).
struct LocatedTests {
    /// Every node of `located`'s subtree, with the tokens taken to reach it, by all three ways
    /// down (key subscript, index subscript, entries/items).
    static func walk(_ located: Located, _ tokens: [String], _ visit: (Located, [String]) -> Void) {
        visit(located, tokens)
        switch located.node.value {
        case .mapping(let entries):
            for (i, pair) in located.entries.enumerated() {
                walk(pair.value, tokens + [pair.key], visit)
                let byKey = located[pair.key]
                visit(byKey!, tokens + [pair.key])
                #expect(byKey?.keyPosition == entries[i].keyPosition)
            }
        case .sequence(let items):
            for (i, item) in located.items.enumerated() {
                walk(item, tokens + [String(i)], visit)
                visit(located[i]!, tokens + [String(i)])
            }
            #expect(located[items.count] == nil)
        default:
            break
        }
    }

    @Test func pointersNameThePathTakenAtEveryDepth() throws {
        // 20 levels of objects and arrays mixed, keys needing escapes on the way.
        var text = "\"leaf\""
        for level in (0..<20).reversed() {
            text = level % 3 == 2 ? "[0,\(text)]" : "{\"k/\(level)~\":\(text),\"other\":\(level)}"
        }
        let root = Located(node: try #require(JSONParser.parse(text).documents[0].root))
        var visited = 0
        var deepest = 0
        Self.walk(root, []) { located, tokens in
            #expect(located.pointer == JSONPointer(tokens: tokens), "\(tokens)")
            visited += 1
            deepest = max(deepest, tokens.count)
        }
        #expect(deepest == 20)
        #expect(visited > 40)
        #expect(root.pointer == .root)
    }

    @Test func indexesBeyondSixteenBitsAreKept() throws {
        let count = 70_000
        let items = (0..<count).map { "{\"i\":[\($0)]}" }.joined(separator: ",")
        let root = Located(node: try #require(JSONParser.parse("{\"list\":[\(items)]}").documents[0].root))
        for index in [0, 65_535, 65_536, 69_999] {
            let value = try #require(root.path("list")?[index]?["i"]?[0])
            #expect(value.pointer == JSONPointer(tokens: ["list", String(index), "i", "0"]))
            #expect(value.int == Int64(index))
        }
    }

    @Test func anAnchorWithAPointerPrefixesIt() throws {
        let node = try #require(JSONParser.parse(#"{"a":[{"b":1}]}"#).documents[0].root)
        let located = Located(node: node, pointer: JSONPointer(tokens: ["spec", "x"]))
        #expect(located.pointer == JSONPointer(tokens: ["spec", "x"]))
        #expect(located.path("a")?[0]?["b"]?.pointer == JSONPointer(tokens: ["spec", "x", "a", "0", "b"]))
    }
}
