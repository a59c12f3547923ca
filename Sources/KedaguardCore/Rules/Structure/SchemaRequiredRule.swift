public struct SchemaRequiredRule: SynchronousRule {
    public static let id = "schema-required"
    public init() {}

    public var descriptor: RuleDescriptor {
        RuleDescriptor(
            id: Self.id, severity: .error,
            summary: "A field the KEDA CRD requires is missing.",
            explanation: """
            kube-apiserver rejects the object. For example every trigger needs type and metadata (metadata may be {}), and scaleTargetRef needs name. \(schemaAdmissionNote)
            """,
            kinds: schemaKinds, category: "structure")
    }

    public func checkSynchronously(_ context: RuleContext) throws -> [Finding] {
        context.schemaFindings(.missingRequired)
    }
}
