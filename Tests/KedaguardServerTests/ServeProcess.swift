import Foundation
import KedaguardCore
import NIOConcurrencyHelpers

/// The built `kedaguard` binary next to the test bundle.
func kedaguardBinary() throws -> URL {
    var dir = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
    for _ in 0..<3 {
        let candidate = dir.appendingPathComponent("kedaguard")
        if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
        dir = dir.deletingLastPathComponent()
    }
    throw CocoaError(.fileNoSuchFile, userInfo: [NSFilePathErrorKey: "kedaguard binary next to \(CommandLine.arguments[0])"])
}

/// Collects a process's JSON log lines and finds values in them.
final class LogLines: Sendable {
    private let lines = NIOLockedValueBox<[String]>([])
    private let partial = NIOLockedValueBox<String>("")

    func append(_ data: Data) {
        partial.withLockedValue { buffer in
            buffer += String(decoding: data, as: UTF8.self)
            while let newline = buffer.firstIndex(of: "\n") {
                let line = String(buffer[..<newline])
                buffer = String(buffer[buffer.index(after: newline)...])
                lines.withLockedValue { $0.append(line) }
            }
        }
    }

    /// The `address` port of the first log line whose message is `msg`.
    func port(of msg: String) -> Int? {
        for line in lines.withLockedValue({ $0 }) {
            guard let node = parseJSON(line), node["msg"]?.stringValue == msg,
                  let address = node["address"]?.stringValue, let colon = address.lastIndex(of: ":") else { continue }
            return Int(address[address.index(after: colon)...])
        }
        return nil
    }

    var all: [String] { lines.withLockedValue { $0 } }
}

/// `kedaguard serve` run as its own process (the built binary), its JSON log collected.
struct ServeProcess {
    let process: Process
    let logs: LogLines
    private let stderr: Pipe

    /// Starts `kedaguard serve` with these arguments.
    static func start(_ arguments: [String]) throws -> ServeProcess {
        let process = Process()
        process.executableURL = try kedaguardBinary()
        process.arguments = ["serve"] + arguments
        let stderr = Pipe()
        process.standardError = stderr
        process.standardOutput = Pipe()
        let logs = LogLines()
        stderr.fileHandleForReading.readabilityHandler = { logs.append($0.availableData) }
        try process.run()
        return ServeProcess(process: process, logs: logs, stderr: stderr)
    }

    /// SIGTERM, wait for the exit, stop reading the log.
    func terminate() {
        process.terminate()
        process.waitUntilExit()
        stopReadingLogs()
    }

    func stopReadingLogs() {
        stderr.fileHandleForReading.readabilityHandler = nil
    }

    /// The ports the listeners logged with these messages (`"admission webhook serving"`, ...),
    /// in the order asked, once every one has; for up to 30 s.
    func ports(of messages: String...) async throws -> [Int] {
        for _ in 0..<300 {
            try await Task.sleep(for: .milliseconds(100))
            let found = messages.compactMap { logs.port(of: $0) }
            if found.count == messages.count { return found }
        }
        throw NotServing(description: "no serving log line for \(messages): \(logs.all)")
    }

    struct NotServing: Error, CustomStringConvertible {
        let description: String
    }
}
