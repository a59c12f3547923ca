import KedaguardCore

/// Everything one lint run found, in the order every reporter prints it.
public struct LintReport: Sendable {
    /// One KEDA object that was checked, for per-object outputs (JUnit).
    public struct CheckedObject: Sendable {
        public var identity: ObjectIdentity
        public var file: String
        public var line: Int
        public var diagnostics: [Diagnostic]

        public init(identity: ObjectIdentity, file: String, line: Int, diagnostics: [Diagnostic]) {
            self.identity = identity
            self.file = file
            self.line = line
            self.diagnostics = diagnostics
        }
    }

    public var diagnostics: [Diagnostic] = []
    public var objects: [CheckedObject] = []
    public var errors: [LintError] = []
    public var fileCount = 0
    public var documentCount = 0
    public var kedaVersion: KEDAVersion = .default
    /// What was checked when it was not files (`kedaguard audit`: "the cluster (context x)");
    /// the summary line then names it instead of counting files and documents.
    public var subject: String?

    public init() {}

    public var active: [Diagnostic] { diagnostics.filter { !$0.isSuppressed } }

    public func count(_ severity: Severity) -> Int { active.filter { $0.severity == severity }.count }
    public var suppressedCount: Int { diagnostics.count - active.count }

    /// Diagnostics about a file rather than an object (parse errors, non-object documents).
    public var fileDiagnostics: [Diagnostic] { diagnostics.filter { $0.object == nil } }

    /// 2: a path could not be read; 1: a finding at or above the threshold; 0: clean.
    public func exitCode(strict: Bool) -> Int32 {
        if !errors.isEmpty { return 2 }
        let threshold: Severity = strict ? .warning : .error
        return active.contains { $0.severity >= threshold } ? 1 : 0
    }

    public var summaryLine: String {
        func plural(_ n: Int, _ word: String) -> String { "\(n) \(word)\(n == 1 ? "" : "s")" }
        var parts = [plural(count(.error), "error"), plural(count(.warning), "warning"), "\(count(.info)) info"]
        if suppressedCount > 0 { parts.append("\(suppressedCount) suppressed") }
        if let subject { return "\(parts.joined(separator: ", ")) in \(plural(objects.count, "KEDA object")) of \(subject)" }
        return "\(parts.joined(separator: ", ")) in \(plural(fileCount, "file")) (\(plural(objects.count, "KEDA object")), \(plural(documentCount, "document")))"
    }
}
