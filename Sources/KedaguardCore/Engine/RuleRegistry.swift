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
        (rules.map(\.descriptor) + InputDiagnostics.descriptors).sorted { $0.id < $1.id }
    }

    public static func descriptor(id: String) -> RuleDescriptor? {
        descriptors.first { $0.id == id }
    }
}
