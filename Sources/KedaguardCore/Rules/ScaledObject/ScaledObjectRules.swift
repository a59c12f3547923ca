/// ScaledObject semantics beyond the CRD schema.
public enum ScaledObjectRules {
    public static let all: [any Rule] = [
        ScaledObjectNameRule(), HPANameRule(), ReplicaBoundsRule(), ScaleTargetRule(), FallbackRule(),
        ResourceScaleToZeroRule(), ResourceRequestsRule(), RelevanceRule(), PausedAnnotationsRule(),
    ]
}
