/// `<name>FromEnv` makes KEDA read a parameter from an env var of the scale target's container
/// (ScaledObject: scaleTargetRef.envSourceContainerName, ScaledJob: spec.envSourceContainerName,
/// else the first container). A name the container does not define yields nothing.
public struct EnvVarRule: Rule {
    public static let id = "trigger-metadata-env-undefined"
    public init() {}

    public var descriptor: RuleDescriptor {
        RuleDescriptor(
            id: Self.id, severity: .error,
            summary: "A ...FromEnv parameter names an env var that the target's container does not define.",
            explanation: """
            KEDA resolves the env of one container of the scale target (the one named by \
            envSourceContainerName, else the first) from its env and envFrom entries, and looks \
            metadata.<name>FromEnv up there. A name the container does not define, or defines only \
            through fieldRef/resourceFieldRef (which KEDA skips) or with an empty value, gives no \
            value: a required parameter then fails the trigger (error), an optional one silently \
            falls back to its default or to the next source (warning). An envSourceContainerName \
            that names no container fails every trigger of the object. kedaguard checks this when \
            the workload (or, for a ScaledJob, its job template) is in the files, and says nothing \
            about containers with envFrom, whose names it cannot know. Fix: define the env var on \
            that container, or point envSourceContainerName at the container that has it.
            """,
            kinds: ResourceKind.triggerBearing, category: "triggers")
    }

    public func check(_ context: RuleContext) async throws -> [Finding] {
        guard let source = await EnvSource.resolve(context) else { return [] }
        var findings: [Finding] = []
        guard let container = source.container else {
            if let ref = source.containerNameNode, let name = ref.string {
                findings.append(Finding("container \"\(name)\" does not exist in \(source.workload) (containers: \(source.containerNames.joined(separator: ", "))); KEDA cannot resolve env for any trigger of this object", at: ref))
            }
            return findings
        }
        if container.hasEnvFrom { return [] }
        for t in await context.catalogTriggers() {
            for (key, located) in t.metadata?.entries ?? [] where key.hasSuffix("FromEnv") {
                guard let raw = located.node.scalarText, KEDAValueSyntax.effectiveValue(raw) != nil else { continue }
                let base = String(key.dropLast("FromEnv".count))
                guard t.scaler.acceptsArbitraryKeys || readsFromEnv(base, scaler: t.scaler) else { continue }
                let problem: String
                if !container.envNames.contains(raw) {
                    problem = "env var \"\(raw)\" is not defined in container \"\(container.name)\" of \(source.workload)"
                } else if container.envNamesWithoutValue.contains(raw) {
                    problem = "env var \"\(raw)\" of container \"\(container.name)\" has no value KEDA can read (fieldRef and resourceFieldRef are skipped, an empty value counts as none)"
                } else {
                    continue
                }
                if let finding = finding(problem, key: key, base: base, located: located, trigger: t) {
                    findings.append(finding)
                }
            }
        }
        return findings
    }

    private func readsFromEnv(_ name: String, scaler: ScalerSpec) -> Bool {
        scaler.parameters.contains { $0.names.contains(name) && $0.accepts(from: .environment) }
            || scaler.untaggedKeys.contains { $0.name == name && $0.sources.contains(.environment) }
    }

    private func finding(_ problem: String, key: String, base: String, located: Located, trigger t: CatalogTrigger) -> Finding? {
        guard let p = t.scaler.parameters.first(where: { $0.names.contains(base) && $0.accepts(from: .environment) }),
              !p.parsedByHand, !t.scaler.untyped else {
            return Finding("\(t.label): \(key): \(problem), so KEDA gets no value for \(base)", atKeyOf: located, severity: .warning)
        }
        // KEDA only consults this env var if nothing before it in the parameter's order matched.
        switch t.parameters.presence(of: p) {
        case .environment(let used, _, _) where used == key:
            break
        default:
            return nil
        }
        // Sources before the env var were empty (or presence would have stopped there).
        switch t.parameters.presence(of: p, from: [.metadata, .authentication]) {
        case .metadata(let other, _, _):
            return Finding("\(t.label): \(key): \(problem); KEDA falls back to metadata.\(other)", atKeyOf: located, severity: .warning)
        case .authentication, .possiblyAuthentication:
            return Finding("\(t.label): \(key): \(problem); KEDA falls back to the TriggerAuthentication for \(p.name)", atKeyOf: located, severity: .warning)
        case .environment, .absent:
            break
        }
        if let def = p.defaultValue {
            return Finding("\(t.label): \(key): \(problem), so \(p.name) silently takes its default \"\(def)\"", atKeyOf: located, severity: .warning)
        }
        if p.required == true {
            return Finding("\(t.label): \(key): \(problem); the required parameter \(p.name) is then missing and the trigger fails", atKeyOf: located)
        }
        return Finding("\(t.label): \(key): \(problem), so \(p.name) is not set", atKeyOf: located, severity: .warning)
    }
}

/// The container KEDA resolves env from, when kedaguard can see it.
struct EnvSource {
    let workload: String
    let containerNames: [String]
    /// nil when envSourceContainerName names no container.
    let container: ContainerInfo?
    let containerNameNode: Located?

    static func resolve(_ context: RuleContext) async -> EnvSource? {
        let spec = context.spec
        let containers: [ContainerInfo]
        let workload: String
        let nameNode: Located?
        switch context.object.resourceKind {
        case .scaledObject?:
            guard let ref = ScalableView(context.object).target(namespace: context.namespace),
                  case .found(let info) = await context.lookup.workload(ref) else { return nil }
            containers = info.containers
            workload = ref.description
            nameNode = spec?["scaleTargetRef"]?["envSourceContainerName"]
        case .scaledJob?:
            guard let items = spec?.path("jobTargetRef", "template", "spec", "containers")?.node.sequenceValue else { return nil }
            containers = items.map(ContainerInfo.init(node:))
            workload = "the job template"
            nameNode = spec?["envSourceContainerName"]
        default:
            return nil
        }
        guard !containers.isEmpty else { return nil }
        let names = containers.map(\.name)
        if let nameNode, let wanted = nameNode.string, !wanted.isEmpty {
            return EnvSource(workload: workload, containerNames: names,
                             container: containers.first { $0.name == wanted }, containerNameNode: nameNode)
        }
        return EnvSource(workload: workload, containerNames: names, container: containers[0], containerNameNode: nil)
    }
}
