import ArgumentParser
import Foundation
import KedaguardCore
import KedaguardLint

enum KedaguardVersionString {
    static let value = KedaguardVersion.current
}

/// Writes to standard error without buffering surprises.
func printError(_ message: String) {
    FileHandle.standardError.write(Data((message + "\n").utf8))
}

/// The `.kedaguard.yaml` of `lint` and `audit`: `--config` when given, else the first one found
/// from the current directory upwards, else defaults. A file that cannot be used is exit 2.
func loadLintConfiguration(explicitPath: String?) throws -> LintConfiguration {
    let knownIDs = Set(RuleRegistry.descriptors.map(\.id))
    do {
        if let explicitPath {
            return try LintConfiguration.load(path: explicitPath, knownRuleIDs: knownIDs)
        }
        if let found = LintConfiguration.discover(from: FileManager.default.currentDirectoryPath) {
            return try LintConfiguration.load(path: found, knownRuleIDs: knownIDs)
        }
        return LintConfiguration()
    } catch {
        printError("kedaguard: \(error)")
        throw ExitCode(2)
    }
}

/// Writes a rendered report to stdout or to `--output`.
func emit(_ text: String, to path: String?) throws {
    if let path {
        guard FileManager.default.createFile(atPath: path, contents: Data(text.utf8)) else {
            throw CleanExit.message("cannot write \(path)")
        }
    } else {
        FileHandle.standardOutput.write(Data(text.utf8))
    }
}

extension KEDAVersion: ExpressibleByArgument {
    public init?(argument: String) {
        self.init(parsing: argument)
    }

    public static var allValueStrings: [String] { allCases.map(\.rawValue) }
}

extension Enforcement: ExpressibleByArgument {}

/// Exit with a code and no ArgumentParser decoration.
struct ExitStatus: Error {
    let code: Int32
}
