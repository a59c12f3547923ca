public struct SchemaTypeRule: SynchronousRule {
    public static let id = "schema-type"
    public init() {}

    public var descriptor: RuleDescriptor {
        RuleDescriptor(
            id: Self.id, severity: .error,
            summary: "A field has the wrong JSON type (e.g. a number where the CRD wants a string).",
            explanation: """
            The CRD's structural schema types every field; kube-apiserver rejects a value of another type. A common case is trigger metadata: every value must be a string, so quote numbers and booleans (threshold: "5", not threshold: 5). \(schemaAdmissionNote)
            """,
            kinds: schemaKinds, category: "structure")
    }

    public func checkSynchronously(_ context: RuleContext) throws -> [Finding] {
        context.schemaFindings(.wrongType)
    }
}
