public struct SchemaCELRule: SynchronousRule {
    public static let id = "schema-cel"
    public init() {}

    public var descriptor: RuleDescriptor {
        RuleDescriptor(
            id: Self.id, severity: .error,
            summary: "The CRD's own validation rule fails (ScaledObject minReplicaCount <= maxReplicaCount, max defaulting to 100).",
            explanation: """
            From KEDA v2.20 the ScaledObject CRD carries a CEL rule that rejects minReplicaCount above maxReplicaCount (or above 100 when maxReplicaCount is unset). Raise maxReplicaCount or lower minReplicaCount. \(schemaAdmissionNote)
            """,
            kinds: schemaKinds, category: "structure")
    }

    public func checkSynchronously(_ context: RuleContext) throws -> [Finding] {
        context.schemaFindings(.cel)
    }
}
