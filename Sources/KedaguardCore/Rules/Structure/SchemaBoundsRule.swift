public struct SchemaBoundsRule: SynchronousRule {
    public static let id = "schema-bounds"
    public init() {}

    public var descriptor: RuleDescriptor {
        RuleDescriptor(
            id: Self.id, severity: .error,
            summary: "A value is below the CRD's minimum, or a string or list is too short or too long.",
            explanation: """
            The CRD sets minimums (pollingInterval >= 1, replica counts >= 0, maxReplicaCount >= 1, at least one trigger, non-empty names); kube-apiserver rejects values outside them. \(schemaAdmissionNote)
            """,
            kinds: schemaKinds, category: "structure")
    }

    public func checkSynchronously(_ context: RuleContext) throws -> [Finding] {
        context.schemaFindings(.bounds)
    }
}
