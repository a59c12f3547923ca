import Foundation
import KedaguardCore

/// The file-mode adapter around the rule engine: read, parse, index, check, collect.
public struct Linter: Sendable {
    public var engine: RuleEngine
    public var options: CheckOptions
    public var limits: ParseLimits
    /// Files above this size are reported as `file-too-large` and not parsed.
    public var maxFileSize: Int

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
            guard let handle = FileHandle(forReadingAtPath: path) else {
                errors.append(LintError(path: path, message: "cannot open the file (permission denied?)"))
                continue
            }
            defer { try? handle.close() }
            do {
                let data = try handle.read(upToCount: maxFileSize + 1) ?? Data()
                if data.count > maxFileSize {
                    let size = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? data.count
                    inputs.append(Input(name: path, bytes: [], truncatedSize: size))
                } else {
                    inputs.append(Input(name: path, bytes: [UInt8](data)))
                }
            } catch {
                errors.append(LintError(path: path, message: "cannot read the file: \(error.localizedDescription)"))
            }
        }
        return (inputs, errors)
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
