/// Per-rule switches from `.kedaguard.yaml` (or the webhook's config): off, or another severity.
public enum RuleSetting: Sendable, Hashable {
    case off
    case severity(Severity)

    public init?(parsing text: String) {
        switch text.lowercased() {
        case "off", "disabled", "false": self = .off
        case "error": self = .severity(.error)
        case "warning", "warn": self = .severity(.warning)
        case "info": self = .severity(.info)
        default: return nil
        }
    }
}

public struct RuleConfiguration: Sendable, Hashable {
    public var settings: [String: RuleSetting]

    public init(settings: [String: RuleSetting] = [:]) {
        self.settings = settings
    }

    public func isEnabled(_ id: String) -> Bool { settings[id] != .off }

    /// The configured severity wins over a finding's own, which wins over the rule's default.
    public func severity(for descriptor: RuleDescriptor, finding: Severity?) -> Severity {
        if case .severity(let s)? = settings[descriptor.id] { return s }
        return finding ?? descriptor.severity
    }
}
