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
        // The format is shared with `kedaguard serve`, so the core interprets it; `webhook:` is
        // accepted here and ignored.
        let file: SettingsFile
        do {
            file = try SettingsFile.parse(bytes: &bytes, path: path, knownRuleIDs: knownRuleIDs)
        } catch {
            throw LoadError(description: error.description)
        }
        var config = LintConfiguration()
        config.path = path
        config.kedaVersion = file.kedaVersion
        config.namespace = file.namespace
        config.requireRefs = file.requireRefs
        config.excludes = file.exclude.map { Glob($0) }
        config.rules = file.rules
        return config
    }
}
