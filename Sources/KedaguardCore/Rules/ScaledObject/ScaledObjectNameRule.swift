/// KEDA's webhook denies names over 63 characters: the name becomes the value of the
/// `scaledobject.keda.sh/name` label, and label values are limited to 63.
public struct ScaledObjectNameRule: SynchronousRule {
    public static let id = "scaledobject-name-length"
    public init() {}

    public var descriptor: RuleDescriptor {
        RuleDescriptor(
            id: Self.id, severity: .error,
            summary: "ScaledObject name longer than 63 characters.",
            explanation: """
            KEDA puts the ScaledObject's name into the label scaledobject.keda.sh/name on the HPA it \
            creates; label values are limited to 63 characters, so KEDA's webhook denies longer names. \
            Shorten metadata.name.
            """,
            kinds: [.scaledObject], category: "scaledobject")
    }

    public func checkSynchronously(_ context: RuleContext) throws -> [Finding] {
        guard let name = context.root.path("metadata", "name"), let text = name.string, text.utf8.count > 63 else { return [] }
        return [Finding("ScaledObject name \"\(text)\" is \(text.utf8.count) characters long; KEDA allows at most 63 (it becomes a label value)", at: name)]
    }
}
