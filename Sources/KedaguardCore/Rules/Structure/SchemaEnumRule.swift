public struct SchemaEnumRule: SynchronousRule {
    public static let id = "schema-enum"
    public init() {}

    public var descriptor: RuleDescriptor {
        RuleDescriptor(
            id: Self.id, severity: .error,
            summary: "A field has a value outside the CRD's allowed set.",
            explanation: """
            kube-apiserver rejects values that the CRD's enum does not list (for example fallback.behavior, authenticationRef.kind, podIdentity.provider). Values are case-sensitive. \(schemaAdmissionNote)
            """,
            kinds: schemaKinds, category: "structure")
    }

    public func checkSynchronously(_ context: RuleContext) throws -> [Finding] {
        context.schemaFindings(.enumValue)
    }
}
