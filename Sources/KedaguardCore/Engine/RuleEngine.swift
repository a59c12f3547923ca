/// Runs rules over objects. The webhook, the linter and the audit are thin callers of this.
public struct RuleEngine: Sendable {
    public let rules: [any Rule]
    public let configuration: RuleConfiguration
    private let rulesByKind: [ResourceKind: [(rule: any Rule, descriptor: RuleDescriptor)]]

    public init(rules: [any Rule] = RuleRegistry.rules, configuration: RuleConfiguration = RuleConfiguration()) {
        self.rules = rules
        self.configuration = configuration
        var byKind: [ResourceKind: [(rule: any Rule, descriptor: RuleDescriptor)]] = [:]
        for rule in rules {
            let descriptor = rule.descriptor
            guard configuration.isEnabled(descriptor.id) else { continue }
            for kind in descriptor.kinds { byKind[kind, default: []].append((rule, descriptor)) }
        }
        self.rulesByKind = byKind
    }

    public struct Result: Sendable {
        public var diagnostics: [Diagnostic]
        /// Rules that threw instead of answering; callers decide whether that fails open or closed.
        public var failures: [RuleFailure]
    }

    /// Checks one object. Objects that are not KEDA resources yield nothing.
    public func check(_ object: KubeObject, lookup: any ObjectLookup, options: CheckOptions,
                      oldObject: KubeObject? = nil) async -> Result {
        guard let kind = object.resourceKind, let rules = rulesByKind[kind] else {
            return Result(diagnostics: [], failures: [])
        }
        let context = RuleContext(object: object, lookup: lookup, options: options, oldObject: oldObject)
        let identity = object.identity(namespace: context.namespace)
        let suppressions = Suppressions(annotations: object.annotations)
        var diagnostics: [Diagnostic] = []
        var failures: [RuleFailure] = []
        for (rule, descriptor) in rules {
            do {
                for finding in try await rule.check(context) {
                    diagnostics.append(Diagnostic(
                        ruleID: descriptor.id,
                        severity: configuration.severity(for: descriptor, finding: finding.severity),
                        message: finding.message,
                        pointer: finding.pointer,
                        position: finding.position.isKnown ? finding.position : nil,
                        file: object.source?.file,
                        object: identity,
                        suppression: suppressions.suppression(for: descriptor.id)))
                }
            } catch {
                failures.append(RuleFailure(ruleID: descriptor.id, message: String(describing: error)))
            }
        }
        diagnostics.sort(by: Diagnostic.ordered)
        return Result(diagnostics: diagnostics, failures: failures)
    }

    /// Turns a parse problem into a diagnostic under the configured severity.
    public func diagnostic(for problem: ParseProblem, file: String?) -> Diagnostic? {
        guard let descriptor = InputDiagnostics.descriptor(for: problem.code), configuration.isEnabled(descriptor.id) else {
            return nil
        }
        return Diagnostic(ruleID: descriptor.id, severity: configuration.severity(for: descriptor, finding: nil),
                          message: problem.message, position: problem.position.isKnown ? problem.position : nil, file: file)
    }
}

public struct RuleFailure: Sendable, Hashable {
    public var ruleID: String
    public var message: String
}
