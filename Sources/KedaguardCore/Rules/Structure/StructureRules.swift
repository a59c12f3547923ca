/// What kube-apiserver checks before any webhook: the CRD's structural schema and ObjectMeta.
public enum StructureRules {
    public static let all: [any Rule] = [
        SchemaUnknownFieldRule(), SchemaTypeRule(), SchemaRequiredRule(), SchemaEnumRule(),
        SchemaBoundsRule(), SchemaCELRule(), ObjectMetadataRule(),
    ]
}
