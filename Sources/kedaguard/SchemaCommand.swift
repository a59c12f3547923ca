import ArgumentParser
import Foundation
import KedaguardCore

struct SchemaCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "schema",
        abstract: "Write a JSON Schema (draft 2020-12) for KEDA's resources, with trigger metadata typed by trigger type.",
        discussion: """
        Covers ScaledObject, ScaledJob, TriggerAuthentication and ClusterTriggerAuthentication of \
        the chosen KEDA release: the CRDs' structural schemas plus, for each trigger, the metadata \
        keys its scaler reads, their allowed values, number/boolean/duration syntax and required \
        parameters. Point yaml-language-server at it with a first line \
        `# yaml-language-server: $schema=<file>` or its yaml.schemas setting.
        """
    )

    @Option(name: .customLong("keda-version"), help: "KEDA release: \(KEDAVersion.supportedList) (default \(KEDAVersion.default)).")
    var kedaVersion: KEDAVersion = .default

    @Flag(name: .customLong("strict-metadata"), help: "Also reject metadata keys the scaler does not read (KEDA ignores them).")
    var strictMetadata = false

    @Option(name: .shortAndLong, help: "Write the schema to this file instead of standard output.")
    var output: String?

    func run() throws {
        try emit(JSONSchemaExport.json(version: kedaVersion, strictMetadata: strictMetadata), to: output)
    }
}
