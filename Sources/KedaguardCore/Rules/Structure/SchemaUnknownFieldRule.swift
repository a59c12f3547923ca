public struct SchemaUnknownFieldRule: SynchronousRule {
    public static let id = "schema-unknown-field"
    public init() {}

    public var descriptor: RuleDescriptor {
        RuleDescriptor(
            id: Self.id, severity: .error,
            summary: "A field that the KEDA CRD does not define (typo or wrong nesting).",
            explanation: """
            kube-apiserver rejects unknown fields under kubectl's default strict field validation, and silently drops them under lenient clients, so the setting never takes effect. The message suggests the closest known field name; check the indentation too: a field one level too deep or too shallow is unknown where it stands. \(schemaAdmissionNote)
            """,
            kinds: schemaKinds, category: "structure")
    }

    public func checkSynchronously(_ context: RuleContext) throws -> [Finding] {
        context.schemaFindings(.unknownField)
    }
}
