import CYaml

/// Builds `Node` trees from libyaml's event stream (libyaml comes with Yams).
///
/// We compose the tree ourselves instead of using Yams' composer because we need things it
/// does not give: an explicit stack (no recursion, so deep nesting cannot overflow the thread
/// stack), a budget on alias expansion, duplicate keys reported as findings rather than aborting
/// the file, merge keys, and recovery at the next `---` after a syntax error so the remaining
/// documents of a file are still linted.
public enum YAMLParser {
    public static func parse(_ text: String, limits: ParseLimits = .default) -> ParsedSource {
        var bytes = Array(text.utf8)
        return parse(bytes: &bytes, limits: limits)
    }

    public static func parse(bytes: inout [UInt8], limits: ParseLimits = .default) -> ParsedSource {
        var result = ParsedSource()
        var startOffset = 0
        var lineOffset = 0
        var documentIndex = 0
        bytes.withUnsafeBufferPointer { all in
            while startOffset <= all.count {
                let slice = UnsafeBufferPointer(rebasing: all[startOffset...])
                var composer = Composer(limits: limits, lineOffset: lineOffset, firstDocumentIndex: documentIndex)
                let outcome = composer.run(slice)
                result.documents += composer.documents
                result.problems += composer.problems
                documentIndex = composer.nextDocumentIndex
                guard case .failed(let errorLine) = outcome else { break }
                // Resume at the next document marker after the broken line, if there is one.
                guard let (offset, line) = nextDocumentMarker(in: slice, afterLine: errorLine) else { break }
                startOffset += offset
                lineOffset += line
                documentIndex += 1
            }
        }
        return result
    }

    /// Byte offset and 0-based line (relative to `buffer`) of the first line from `afterLine` on
    /// that starts with `---` (libyaml often reports an unclosed document at the next marker).
    /// Never offset 0, so each restart makes progress.
    private static func nextDocumentMarker(in buffer: UnsafeBufferPointer<UInt8>, afterLine: Int) -> (Int, Int)? {
        var line = 0
        var i = 0
        let n = buffer.count
        while i < n {
            if line >= afterLine, i > 0, i + 3 <= n,
               buffer[i] == UInt8(ascii: "-"), buffer[i + 1] == UInt8(ascii: "-"), buffer[i + 2] == UInt8(ascii: "-"),
               i + 3 == n || [UInt8(ascii: " "), UInt8(ascii: "\n"), UInt8(ascii: "\r"), UInt8(ascii: "\t")].contains(buffer[i + 3]) {
                return (i, line)
            }
            while i < n, buffer[i] != UInt8(ascii: "\n") { i += 1 }
            i += 1
            line += 1
        }
        return nil
    }
}

private struct Composer {
    enum Outcome {
        case finished
        case failed(line: Int)
    }

    struct Frame {
        var isMapping: Bool
        var items: [Node] = []
        var entries: [Node.Entry] = []
        var pendingKey: (text: String, position: SourcePosition, mergeKey: Bool)?
        var keyIndex: [String: Int] = [:]
        var merges: [Node] = []
        var start: SourcePosition
        var anchor: String?
        var count = 1

        /// Duplicate detection: a linear scan while mappings are small (almost always), a
        /// dictionary once they grow, so a mapping with 100k keys stays linear.
        func index(of key: String) -> Int? {
            if entries.count <= Frame.smallMapping {
                return entries.firstIndex { $0.key == key }
            }
            return keyIndex[key]
        }

        mutating func append(_ entry: Node.Entry) {
            entries.append(entry)
            if entries.count == Frame.smallMapping + 1 {
                for (i, e) in entries.enumerated() { keyIndex[e.key] = i }
            } else if entries.count > Frame.smallMapping + 1 {
                keyIndex[entry.key] = entries.count - 1
            }
        }

        static let smallMapping = 12
    }

    let limits: ParseLimits
    let lineOffset: Int
    var documents: [ParsedDocument] = []
    var problems: [ParseProblem] = []
    var nextDocumentIndex: Int

    private var anchors: [String: (node: Node, count: Int)] = [:]
    private var stack: [Frame] = []
    private var root: Node?
    private var documentCount = 0
    private var documentStart = SourcePosition.unknown
    /// Set when the current document exceeded a limit: its remaining events are skipped.
    private var abandoned = false
    private var skipDepth = 0

    init(limits: ParseLimits, lineOffset: Int, firstDocumentIndex: Int) {
        self.limits = limits
        self.lineOffset = lineOffset
        self.nextDocumentIndex = firstDocumentIndex
    }

    private func position(_ mark: yaml_mark_t) -> SourcePosition {
        SourcePosition(line: Int(mark.line) + 1 + lineOffset, column: Int(mark.column) + 1)
    }

    mutating func run(_ buffer: UnsafeBufferPointer<UInt8>) -> Outcome {
        var parser = yaml_parser_t()
        guard yaml_parser_initialize(&parser) == 1 else {
            problems.append(ParseProblem(code: .syntax, message: "could not initialise the YAML parser", position: .unknown))
            return .finished
        }
        defer { yaml_parser_delete(&parser) }
        yaml_parser_set_encoding(&parser, YAML_UTF8_ENCODING)
        yaml_parser_set_input_string(&parser, buffer.baseAddress, buffer.count)

        var event = yaml_event_t()
        while true {
            guard yaml_parser_parse(&parser, &event) == 1 else {
                return fail(parser)
            }
            defer { yaml_event_delete(&event) }
            if event.type == YAML_STREAM_END_EVENT { return .finished }
            handle(&event)
        }
    }

    private mutating func fail(_ parser: yaml_parser_t) -> Outcome {
        let problem = parser.problem.map { String(cString: $0) } ?? "invalid YAML"
        var message = problem
        if let context = parser.context.map({ String(cString: $0) }) {
            message = "\(context), \(problem)"
        }
        let mark = parser.problem_mark
        let pos = position(mark)
        if problem.contains("nesting level") {
            // libyaml's own depth guard fired before ours.
            problems.append(ParseProblem(code: .tooDeep, message: "nesting is too deep for the YAML parser; this document is skipped", position: pos))
        } else {
            problems.append(ParseProblem(code: .syntax, message: "YAML syntax error: \(message)", position: pos))
        }
        // The document being built is lost; it still occupies an index so later ones keep theirs.
        if stack.isEmpty == false || root != nil || documentCount > 0 {
            documents.append(ParsedDocument(index: nextDocumentIndex, root: nil, position: documentStart))
        }
        stack.removeAll()
        return .failed(line: Int(mark.line))
    }

    private mutating func handle(_ event: inout yaml_event_t) {
        switch event.type {
        case YAML_DOCUMENT_START_EVENT:
            anchors.removeAll(keepingCapacity: true)
            root = nil
            abandoned = false
            skipDepth = 0
            documentCount = 0
            documentStart = position(event.start_mark)
        case YAML_DOCUMENT_END_EVENT:
            documents.append(ParsedDocument(index: nextDocumentIndex, root: abandoned ? nil : root, position: documentStart))
            nextDocumentIndex += 1
            root = nil
            documentCount = 0
        case YAML_SCALAR_EVENT where abandoned:
            break
        case YAML_ALIAS_EVENT where abandoned:
            break
        case YAML_SEQUENCE_START_EVENT where abandoned, YAML_MAPPING_START_EVENT where abandoned:
            skipDepth += 1
        case YAML_SEQUENCE_END_EVENT where abandoned, YAML_MAPPING_END_EVENT where abandoned:
            skipDepth -= 1
        case YAML_SCALAR_EVENT:
            let s = event.data.scalar
            let text = string(s.value, Int(s.length))
            let pos = position(event.start_mark)
            let tag = s.tag.map { String(cString: $0) }
            let plain = s.style == YAML_PLAIN_SCALAR_STYLE
            if expectsKey {
                stack[stack.count - 1].pendingKey = (text, pos, plain && tag == nil && text == "<<")
                return
            }
            let value: Node.Value
            switch tag {
            case nil, "!":
                value = plain && tag == nil ? YAMLScalarResolver.resolvePlain(text) : .string(text)
            case "tag:yaml.org,2002:str", "!!str":
                value = .string(text)
            case "tag:yaml.org,2002:null":
                value = .null
            default:
                let resolved = YAMLScalarResolver.resolvePlain(text)
                if tag == "tag:yaml.org,2002:bool" || tag == "tag:yaml.org,2002:int" || tag == "tag:yaml.org,2002:float" {
                    value = resolved
                } else {
                    value = .string(text)
                }
            }
            let node = Node(value, at: pos)
            if let anchor = s.anchor { anchors[String(cString: anchor)] = (node, 1) }
            attach(node, count: 1)
        case YAML_ALIAS_EVENT:
            let name = String(cString: event.data.alias.anchor)
            let pos = position(event.start_mark)
            guard let (node, count) = anchors[name] else {
                problems.append(ParseProblem(code: .syntax, message: "alias *\(name) refers to an anchor that is not defined before it", position: pos))
                attach(Node(.null, at: pos), count: 1)
                return
            }
            if expectsKey {
                stack[stack.count - 1].pendingKey = (node.scalarText ?? name, pos, false)
                return
            }
            attach(node, count: count)
        case YAML_SEQUENCE_START_EVENT:
            let anchor = event.data.sequence_start.anchor.map { String(cString: $0) }
            push(Frame(isMapping: false, start: position(event.start_mark), anchor: anchor))
        case YAML_MAPPING_START_EVENT:
            let anchor = event.data.mapping_start.anchor.map { String(cString: $0) }
            push(Frame(isMapping: true, start: position(event.start_mark), anchor: anchor))
        case YAML_SEQUENCE_END_EVENT, YAML_MAPPING_END_EVENT:
            guard var frame = stack.popLast() else { return }
            let node: Node
            if frame.isMapping {
                applyMerges(&frame)
                node = Node(.mapping(frame.entries), at: frame.start)
            } else {
                node = Node(.sequence(frame.items), at: frame.start)
            }
            if let anchor = frame.anchor { anchors[anchor] = (node, frame.count) }
            attach(node, count: frame.count, isContainer: true)
        default:
            break
        }
    }

    /// The innermost container is a mapping waiting for its next key. Reads the frame in place:
    /// `stack.last` would copy it (and retain its arrays) for every event.
    private var expectsKey: Bool {
        guard !stack.isEmpty else { return false }
        let top = stack.count - 1
        return stack[top].isMapping && stack[top].pendingKey == nil
    }

    private mutating func push(_ frame: Frame) {
        if stack.count >= limits.maxDepth {
            abandon(ParseProblem(code: .tooDeep,
                                 message: "nesting is deeper than \(limits.maxDepth) levels; this document is skipped",
                                 position: frame.start))
            skipDepth = 1
            return
        }
        if expectsKey {
            problems.append(ParseProblem(code: .unsupported,
                                         message: "a sequence or mapping used as a mapping key is not supported by Kubernetes",
                                         position: frame.start))
            stack[stack.count - 1].pendingKey = ("?", frame.start, false)
        }
        stack.append(frame)
    }

    private mutating func abandon(_ problem: ParseProblem) {
        problems.append(problem)
        abandoned = true
        stack.removeAll()
        root = nil
    }

    private mutating func attach(_ node: Node, count: Int, isContainer: Bool = false) {
        documentCount += count
        if documentCount > limits.maxNodesPerDocument {
            abandon(ParseProblem(code: .tooManyNodes,
                                 message: "the document expands to more than \(limits.maxNodesPerDocument) values through anchors and aliases (a \"billion laughs\" pattern?); it is skipped",
                                 position: node.position))
            return
        }
        guard !stack.isEmpty else {
            root = node
            return
        }
        let top = stack.count - 1
        stack[top].count += count
        if stack[top].isMapping {
            guard let key = stack[top].pendingKey else { return }
            stack[top].pendingKey = nil
            if key.mergeKey {
                stack[top].merges.append(node)
                return
            }
            if let existing = stack[top].index(of: key.text) {
                let first = stack[top].entries[existing].keyPosition
                problems.append(ParseProblem(code: .duplicateKey,
                                             message: "duplicate key \"\(key.text)\" (first defined at line \(first.line)); Kubernetes keeps only the last value",
                                             position: key.position))
                stack[top].entries[existing] = Node.Entry(key: key.text, keyPosition: key.position, value: node)
            } else {
                stack[top].append(Node.Entry(key: key.text, keyPosition: key.position, value: node))
            }
        } else {
            stack[top].items.append(node)
        }
    }

    /// YAML 1.1 merge keys (`<<: *base`): explicit keys win, then earlier merge sources.
    private func applyMerges(_ frame: inout Frame) {
        guard !frame.merges.isEmpty else { return }
        var sources: [Node] = []
        for merge in frame.merges {
            if let items = merge.sequenceValue { sources += items } else { sources.append(merge) }
        }
        var present = Set(frame.entries.map(\.key))
        for source in sources {
            for entry in source.entries ?? [] where !present.contains(entry.key) {
                present.insert(entry.key)
                frame.entries.append(entry)
            }
        }
    }

    private func string(_ pointer: UnsafeMutablePointer<yaml_char_t>?, _ length: Int) -> String {
        guard let pointer, length > 0 else { return "" }
        return String(decoding: UnsafeBufferPointer(start: pointer, count: length), as: UTF8.self)
    }
}
