/// Turns the bytes of one file into Kubernetes objects plus findings about the text.
public struct LoadedSource: Sendable {
    public var objects: [KubeObject] = []
    public var problems: [ParseProblem] = []
    /// Documents that are lists or scalars: skipped, reported as `document-not-object`.
    public var nonObjectDocuments: [(index: Int, position: SourcePosition, type: String)] = []
    public var documentCount = 0
}

public enum DocumentLoader {
    public enum Syntax: Sendable {
        case yaml
        case json
    }

    public static func load(bytes: inout [UInt8], syntax: Syntax, file: String, limits: ParseLimits = .default) -> LoadedSource {
        let parsed: ParsedSource
        switch syntax {
        case .yaml: parsed = YAMLParser.parse(bytes: &bytes, limits: limits)
        case .json: parsed = JSONParser.parse(bytes: &bytes, limits: limits)
        }
        var out = LoadedSource()
        out.problems = parsed.problems
        for document in parsed.documents {
            out.documentCount += 1
            guard let root = document.root else { continue }
            switch root.value {
            case .null:
                continue // an empty document between `---` markers, as kubectl skips it
            case .mapping:
                appendObjects(root, file: file, index: document.index, into: &out)
            default:
                out.nonObjectDocuments.append((document.index, root.position, root.typeName))
            }
        }
        return out
    }

    /// Objects of a document; `kind: List` is unpacked into its items as kubectl does.
    private static func appendObjects(_ root: Node, file: String, index: Int, into out: inout LoadedSource) {
        if root["kind"]?.stringValue == "List", let items = root["items"]?.sequenceValue {
            for item in items {
                if let object = KubeObject(node: item, file: file, documentIndex: index) { out.objects.append(object) }
            }
            return
        }
        if let object = KubeObject(node: root, file: file, documentIndex: index) { out.objects.append(object) }
    }
}
