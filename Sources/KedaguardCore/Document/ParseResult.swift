/// Limits that keep parsing bounded in time and memory whatever the input.
/// They are generous for real manifests: a Kubernetes object is at most ~1.5 MiB in etcd.
public struct ParseLimits: Sendable, Hashable {
    /// Deepest nesting of sequences and mappings. Real manifests stay under 30.
    public var maxDepth: Int
    /// Nodes one document may expand to, counting every use of an alias. Stops "billion laughs".
    public var maxNodesPerDocument: Int

    public init(maxDepth: Int = 256, maxNodesPerDocument: Int = 1_000_000) {
        self.maxDepth = maxDepth
        self.maxNodesPerDocument = maxNodesPerDocument
    }

    public static let `default` = ParseLimits()
}

/// One document of a YAML stream (or the single document of a JSON text).
public struct ParsedDocument: Sendable {
    /// 0-based position of the document in its file.
    public var index: Int
    /// nil when the document could not be read; the reason is among the problems.
    public var root: Node?
    public var position: SourcePosition

    public init(index: Int, root: Node?, position: SourcePosition) {
        self.index = index
        self.root = root
        self.position = position
    }
}

/// Something wrong with the text itself, before any rule runs.
public struct ParseProblem: Sendable, Hashable {
    public enum Code: String, Sendable, CaseIterable {
        case syntax = "yaml-syntax"
        case duplicateKey = "duplicate-key"
        case tooDeep = "nesting-too-deep"
        case tooManyNodes = "alias-expansion-limit"
        case unsupported = "yaml-unsupported"
        case jsonSyntax = "json-syntax"
    }

    public var code: Code
    public var message: String
    public var position: SourcePosition

    public init(code: Code, message: String, position: SourcePosition) {
        self.code = code
        self.message = message
        self.position = position
    }
}

public struct ParsedSource: Sendable {
    public var documents: [ParsedDocument]
    public var problems: [ParseProblem]

    public init(documents: [ParsedDocument] = [], problems: [ParseProblem] = []) {
        self.documents = documents
        self.problems = problems
    }
}
