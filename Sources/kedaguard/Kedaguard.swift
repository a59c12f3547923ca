import ArgumentParser
import Foundation
import KedaguardServer

@main
struct Kedaguard: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "kedaguard",
        abstract: "Guards KEDA resources before they reach a cluster.",
        discussion: "Lint manifests in CI and pre-commit, or serve the same rules as an admission webhook.",
        version: KedaguardVersionInfo.text,
        subcommands: [LintCommand.self, AuditCommand.self, RulesCommand.self, ScalersCommand.self, SchemaCommand.self,
                      SimulateCommand.self, ReviewCommand.self, ServeCommand.self, CertsCommand.self]
    )

    /// ArgumentParser exits with 64 on usage errors; kedaguard documents 2 for them, like most linters.
    static func main() async {
        if CommandLine.arguments.dropFirst().first == "serve" {
            // Before any other concurrency work: see the method's comment.
            eventLoopsRunConcurrency = WebhookServer.installEventLoopsAsGlobalExecutor()
        }
        do {
            var command = try parseAsRoot()
            if var async = command as? AsyncParsableCommand {
                try await async.run()
            } else {
                try command.run()
            }
        } catch {
            let code = exitCode(for: error)
            if code == .validationFailure {
                FileHandle.standardError.write(Data((fullMessage(for: error) + "\n").utf8))
                Foundation.exit(2)
            }
            exit(withError: error)
        }
    }
}

/// Whether `serve` runs Swift concurrency on NIO's event loops (logged at start).
nonisolated(unsafe) var eventLoopsRunConcurrency = false

enum KedaguardVersionInfo {
    static var text: String { "kedaguard \(KedaguardVersionString.value)" }
}
