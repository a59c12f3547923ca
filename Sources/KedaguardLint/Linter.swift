import Foundation
import KedaguardCore

/// The file-mode adapter around the rule engine: read, parse, index, check, collect.
public struct Linter: Sendable {
    public var engine: RuleEngine
    public var options: CheckOptions
    public var limits: ParseLimits
    /// Files above this size are reported as `file-too-large` and not parsed.
    public var maxFileSize: Int
    /// Leave the parsed documents allocated when `lint` returns. A command that exits right
    /// after reporting sets this: freeing every node of every document one by one is work the
    /// process exit does at once (about 3 % of a run over 10,000 documents).
    public var keepsDocumentsUntilExit = false

    public static let defaultMaxFileSize = 16 * 1024 * 1024

    /// Where findings about a file as a whole point, so every finding has a line and column.
    static let fileStart = SourcePosition(line: 1, column: 1)

    public init(engine: RuleEngine, options: CheckOptions, limits: ParseLimits = .default,
                maxFileSize: Int = Linter.defaultMaxFileSize) {
        self.engine = engine
        self.options = options
        self.limits = limits
        self.maxFileSize = maxFileSize
    }

    /// A named text to lint: a file's bytes, or standard input.
    public struct Input: Sendable {
        public var name: String
        public var bytes: [UInt8]
        public var syntax: DocumentLoader.Syntax
        /// Set when the input was cut at the size limit.
        public var truncatedSize: Int?

        public init(name: String, bytes: [UInt8], syntax: DocumentLoader.Syntax? = nil, truncatedSize: Int? = nil) {
            self.name = name
            self.bytes = bytes
            self.syntax = syntax ?? (name.lowercased().hasSuffix(".json") ? .json : .yaml)
            self.truncatedSize = truncatedSize
        }
    }

    /// Reads files, reporting unreadable ones as errors; oversized files are not read past the limit.
    public func read(paths: [String]) -> (inputs: [Input], errors: [LintError]) {
        var inputs: [Input] = []
        var errors: [LintError] = []
        for path in paths {
            switch Self.readFile(path, limit: maxFileSize) {
            case .bytes(let bytes):
                inputs.append(Input(name: path, bytes: bytes))
            case .tooLarge(let size):
                inputs.append(Input(name: path, bytes: [], truncatedSize: size))
            case .failed(let error):
                errors.append(error)
            }
        }
        return (inputs, errors)
    }

    enum FileContents {
        case bytes([UInt8])
        case tooLarge(Int)
        case failed(LintError)
    }

    /// One open, one fstat and reads straight into the buffer the parser gets: a pre-commit run
    /// or a CI job reads many small files, where FileHandle and Data cost more than the reading.
    static func readFile(_ path: String, limit: Int) -> FileContents {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else {
            let reason = errno == EACCES ? "permission denied" : String(cString: strerror(errno))
            return .failed(LintError(path: path, message: "cannot open the file (\(reason))"))
        }
        defer { close(fd) }
        var info = stat()
        let statedSize = fstat(fd, &info) == 0 && (info.st_mode & S_IFMT) == S_IFREG ? Int(info.st_size) : 0
        if statedSize > limit { return .tooLarge(statedSize) }
        // Pipes and special files report no size: read until the end, at most limit + 1 bytes.
        var bytes = [UInt8](repeating: 0, count: max(statedSize, 4096))
        var count = 0
        while true {
            if count == bytes.count {
                guard count <= limit else { break }
                bytes.append(contentsOf: repeatElement(0, count: min(bytes.count, limit + 1 - count)))
            }
            let n = bytes.withUnsafeMutableBytes { readBytes(fd, $0.baseAddress! + count, $0.count - count) }
            if n < 0 {
                if errno == EINTR { continue }
                return .failed(LintError(path: path, message: "cannot read the file: \(String(cString: strerror(errno)))"))
            }
            if n == 0 { break }
            count += n
        }
        if count > limit { return .tooLarge(max(statedSize, count)) }
        bytes.removeLast(bytes.count - count)
        return .bytes(bytes)
    }

    public func lint(_ inputs: [Input]) async -> LintReport {
        var report = LintReport()
        report.kedaVersion = options.kedaVersion
        report.fileCount = inputs.count
        var objects: [KubeObject] = []
        for var input in inputs {
            report.diagnostics += loadInput(&input, into: &objects, documents: &report.documentCount)
        }
        let lookup = FileSetLookup(objects: objects, defaultNamespace: options.defaultNamespace,
                                   isComplete: options.requireReferences)
        for object in objects where object.resourceKind != nil {
            let result = await engine.check(object, lookup: lookup, options: options)
            var diagnostics = result.diagnostics
            for failure in result.failures {
                diagnostics.append(Diagnostic(ruleID: failure.ruleID, severity: .error,
                                              message: "internal error in rule \(failure.ruleID): \(failure.message)",
                                              position: object.root.position, file: object.source?.file,
                                              object: object.identity(namespace: object.namespace(default: options.defaultNamespace))))
            }
            report.diagnostics += diagnostics
            report.objects.append(LintReport.CheckedObject(
                identity: object.identity(namespace: object.namespace(default: options.defaultNamespace)),
                file: object.source?.file ?? "", line: object.source?.line ?? 0, diagnostics: diagnostics))
        }
        report.diagnostics.sort(by: Diagnostic.ordered)
        if keepsDocumentsUntilExit { ProcessLifetime.keep(objects) }
        return report
    }

    private func loadInput(_ input: inout Input, into objects: inout [KubeObject], documents: inout Int) -> [Diagnostic] {
        var diagnostics: [Diagnostic] = []
        func report(_ descriptor: RuleDescriptor, _ message: String, _ position: SourcePosition?) {
            guard engine.configuration.isEnabled(descriptor.id) else { return }
            diagnostics.append(Diagnostic(ruleID: descriptor.id, severity: engine.configuration.severity(for: descriptor, finding: nil),
                                          message: message, position: position, file: input.name))
        }
        if let size = input.truncatedSize {
            report(InputDiagnostics.fileTooLarge, "the file is \(size) bytes, above the \(maxFileSize)-byte limit; it was not checked (raise --max-file-size or exclude it)", Self.fileStart)
            return diagnostics
        }
        if let bad = UTF8Check.firstInvalidPosition(input.bytes) {
            report(InputDiagnostics.notUTF8, "the file is not UTF-8 text (invalid byte at \(bad)); it was not checked", bad)
            return diagnostics
        }
        let loaded = DocumentLoader.load(bytes: &input.bytes, syntax: input.syntax, file: input.name, limits: limits)
        documents += loaded.documentCount
        for problem in loaded.problems {
            if let d = engine.diagnostic(for: problem, file: input.name) { diagnostics.append(d) }
        }
        for doc in loaded.nonObjectDocuments {
            report(InputDiagnostics.documentNotObject, "document \(doc.index + 1) is \(doc.type == "array" ? "a list" : "a single \(doc.type) value"), not a Kubernetes object; it was skipped", doc.position)
        }
        if loaded.documentCount == 0, loaded.problems.isEmpty {
            report(InputDiagnostics.emptyFile, "the file holds no YAML documents", Self.fileStart)
        }
        objects += loaded.objects
        return diagnostics
    }
}

/// read(2), outside `Linter`, whose `read(paths:)` would shadow it.
private func readBytes(_ fd: Int32, _ buffer: UnsafeMutableRawPointer, _ count: Int) -> Int {
    read(fd, buffer, count)
}

/// Values deliberately kept until the process exits (see `Linter.keepsDocumentsUntilExit`).
enum ProcessLifetime {
    private static let kept = KeptValues()

    static func keep(_ value: any Sendable) { kept.append(value) }

    private final class KeptValues: @unchecked Sendable {
        private let lock = NSLock()
        private var values: [any Sendable] = []

        func append(_ value: any Sendable) {
            lock.lock()
            values.append(value)
            lock.unlock()
        }
    }
}
