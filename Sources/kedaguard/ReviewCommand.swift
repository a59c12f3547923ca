import ArgumentParser
import Foundation
import KedaguardCore
import KedaguardServer

struct ReviewCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "review",
        abstract: "Answer an AdmissionReview as the webhook would.",
        discussion: """
        Reads an AdmissionReview (JSON, as kube-apiserver sends it) from FILE or standard input and \
        prints the exact response body `kedaguard serve` would send, through the same code path. \
        Exit status: 0 allowed (also with \
        warnings under --enforcement warn), 1 denied, 2 the request could not be answered (the server would \
        answer with HTTP 4xx; the reason goes to standard error) or usage errors.
        """
    )

    @Argument(help: "An AdmissionReview JSON file; - or nothing for standard input.")
    var file: String?

    @Flag(name: .long, help: "Answer as /mutate (KEDA's defaults as a JSON Patch) instead of /validate.")
    var mutate = false

    @Option(name: .long, help: "Answer as this webhook path instead (e.g. /validate-keda-sh-v1alpha1-scaledobject).")
    var path: String?

    @Option(name: .customLong("keda-version"), help: "KEDA release to check against: \(KEDAVersion.supportedList) (default \(KEDAVersion.default)).")
    var kedaVersion: KEDAVersion?

    @Option(name: .long, help: "Configuration file (.kedaguard.yaml format: rules and webhook settings).")
    var config: String?

    @Option(name: .long, help: "deny or warn (admit everything, errors as warnings); overrides webhook.enforcement in --config.")
    var enforcement: Enforcement?

    @Flag(name: .long, help: "Indent the JSON answer.")
    var pretty = false

    @Option(name: .customLong("repeat"), help: "Answer the request this many times and print the time per answer to standard error (measures the core without HTTP and TLS).")
    var repetitions: Int = 1

    func run() async throws {
        let settings: ServerSettings
        do {
            settings = try ServerSettings.load(configPath: config, kedaVersion: kedaVersion, enforcement: enforcement)
        } catch {
            printError("kedaguard: \(error)")
            throw ExitCode(2)
        }
        let data: Data
        if let file, file != "-" {
            guard let d = FileManager.default.contents(atPath: file) else {
                printError("kedaguard: cannot read \(file)")
                throw ExitCode(2)
            }
            data = d
        } else {
            data = FileHandle.standardInput.readDataToEndOfFile()
        }
        let handler = settings.makeHandler()
        handler.loadTables()
        let body = [UInt8](data), endpoint = path ?? (mutate ? "/mutate" : "/validate")
        if repetitions > 1 {
            // Process CPU time, not wall time: the machine may be busy with other work.
            let before = processCPUMicroseconds()
            for _ in 0..<repetitions { _ = await handler.handle(body: body, path: endpoint, query: "timeout=10s") }
            let micros = processCPUMicroseconds() - before
            printError(String(format: "kedaguard: %d answers in %.1f ms of CPU time, %.1f µs each", repetitions, micros / 1000, micros / Double(repetitions)))
        }
        let response = await handler.handle(body: body, path: endpoint)
        guard response.status == 200 else {
            printError("kedaguard: the server would answer HTTP \(response.status): \(response.bodyText.trimmingCharacters(in: .whitespacesAndNewlines))")
            throw ExitCode(2)
        }
        if pretty {
            let parsed = JSONParser.parse(response.bodyText)
            FileHandle.standardOutput.write(Data(JSONWriter.writePretty(parsed.documents[0].root!).utf8))
        } else {
            FileHandle.standardOutput.write(Data(response.body + [0x0A]))
        }
        switch response.outcome.verdict {
        case .allowed, .warned: return
        default: throw ExitCode(1)
        }
    }
}

private func processCPUMicroseconds() -> Double {
    var ts = timespec()
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts)
    return Double(ts.tv_sec) * 1e6 + Double(ts.tv_nsec) / 1e3
}
