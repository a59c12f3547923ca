/// Findings about the text rather than an object: produced by the parsers and the readers,
/// listed with the rules so they can be looked up and configured like any rule.
public enum InputDiagnostics {
    public static let all: [ResourceKind] = ResourceKind.allCases

    public static func descriptor(for code: ParseProblem.Code) -> RuleDescriptor? {
        descriptors.first { $0.id == code.rawValue }
    }

    public static let documentNotObject = RuleDescriptor(
        id: "document-not-object", severity: .info,
        summary: "A document is a list or a scalar, not a Kubernetes object; it is skipped.",
        explanation: """
        Every YAML document of a manifest must be a mapping with apiVersion and kind. A document that \
        is a list or a single value cannot be applied to a cluster, so kedaguard skips it and says so. \
        If the file is not a Kubernetes manifest, exclude it in .kedaguard.yaml.
        """,
        kinds: [], category: "input")

    public static let emptyFile = RuleDescriptor(
        id: "file-empty", severity: .info,
        summary: "A file holds no YAML documents (it is empty or only comments).",
        explanation: "Nothing to check. Delete the file or exclude it if it is intentional.",
        kinds: [], category: "input")

    public static let fileTooLarge = RuleDescriptor(
        id: "file-too-large", severity: .error,
        summary: "A file is larger than the size limit and was not parsed.",
        explanation: """
        To keep memory bounded, files above the limit (16 MiB by default, `--max-file-size` to change) \
        are not parsed. A Kubernetes object is at most about 1.5 MiB once stored, so a larger file is \
        usually generated output or not a manifest; split it or exclude it.
        """,
        kinds: [], category: "input")

    public static let notUTF8 = RuleDescriptor(
        id: "file-not-utf8", severity: .error,
        summary: "A file is not valid UTF-8 text.",
        explanation: """
        Kubernetes manifests must be UTF-8. The file holds bytes that are not (it may be binary, or \
        saved in another encoding). Re-save it as UTF-8 or exclude it.
        """,
        kinds: [], category: "input")

    public static let descriptors: [RuleDescriptor] = [
        RuleDescriptor(
            id: ParseProblem.Code.syntax.rawValue, severity: .error,
            summary: "The YAML cannot be parsed.",
            explanation: """
            The document is not valid YAML, so kubectl would refuse the whole file. The message gives \
            libyaml's reason at the position where parsing failed; documents after the next `---` are \
            still checked.
            """,
            kinds: [], category: "input"),
        RuleDescriptor(
            id: ParseProblem.Code.jsonSyntax.rawValue, severity: .error,
            summary: "The JSON cannot be parsed.",
            explanation: "The file is not valid JSON (RFC 8259). The message gives the reason and position.",
            kinds: [], category: "input"),
        RuleDescriptor(
            id: ParseProblem.Code.duplicateKey.rawValue, severity: .error,
            summary: "A mapping has the same key twice.",
            explanation: """
            YAML forbids duplicate keys and kubectl's strict field validation rejects them; lenient \
            tools keep only the last value, so the first one is silently lost. Remove one of the two.
            """,
            kinds: [], category: "input"),
        RuleDescriptor(
            id: ParseProblem.Code.tooDeep.rawValue, severity: .error,
            summary: "Nesting is deeper than the parser's limit (256 levels).",
            explanation: """
            Real manifests nest fewer than 30 levels. Deeper input is refused to keep parsing bounded; \
            the document is skipped.
            """,
            kinds: [], category: "input"),
        RuleDescriptor(
            id: ParseProblem.Code.tooManyNodes.rawValue, severity: .error,
            summary: "Anchors and aliases expand the document beyond 1,000,000 values.",
            explanation: """
            Aliases that refer to anchors that refer to anchors grow exponentially (the "billion \
            laughs" attack). The document is skipped once it would expand beyond the limit.
            """,
            kinds: [], category: "input"),
        RuleDescriptor(
            id: ParseProblem.Code.unsupported.rawValue, severity: .error,
            summary: "The YAML uses a feature Kubernetes cannot represent (e.g. a mapping as a key).",
            explanation: "Kubernetes objects are JSON: mapping keys must be strings. Rewrite the key as a string.",
            kinds: [], category: "input"),
        documentNotObject, emptyFile, fileTooLarge, notUTF8,
    ]
}

extension InputDiagnostics {
    /// Input findings that a text fixture cannot provoke (size, encoding, empty files); their
    /// tests build the input in code instead.
    public static let withoutFileFixtures: Set<String> = [
        fileTooLarge.id, notUTF8.id, emptyFile.id, ParseProblem.Code.tooDeep.rawValue,
        ParseProblem.Code.tooManyNodes.rawValue,
    ]
}
