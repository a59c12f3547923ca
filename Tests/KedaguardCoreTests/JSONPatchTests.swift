import KedaguardCore
import Testing

private func json(_ text: String) -> Node {
    let parsed = JSONParser.parse(text)
    precondition(parsed.problems.isEmpty, "bad test JSON: \(parsed.problems)")
    return parsed.documents[0].root!
}

struct JSONPatchTests {
    @Test("diff then apply gives the target", arguments: [
        (#"{"a":1}"#, #"{"a":1,"b":{"c":[1,2]}}"#),
        (#"{"a":1,"b":2}"#, #"{"b":3}"#),
        (#"{"a":[1,2,3]}"#, #"{"a":[1,5]}"#),
        (#"{"a":[1]}"#, #"{"a":[1,{"x":null},"z"]}"#),
        (#"{"a":{"b":1}}"#, #"{"a":[1]}"#),
        (#"{"a/b":1,"c~d":2}"#, #"{"a/b":2,"c~d":3,"~/":{}}"#),
        (#"[1,2]"#, #"{"k":true}"#),
        (#"{"s":"x","n":1}"#, #"{"s":1,"n":"1"}"#),
        // Found by fuzzing: a value beyond Double's range must survive encoding.
        (#"{"az~":2}"#, #"{"^^~^^/b":1e9993}"#),
        // Found by fuzzing: a key starting with a combining mark joins the pointer's "/" into one
        // Character; pointers are sequences of code points, not of Characters.
        (#"{"ao\"e99o9c/": 0}"#, "{\"\u{05A3}\u{075E}/\": [{\"a\":1}, {\"\": null}]}"),
        ("{\"a\":1}", "{\"a\":1,\"\u{0301}~x/\u{0301}\":2}"),
    ])
    func roundTrip(before: String, after: String) throws {
        let a = json(before), b = json(after)
        let ops = JSONPatch.diff(from: a, to: b)
        #expect(try JSONPatch.apply(ops, to: a) == b)
        // Encoding and decoding keep the operations.
        let decoded = try JSONPatch.decode(base64: JSONPatch.base64(ops))
        #expect(try JSONPatch.apply(decoded, to: a) == b)
    }

    @Test func diffIsMinimalAndEscapesPointers() {
        let a = json(#"{"metadata":{"annotations":{"x/y":"1","keep":"same"}},"n":5}"#)
        let b = json(#"{"metadata":{"annotations":{"x/y":"2","keep":"same","a~b":"new"}},"n":5.0}"#)
        let ops = JSONPatch.diff(from: a, to: b)
        #expect(JSONPatch.encode(ops) == #"[{"op":"replace","path":"/metadata/annotations/x~1y","value":"2"},{"op":"add","path":"/metadata/annotations/a~0b","value":"new"}]"#)
        #expect(JSONPatch.diff(from: a, to: a).isEmpty)
    }

    @Test func shrinkingArraysRemoveFromTheEnd() {
        let ops = JSONPatch.diff(from: json("[1,2,3,4]"), to: json("[1,2]"))
        #expect(ops.map(\.path.description) == ["/3", "/2"])
    }

    // Cases in the spirit of RFC 6902 appendix A, written for this suite.
    @Test func applyOperations() throws {
        let doc = json(#"{"foo":["bar","baz"],"q":{"r":1}}"#)
        func run(_ patch: String) throws -> Node { try JSONPatch.apply(JSONPatch.decode(json(patch)), to: doc) }
        #expect(try run(#"[{"op":"add","path":"/foo/1","value":"qux"}]"#) == json(#"{"foo":["bar","qux","baz"],"q":{"r":1}}"#))
        #expect(try run(#"[{"op":"add","path":"/foo/-","value":"end"}]"#) == json(#"{"foo":["bar","baz","end"],"q":{"r":1}}"#))
        #expect(try run(#"[{"op":"remove","path":"/foo/0"}]"#) == json(#"{"foo":["baz"],"q":{"r":1}}"#))
        #expect(try run(#"[{"op":"replace","path":"/q/r","value":[]}]"#) == json(#"{"foo":["bar","baz"],"q":{"r":[]}}"#))
        #expect(try run(#"[{"op":"move","from":"/q/r","path":"/foo/0"}]"#) == json(#"{"foo":[1,"bar","baz"],"q":{}}"#))
        #expect(try run(#"[{"op":"copy","from":"/q","path":"/c"}]"#) == json(#"{"foo":["bar","baz"],"q":{"r":1},"c":{"r":1}}"#))
        #expect(try run(#"[{"op":"test","path":"/q/r","value":1.0}]"#) == doc)
        #expect(try run(#"[{"op":"add","path":"","value":{"new":1}}]"#) == json(#"{"new":1}"#))
    }

    @Test("errors leave nothing half-applied", arguments: [
        (#"[{"op":"test","path":"/q/r","value":"1"}]"#, JSONPatchError.testFailed("/q/r")),
        (#"[{"op":"remove","path":"/nope"}]"#, JSONPatchError.pathNotFound("/nope")),
        (#"[{"op":"replace","path":"/nope","value":1}]"#, JSONPatchError.pathNotFound("/nope")),
        (#"[{"op":"add","path":"/foo/01","value":1}]"#, JSONPatchError.invalidIndex("/foo/01")),
        (#"[{"op":"add","path":"/foo/3","value":1}]"#, JSONPatchError.invalidIndex("/foo/3")),
        (#"[{"op":"add","path":"/a/b","value":1}]"#, JSONPatchError.pathNotFound("/a/b")),
        (#"[{"op":"move","from":"/q","path":"/q/r/s"}]"#, JSONPatchError.moveIntoItself("/q/r/s")),
    ])
    func failures(patch: String, expected: JSONPatchError) throws {
        let doc = json(#"{"foo":["bar","baz"],"q":{"r":1}}"#)
        #expect(throws: expected) { try JSONPatch.apply(JSONPatch.decode(json(patch)), to: doc) }
    }

    @Test func malformedPatches() {
        #expect(throws: JSONPatchError.self) { try JSONPatch.decode(json(#"{"op":"add"}"#)) }
        #expect(throws: JSONPatchError.self) { try JSONPatch.decode(json(#"[{"op":"frobnicate","path":"/a"}]"#)) }
        #expect(throws: JSONPatchError.self) { try JSONPatch.decode(json(#"[{"op":"add","path":"a","value":1}]"#)) }
        #expect(throws: JSONPatchError.self) { try JSONPatch.decode(json(#"[{"op":"copy","path":"/a"}]"#)) }
        #expect(throws: JSONPatchError.self) { try JSONPatch.decode(base64: "%%%") }
    }
}
