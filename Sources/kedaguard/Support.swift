import ArgumentParser
import Foundation
import KedaguardCore

enum KedaguardVersionString {
    static let value = KedaguardVersion.current
}

/// Writes to standard error without buffering surprises.
func printError(_ message: String) {
    FileHandle.standardError.write(Data((message + "\n").utf8))
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
