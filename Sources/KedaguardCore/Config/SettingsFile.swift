/// The pure part of `.kedaguard.yaml`, shared by `kedaguard lint` and `kedaguard serve`:
///
///     kedaVersion: v2.20.2
///     namespace: apps
///     requireRefs: false
///     exclude: ["charts/**/templates/**"]     # used by lint only
///     rules:
///       scaledobject-setting-not-relevant: off
///     webhook:                                 # used by serve only
///       failurePolicy: open                    # or closed
///       enforcement: deny                      # or warn (admit all, errors as warnings)
///       defaults:
///         scaledobject.cooldownPeriod: off
///
/// Reading the file is the adapters' job; this only interprets its bytes.
public struct SettingsFile: Sendable {
    public var kedaVersion: KEDAVersion?
    public var namespace: String?
    public var requireRefs: Bool?
    /// Path patterns as written; the linter compiles them.
    public var exclude: [String] = []
    public var rules = RuleConfiguration()
    public var webhook = AdmissionSettings()

    public init() {}

    public struct ParseError: Error, Sendable, CustomStringConvertible {
        public let description: String

        public init(_ description: String) {
            self.description = description
        }
    }

    public static let topLevelKeys = ["kedaVersion", "namespace", "requireRefs", "exclude", "rules", "webhook"]

    public static func parse(bytes: inout [UInt8], path: String, knownRuleIDs: Set<String>) throws(ParseError) -> SettingsFile {
        let parsed = YAMLParser.parse(bytes: &bytes)
        if let problem = parsed.problems.first {
            throw ParseError("\(path):\(problem.position): \(problem.message)")
        }
        var config = SettingsFile()
        guard let root = parsed.documents.first?.root, !root.isNull else { return config }
        guard let entries = root.entries else {
            throw ParseError("\(path):\(root.position): the configuration must be a mapping")
        }
        func fail(_ node: Node, _ message: String) -> ParseError {
            ParseError("\(path):\(node.position): \(message)")
        }
        for entry in entries {
            let value = entry.value
            switch entry.key {
            case "kedaVersion":
                guard let text = value.scalarText, let v = KEDAVersion(parsing: text) else {
                    throw fail(value, "kedaVersion must be one of \(KEDAVersion.supportedList)")
                }
                config.kedaVersion = v
            case "namespace":
                guard let text = value.stringValue, !text.isEmpty else { throw fail(value, "namespace must be a non-empty string") }
                config.namespace = text
            case "requireRefs":
                guard let b = value.boolValue else { throw fail(value, "requireRefs must be true or false") }
                config.requireRefs = b
            case "exclude":
                guard let items = value.sequenceValue else { throw fail(value, "exclude must be a list of path patterns") }
                for item in items {
                    guard let p = item.stringValue, !p.isEmpty else { throw fail(item, "exclude entries must be non-empty strings") }
                    config.exclude.append(p)
                }
            case "rules":
                guard let ruleEntries = value.entries else { throw fail(value, "rules must map rule ids to off, error, warning or info") }
                for rule in ruleEntries {
                    guard knownRuleIDs.contains(rule.key) else {
                        let hint = Suggest.closest(to: rule.key, in: Array(knownRuleIDs)).map { "; did you mean \"\($0)\"?" } ?? "; `kedaguard rules` lists them"
                        throw ParseError("\(path):\(rule.keyPosition): unknown rule \"\(rule.key)\"\(hint)")
                    }
                    // YAML reads a bare `off` as the boolean false.
                    let text = rule.value.boolValue == false ? "off" : (rule.value.scalarText ?? "")
                    guard let setting = RuleSetting(parsing: text) else {
                        throw fail(rule.value, "rule \"\(rule.key)\" must be set to off, error, warning or info")
                    }
                    config.rules.settings[rule.key] = setting
                }
            case "webhook":
                config.webhook = try parseWebhook(value, path: path)
            default:
                let hint = Suggest.closest(to: entry.key, in: topLevelKeys).map { "; did you mean \"\($0)\"?" } ?? ""
                throw ParseError("\(path):\(entry.keyPosition): unknown setting \"\(entry.key)\"\(hint)")
            }
        }
        return config
    }

    private static func parseWebhook(_ node: Node, path: String) throws(ParseError) -> AdmissionSettings {
        func fail(_ node: Node, _ message: String) -> ParseError {
            ParseError("\(path):\(node.position): \(message)")
        }
        guard let entries = node.entries else { throw fail(node, "webhook must be a mapping (failurePolicy, enforcement, defaults)") }
        var settings = AdmissionSettings()
        for entry in entries {
            switch entry.key {
            case "failurePolicy":
                guard let text = entry.value.stringValue, let p = FailurePolicy(rawValue: text.lowercased()) else {
                    throw fail(entry.value, "webhook.failurePolicy must be open or closed")
                }
                settings.failurePolicy = p
            case "enforcement":
                guard let text = entry.value.stringValue, let e = Enforcement(rawValue: text.lowercased()) else {
                    throw fail(entry.value, "webhook.enforcement must be deny or warn")
                }
                settings.enforcement = e
            case "defaults":
                // `defaults: false` switches defaulting off; a mapping switches single defaults.
                if entry.value.boolValue == false {
                    settings.defaults = []
                    continue
                }
                guard let items = entry.value.entries else {
                    throw fail(entry.value, "webhook.defaults must be false or map defaults (\(KEDADefault.supportedList)) to on or off")
                }
                for item in items {
                    guard let d = KEDADefault(rawValue: item.key) else {
                        let hint = Suggest.closest(to: item.key, in: KEDADefault.allCases.map(\.rawValue)).map { "; did you mean \"\($0)\"?" } ?? ""
                        throw ParseError("\(path):\(item.keyPosition): unknown default \"\(item.key)\"\(hint)")
                    }
                    let on: Bool
                    if let b = item.value.boolValue {
                        on = b
                    } else if let t = item.value.stringValue?.lowercased(), t == "on" || t == "off" {
                        on = t == "on"
                    } else {
                        throw fail(item.value, "default \"\(item.key)\" must be on or off")
                    }
                    if on { settings.defaults.insert(d) } else { settings.defaults.remove(d) }
                }
            default:
                let hint = Suggest.closest(to: entry.key, in: ["failurePolicy", "enforcement", "defaults"]).map { "; did you mean \"\($0)\"?" } ?? ""
                throw ParseError("\(path):\(entry.keyPosition): unknown webhook setting \"\(entry.key)\"\(hint)")
            }
        }
        return settings
    }
}
