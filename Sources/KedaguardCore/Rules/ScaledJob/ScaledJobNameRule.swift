/// KEDA labels every Job it creates with `scaledjob.keda.sh/name: <name>`; label values are
/// limited to 63 characters, so a longer name makes every Job creation fail.
public struct ScaledJobNameRule: SynchronousRule {
    public static let id = "scaledjob-name-length"
    public init() {}

    public var descriptor: RuleDescriptor {
        RuleDescriptor(
            id: Self.id, severity: .error,
            summary: "ScaledJob name longer than 63 characters.",
            explanation: """
            KEDA copies the ScaledJob's name into the label scaledjob.keda.sh/name of every Job it \
            creates (and uses it as the Jobs' generateName). Label values are limited to 63 characters, \
            so with a longer name kube-apiserver rejects each Job and KEDA only records \
            KEDAJobCreateFailed events; KEDA's webhook does not check this. Shorten metadata.name.
            """,
            kinds: [.scaledJob], category: "scaledjob")
    }

    public func checkSynchronously(_ context: RuleContext) throws -> [Finding] {
        guard let name = context.root.path("metadata", "name"), let text = name.string, text.utf8.count > 63 else { return [] }
        return [Finding("ScaledJob name \"\(text)\" is \(text.utf8.count) characters long; KEDA puts it into a label of every Job, and label values allow at most 63: shorten it", at: name)]
    }
}
