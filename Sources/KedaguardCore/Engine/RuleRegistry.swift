/// Every rule kedaguard runs. Each area keeps its own list; add a rule there.
public enum RuleRegistry {
    public static let rules: [any Rule] =
        StructureRules.all
        + ScaledObjectRules.all
        + TriggerRules.all
        + TriggerMetadataRules.all
        + ScalerRules.all
        + ConflictRules.all
        + ScaledJobRules.all
        + AuthenticationRules.all
        + ScalingModifiersRules.all
        + CloudEventSourceRules.all
        + BehaviorRules.all

    /// Rules plus the input diagnostics, sorted by id: what `kedaguard rules` lists.
    public static var descriptors: [RuleDescriptor] {
        (rules.map(\.descriptor) + InputDiagnostics.descriptors + ClusterStateDiagnostics.descriptors).sorted { $0.id < $1.id }
    }

    /// Findings no file fixture can provoke (size, encoding, cluster state); their tests build
    /// the situation in code instead.
    public static var withoutFileFixtures: Set<String> {
        InputDiagnostics.withoutFileFixtures.union(ClusterStateDiagnostics.descriptors.map(\.id))
    }

    public static func descriptor(id: String) -> RuleDescriptor? {
        descriptors.first { $0.id == id }
    }
}
