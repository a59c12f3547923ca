/// Credentials written into trigger metadata are readable by anyone who can read the object (and
/// end up in Git, events and audit logs); the scaler can read them from a TriggerAuthentication.
public struct PlaintextSecretRule: SynchronousRule {
    public static let id = "trigger-plaintext-secret"
    public init() {}

    /// Name endings of parameters that carry credentials (matched case-insensitively).
    static let sensitiveSuffixes = ["password", "passwd", "secret", "token", "key", "connection", "connectionstring", "credentials"]

    public var descriptor: RuleDescriptor {
        RuleDescriptor(
            id: Self.id, severity: .warning,
            summary: "A password, token, key or connection string written in plain text into trigger metadata.",
            explanation: """
            Trigger metadata is stored in the ScaledObject or ScaledJob itself: everyone who can read \
            the object, its Git history, KEDA's events and the API audit log sees the value. Every \
            parameter kedaguard reports here can also be read from a TriggerAuthentication: put the \
            value into a Secret and reference it with secretTargetRef (parameter: the same name), or, \
            where the scaler supports it, name an environment variable of the workload with \
            <parameter>FromEnv. kedaguard looks at parameters whose name ends in password, secret, \
            token, key, connection(String) or credentials, and at URLs with a user:password@ part. \
            Values that look like unrendered templates (${...}, {{...}}) are skipped.
            """,
            kinds: ResourceKind.triggerBearing, category: "triggers")
    }

    public func checkSynchronously(_ context: RuleContext) throws -> [Finding] {
        var findings: [Finding] = []
        for trigger in context.triggers {
            guard let scaler = context.catalog.scaler(trigger.type), !scaler.acceptsArbitraryKeys else { continue }
            let metadata = trigger.metadata
            for entry in metadata?.node.entries ?? [] {
                let key = entry.key
                // Cheapest tests first: most keys are not readable from a TriggerAuthentication.
                guard !key.hasSuffix("FromEnv"), let sources = scaler.sources(ofName: key),
                      sources.contains(.metadata), sources.contains(.authentication),
                      let text = entry.value.scalarText.map(KEDAValueSyntax.trim),
                      !text.isEmpty, !Self.looksLikeTemplate(text), let value = metadata?[key] else { continue }
                let what: String
                if Self.isSensitiveName(key) {
                    what = "\(key) is written in plain text"
                } else if Self.hasURLPassword(text) {
                    what = "\(key) contains a password in its URL (user:password@)"
                } else {
                    continue
                }
                var fix = "put it in a Secret and supply parameter \"\(key)\" with secretTargetRef in a TriggerAuthentication"
                if sources.contains(.environment) {
                    fix += ", or read it from the workload's environment with \(key)FromEnv"
                }
                findings.append(Finding("\(trigger.label): \(what) and visible to anyone who can read this object; \(fix)", at: value))
            }
        }
        return findings
    }

    static func isSensitiveName(_ name: String) -> Bool {
        let lower = name.lowercased()
        return sensitiveSuffixes.contains { lower.hasSuffix($0) }
    }

    static func looksLikeTemplate(_ value: String) -> Bool {
        value.containsBytes("${") || value.containsBytes("{{") || value.containsBytes("$(")
    }

    /// `scheme://user:password@host`, in any comma-separated element.
    static func hasURLPassword(_ value: String) -> Bool {
        // Almost no value has an '@': skip the splitting and searching below.
        guard value.utf8.contains(UInt8(ascii: "@")) else { return false }
        for element in value.split(separator: ",") {
            guard let schemeEnd = element.range(of: "://") else { continue }
            let afterScheme = element[schemeEnd.upperBound...]
            let authority = afterScheme.prefix { $0 != "/" && $0 != "?" && $0 != "#" }
            guard let at = authority.lastIndex(of: "@") else { continue }
            let userinfo = authority[..<at]
            if let colon = userinfo.firstIndex(of: ":"), userinfo.index(after: colon) < userinfo.endIndex { return true }
        }
        return false
    }
}
