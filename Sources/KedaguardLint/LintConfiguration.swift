import Foundation
import KedaguardCore

/// `.kedaguard.yaml`: per-rule settings, the KEDA version, the default namespace and excludes.
///
///     kedaVersion: v2.20.2
///     namespace: apps
///     requireRefs: false
///     exclude: ["charts/**/templates/**", "vendor/"]
///     rules:
///       scaledobject-setting-not-relevant: off
///       trigger-unknown-parameter: error
public struct LintConfiguration: Sendable {
    public static let fileName = ".kedaguard.yaml"

    public var kedaVersion: KEDAVersion?
    public var namespace: String?
    public var requireRefs: Bool?
    public var excludes: [Glob] = []
    public var rules = RuleConfiguration()
    /// Where it was read from, for messages.
    public var path: String?

    public init() {}

    public struct LoadError: Error, CustomStringConvertible {
        public let description: String
    }

    /// The nearest `.kedaguard.yaml` in `directory` or its parents.
    public static func discover(from directory: String) -> String? {
        var url = URL(fileURLWithPath: directory).standardizedFileURL
        while true {
            let candidate = url.appendingPathComponent(fileName).path
            if FileManager.default.fileExists(atPath: candidate) { return candidate }
            let parent = url.deletingLastPathComponent()
            if parent.path == url.path { return nil }
            url = parent
        }
    }

    public static func load(path: String, knownRuleIDs: Set<String>) throws(LoadError) -> LintConfiguration {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw LoadError(description: "\(path): cannot read the configuration file")
        }
        var bytes = [UInt8](data)
        return try parse(bytes: &bytes, path: path, knownRuleIDs: knownRuleIDs)
    }

    public static func parse(bytes: inout [UInt8], path: String, knownRuleIDs: Set<String>) throws(LoadError) -> LintConfiguration {
        let parsed = YAMLParser.parse(bytes: &bytes)
        if let problem = parsed.problems.first {
            throw LoadError(description: "\(path):\(problem.position): \(problem.message)")
        }
        var config = LintConfiguration()
        config.path = path
        guard let root = parsed.documents.first?.root, !root.isNull else { return config }
        guard let entries = root.entries else {
            throw LoadError(description: "\(path):\(root.position): the configuration must be a mapping")
        }
        func fail(_ node: Node, _ message: String) -> LoadError {
            LoadError(description: "\(path):\(node.position): \(message)")
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
                    config.excludes.append(Glob(p))
                }
            case "rules":
                guard let ruleEntries = value.entries else { throw fail(value, "rules must map rule ids to off, error, warning or info") }
                for rule in ruleEntries {
                    guard knownRuleIDs.contains(rule.key) else {
                        let hint = Suggest.closest(to: rule.key, in: Array(knownRuleIDs)).map { "; did you mean \"\($0)\"?" } ?? "; `kedaguard rules` lists them"
                        throw LoadError(description: "\(path):\(rule.keyPosition): unknown rule \"\(rule.key)\"\(hint)")
                    }
                    // YAML reads a bare `off` as the boolean false.
                    let text = rule.value.boolValue == false ? "off" : (rule.value.scalarText ?? "")
                    guard let setting = RuleSetting(parsing: text) else {
                        throw fail(rule.value, "rule \"\(rule.key)\" must be set to off, error, warning or info")
                    }
                    config.rules.settings[rule.key] = setting
                }
            default:
                let known = ["kedaVersion", "namespace", "requireRefs", "exclude", "rules"]
                let hint = Suggest.closest(to: entry.key, in: known).map { "; did you mean \"\($0)\"?" } ?? ""
                throw LoadError(description: "\(path):\(entry.keyPosition): unknown setting \"\(entry.key)\"\(hint)")
            }
        }
        return config
    }
}
