/// Reads the annotations that switch rules off for one object:
///
///     metadata:
///       annotations:
///         kedaguard.io/ignore: "scaledobject-cpu-memory-requests, trigger-unknown-parameter"
///         kedaguard.io/ignore-reason: "requests come from a mutating policy"
public struct Suppressions: Sendable {
    public static let ignoreAnnotation = "kedaguard.io/ignore"
    public static let reasonAnnotation = "kedaguard.io/ignore-reason"

    public let ruleIDs: Set<String>
    public let reason: String?

    public init(annotations: [String: String]) {
        self.init(ignore: annotations[Suppressions.ignoreAnnotation], reason: annotations[Suppressions.reasonAnnotation])
    }

    /// Reads only the two annotations, for the engine, which asks for every object.
    public init(of object: KubeObject) {
        self.init(ignore: object.annotation(Suppressions.ignoreAnnotation), reason: object.annotation(Suppressions.reasonAnnotation))
    }

    private init(ignore list: String?, reason: String?) {
        ruleIDs = Set((list ?? "").split(whereSeparator: { $0 == "," || $0 == " " || $0 == "\n" }).map(String.init))
        self.reason = (reason?.isEmpty ?? true) ? nil : reason
    }

    public func suppression(for ruleID: String) -> Suppression? {
        ruleIDs.contains(ruleID) ? Suppression(annotation: Suppressions.ignoreAnnotation, reason: reason) : nil
    }
}
