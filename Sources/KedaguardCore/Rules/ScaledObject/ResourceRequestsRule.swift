/// cpu/memory utilization needs resource requests on every container the metric covers.
public struct ResourceRequestsRule: Rule {
    public static let id = "scaledobject-cpu-memory-requests"
    public init() {}

    public var descriptor: RuleDescriptor {
        RuleDescriptor(
            id: Self.id, severity: .error,
            summary: "A cpu/memory trigger targets containers without a request for that resource.",
            explanation: """
            The HPA computes cpu/memory usage relative to each container's request; without one it \
            reports FailedGetResourceMetric and never scales. KEDA's webhook checks this only for \
            apps/v1 Deployments and StatefulSets it can fetch, and skips it on dry-run; kedaguard checks \
            any workload with a pod template found among the files linted together (or in the cluster). \
            Every container (or only metadata.containerName, which must exist) needs a request or limit \
            above zero for the resource, unless a LimitRange in the namespace gives containers a default. \
            Add resources.requests to the container.
            """,
            kinds: [.scaledObject], category: "scaledobject")
    }

    public func check(_ context: RuleContext) async throws -> [Finding] {
        let so = ScalableView(context.object)
        let resourceTriggers = context.triggers.filter(\.isResourceMetric)
        guard !resourceTriggers.isEmpty, let target = so.target(namespace: context.namespace), !target.name.isEmpty,
              case .found(let workload) = await context.lookup.workload(target) else { return [] }
        var defaults: Set<String> = []
        if case .found(let ranges) = await context.lookup.limitRanges(namespace: context.namespace) {
            for range in ranges { defaults.formUnion(range.containerDefaults) }
        }
        let where_ = workload.source.map { " (\($0))" } ?? ""
        var findings: [Finding] = []
        for trigger in resourceTriggers {
            let resource = trigger.type
            var containers = workload.containers
            if let nameNode = trigger.metadata?["containerName"], let name = trigger.metadataValue("containerName") {
                containers = containers.filter { $0.name == name }
                if containers.isEmpty {
                    let known = workload.containers.map(\.name)
                    let hint = Suggest.closest(to: name, in: known).map { "; did you mean \"\($0)\"?" } ?? "; containers: \(known.joined(separator: ", "))"
                    findings.append(Finding("containerName \"\(name)\" is not a container of \(workload.ref)\(where_)\(hint)", at: nameNode))
                    continue
                }
            }
            if defaults.contains(resource) { continue }
            for container in containers where !container.specifies(resource: resource) {
                findings.append(Finding("\(trigger.label) needs a \(resource) request, but container \"\(container.name)\" of \(workload.ref)\(where_) has none; add resources.requests.\(resource)", atKeyOf: trigger.located["type"] ?? trigger.located))
            }
        }
        return findings
    }
}
