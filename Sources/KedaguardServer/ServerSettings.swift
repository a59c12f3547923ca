import Foundation
import KedaguardCore

/// What the webhook judges with: rules, KEDA version, webhook settings and the lookup. Built the
/// same way for `kedaguard serve` and `kedaguard review`, so both answer alike.
public struct ServerSettings: Sendable {
    public var options: CheckOptions
    public var rules: RuleConfiguration
    public var admission: AdmissionSettings

    public init(options: CheckOptions = CheckOptions(), rules: RuleConfiguration = RuleConfiguration(),
                admission: AdmissionSettings = AdmissionSettings()) {
        self.options = options
        self.rules = rules
        self.admission = admission
    }

    public struct LoadError: Error, CustomStringConvertible {
        public let description: String
    }

    /// Reads `--config` (the `.kedaguard.yaml` format); a flag wins over the file.
    public static func load(configPath: String?, kedaVersion: KEDAVersion?, enforcement: Enforcement? = nil) throws(LoadError) -> ServerSettings {
        var file = SettingsFile()
        if let configPath {
            guard let data = FileManager.default.contents(atPath: configPath) else {
                throw LoadError(description: "\(configPath): cannot read the configuration file")
            }
            var bytes = [UInt8](data)
            do {
                file = try SettingsFile.parse(bytes: &bytes, path: configPath,
                                              knownRuleIDs: Set(RuleRegistry.descriptors.map(\.id)))
            } catch {
                throw LoadError(description: error.description)
            }
        }
        let options = CheckOptions(kedaVersion: kedaVersion ?? file.kedaVersion ?? .default,
                                   defaultNamespace: file.namespace ?? "default",
                                   requireReferences: file.requireRefs ?? false)
        var admission = file.webhook
        if let enforcement { admission.enforcement = enforcement }
        return ServerSettings(options: options, rules: file.rules, admission: admission)
    }

    public func makeHandler(lookup: any ObjectLookup = NoLookup()) -> AdmissionHandler {
        AdmissionHandler(engine: RuleEngine(configuration: rules), options: options, settings: admission, lookup: lookup)
    }
}
