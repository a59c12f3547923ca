/// `spec.jobTargetRef` is a Job spec that KEDA copies into every Job it creates: problems in it
/// only surface as failed Job creations, long after admission.
public struct ScaledJobTemplateRule: SynchronousRule {
    public static let id = "scaledjob-job-template"
    public init() {}

    public var descriptor: RuleDescriptor {
        RuleDescriptor(
            id: Self.id, severity: .error,
            summary: "The ScaledJob's Job template has no container, a container without image, or restartPolicy Always.",
            explanation: """
            KEDA creates each Job from spec.jobTargetRef. The CRD only requires the containers list to \
            exist: an empty list, or a container without image, is rejected when KEDA creates the Job \
            or its Pods, and KEDA also needs a container to resolve environment variables for the \
            triggers ("target object doesn't have containers"), so every trigger fails. Jobs only \
            accept restartPolicy OnFailure or Never; KEDA fills in OnFailure when it is empty, but an \
            explicit Always makes every Job creation fail.
            """,
            kinds: [.scaledJob], category: "scaledjob")
    }

    public func checkSynchronously(_ context: RuleContext) throws -> [Finding] {
        guard let podSpec = context.spec?.path("jobTargetRef", "template", "spec"), podSpec.node.isMapping else { return [] }
        var findings: [Finding] = []
        if let containers = podSpec["containers"], containers.node.sequenceValue != nil {
            if containers.items.isEmpty {
                findings.append(Finding("jobTargetRef.template.spec.containers is empty; a Job needs at least one container", at: containers))
            }
            for container in containers.items where container.node.isMapping {
                let label = container["name"]?.string.map { "container \"\($0)\"" } ?? "a container"
                if let image = container["image"] {
                    if KEDAValueSyntax.trim((image.string ?? "")).isEmpty {
                        findings.append(Finding("\(label) has an empty image; the Job's Pods cannot be created", at: image))
                    }
                } else {
                    findings.append(Finding("\(label) has no image; the Job's Pods cannot be created", missing: "image", in: container))
                }
            }
        }
        if let policy = podSpec["restartPolicy"], let text = policy.string, !text.isEmpty, text != "OnFailure", text != "Never" {
            findings.append(Finding("restartPolicy \"\(text)\" is not allowed in a Job; use OnFailure or Never (or leave it empty: KEDA then uses OnFailure)", at: policy))
        }
        return findings
    }
}
