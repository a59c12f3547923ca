import ArgumentParser
import Foundation
import KedaguardCore

struct ScalersCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "scalers",
        abstract: "List the trigger types of a KEDA release, or one type's metadata parameters.",
        discussion: """
        For each parameter: its names, where KEDA reads it from (metadata, <name>FromEnv, a \
        TriggerAuthentication), whether it is required, its default, type, allowed values and \
        deprecation. This is the table the trigger-metadata-* rules check against.
        """
    )

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case text, json
    }

    @Argument(help: "A trigger type, e.g. rabbitmq.")
    var type: String?

    @Option(name: .customLong("keda-version"), help: "KEDA release: \(KEDAVersion.supportedList) (default \(KEDAVersion.default)).")
    var kedaVersion: KEDAVersion = .default

    @Option(name: .long, help: "text or json.")
    var format: Format = .text

    func run() throws {
        let catalog = ScalerCatalog.forVersion(kedaVersion)
        guard let type else {
            print(format == .json ? ScalerListing.typesJSON(catalog) : ScalerListing.typesText(catalog), terminator: "")
            return
        }
        guard let scaler = catalog.scaler(type) else {
            var message = "kedaguard: KEDA \(kedaVersion) has no trigger type \"\(type)\""
            if let best = Suggest.closest(to: type, in: catalog.userFacingTypes) {
                message += "; did you mean \"\(best)\"?"
            } else if let other = KEDAVersion.allCases.first(where: { ScalerCatalog.forVersion($0).scaler(type) != nil }) {
                message += "; KEDA \(other) has it (use --keda-version)"
            }
            printError(message)
            throw ExitCode(2)
        }
        print(format == .json ? ScalerListing.scalerJSON(scaler, catalog: catalog) : ScalerListing.scalerText(scaler, catalog: catalog), terminator: "")
    }
}
