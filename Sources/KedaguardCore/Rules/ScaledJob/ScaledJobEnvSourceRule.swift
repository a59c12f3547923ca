/// For a ScaledJob, KEDA resolves trigger environment variables from a container of the Job
/// template, on every scaler build.
public struct ScaledJobEnvSourceRule: SynchronousRule {
    public static let id = "scaledjob-env-source-container"
    public init() {}

    public var descriptor: RuleDescriptor {
        RuleDescriptor(
            id: Self.id, severity: .error,
            summary: "envSourceContainerName names no container of the Job template.",
            explanation: """
            Before building any scaler of a ScaledJob, KEDA reads the environment of the container \
            named by spec.envSourceContainerName (the first container when empty) to resolve \
            ...FromEnv parameters and TriggerAuthentication env entries. If no container of \
            jobTargetRef.template.spec.containers has that name, every trigger fails with "couldn't \
            find container with name ..." and the ScaledJob never scales. Init containers do not \
            count. Fix the name or remove the field.
            """,
            kinds: [.scaledJob], category: "scaledjob")
    }

    public func checkSynchronously(_ context: RuleContext) throws -> [Finding] {
        guard let node = context.spec?["envSourceContainerName"], let name = node.string, !name.isEmpty,
              let containers = context.spec?.path("jobTargetRef", "template", "spec", "containers"),
              containers.node.sequenceValue != nil else { return [] }
        let names = containers.items.compactMap { $0["name"]?.string }
        guard !names.contains(name) else { return [] }
        var message = "envSourceContainerName \"\(name)\" is not a container of jobTargetRef.template.spec.containers, so every trigger of this ScaledJob would fail"
        if let best = Suggest.closest(to: name, in: names) {
            message += "; did you mean \"\(best)\"?"
        } else if !names.isEmpty {
            message += " (containers: \(names.joined(separator: ", ")))"
        }
        if let initNames = context.spec?.path("jobTargetRef", "template", "spec", "initContainers")?.items.compactMap({ $0["name"]?.string }),
           initNames.contains(name) {
            message += "; init containers are not searched"
        }
        return [Finding(message, at: node)]
    }
}
