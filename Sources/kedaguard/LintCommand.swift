import ArgumentParser
import Foundation
import KedaguardCore
import KedaguardLint

extension OutputFormat: ExpressibleByArgument {}

struct LintCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lint",
        abstract: "Check KEDA manifests in files, directories or standard input.",
        discussion: """
        Directories are searched recursively for *.yaml, *.yml and *.json. With no path and piped \
        input, or with -, standard input is read. Exit status: 0 no finding at or above the \
        threshold (errors; warnings too with --strict), 1 findings, 2 usage or I/O errors.
        """
    )

    @Argument(help: "Files or directories to lint; - for standard input.")
    var paths: [String] = []

    @Option(name: .long, help: "Output format: text, json, sarif, github or junit.")
    var format: OutputFormat = .text

    @Option(name: .customLong("keda-version"), help: "KEDA release to check against: \(KEDAVersion.supportedList) (default \(KEDAVersion.default)).")
    var kedaVersion: KEDAVersion?

    @Option(name: .long, help: "Namespace of objects that do not declare one (default: default).")
    var namespace: String?

    @Flag(name: .long, help: "Fail on warnings too.")
    var strict = false

    @Option(name: .long, help: "Configuration file (default: the nearest .kedaguard.yaml).")
    var config: String?

    @Flag(name: .customLong("require-refs"), help: "Treat references to objects missing from the files as errors.")
    var requireRefs = false

    @Option(name: .customLong("max-file-size"), help: "Largest file to parse, in bytes (default 16 MiB).")
    var maxFileSize: Int = Linter.defaultMaxFileSize

    @Option(name: .shortAndLong, help: "Write the report to this file instead of standard output.")
    var output: String?

    func run() async throws {
        let configuration = try loadLintConfiguration(explicitPath: config)
        let options = CheckOptions(
            kedaVersion: kedaVersion ?? configuration.kedaVersion ?? .default,
            defaultNamespace: namespace ?? configuration.namespace ?? "default",
            requireReferences: requireRefs || (configuration.requireRefs ?? false))
        guard maxFileSize > 0 else {
            printError("kedaguard: --max-file-size must be a positive number of bytes")
            throw ExitCode(2)
        }
        var linter = Linter(engine: RuleEngine(configuration: configuration.rules), options: options, maxFileSize: maxFileSize)
        linter.keepsDocumentsUntilExit = true

        var inputs: [Linter.Input] = []
        var errors: [LintError] = []
        let readStdin = paths.contains("-") || (paths.isEmpty && isatty(STDIN_FILENO) == 0)
        if paths.isEmpty && !readStdin {
            printError("kedaguard lint: give files or directories to lint, or pipe a manifest to standard input (see --help)")
            throw ExitCode(2)
        }
        if readStdin {
            let data = FileHandle.standardInput.readDataToEndOfFile()
            if data.count > maxFileSize {
                inputs.append(Linter.Input(name: "<stdin>", bytes: [], truncatedSize: data.count))
            } else {
                inputs.append(Linter.Input(name: "<stdin>", bytes: [UInt8](data), syntax: .yaml))
            }
        }
        let discovered = FileDiscovery.expand(paths.filter { $0 != "-" }, excludes: configuration.excludes)
        errors += discovered.errors
        let read = linter.read(paths: discovered.files)
        inputs += read.inputs
        errors += read.errors

        var report = await linter.lint(inputs)
        report.errors = errors
        for error in errors where format != .text && format != .github {
            // Machine formats keep stdout parseable; the reason still reaches a human.
            printError("kedaguard: \(error)")
        }
        try emit(format.reporter.render(report), to: output)
        let code = report.exitCode(strict: strict)
        if code != 0 { throw ExitCode(code) }
    }
}
