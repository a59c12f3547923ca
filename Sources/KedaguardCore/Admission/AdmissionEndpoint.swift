import Foundation

/// Which webhook a path names: `/validate` and `/mutate` take every kind; kubebuilder-style paths
/// (`/validate-keda-sh-v1alpha1-scaledobject`) take one kind, as KEDA's own webhook registers them.
public struct AdmissionEndpoint: Sendable, Hashable, CustomStringConvertible {
    public enum Mode: String, Sendable, Hashable {
        case validate
        case mutate
    }

    public var mode: Mode
    /// Set for the per-kind paths.
    public var kind: ResourceKind?

    public init(mode: Mode, kind: ResourceKind? = nil) {
        self.mode = mode
        self.kind = kind
    }

    public init?(path: String) {
        // Bytes, not Characters: this runs for every request.
        var p = Substring(path)
        if let q = p.utf8.firstIndex(of: UInt8(ascii: "?")) { p = p[..<q] }
        if p.utf8.count > 1, p.utf8.last == UInt8(ascii: "/") { p = p.dropLast() }
        if let endpoint = Self.byPath[String(p)] { self = endpoint } else { return nil }
    }

    /// `/validate-keda-sh-v1alpha1-scaledobject`, `/mutate-eventing-keda-sh-v1alpha1-cloudeventsource`, ...
    public static func path(mode: Mode, kind: ResourceKind) -> String {
        "/\(mode.rawValue)-\(kind.group.replacingOccurrences(of: ".", with: "-"))-v1alpha1-\(kind.rawValue.lowercased())"
    }

    public var path: String {
        if let kind { return Self.path(mode: mode, kind: kind) }
        return "/\(mode.rawValue)"
    }

    public var description: String { path }

    /// Every path the server answers, for routing and docs.
    public static let all: [AdmissionEndpoint] = {
        var out: [AdmissionEndpoint] = [AdmissionEndpoint(mode: .validate), AdmissionEndpoint(mode: .mutate)]
        for mode in [Mode.validate, .mutate] {
            for kind in ResourceKind.allCases { out.append(AdmissionEndpoint(mode: mode, kind: kind)) }
        }
        return out
    }()

    private static let byPath: [String: AdmissionEndpoint] = Dictionary(uniqueKeysWithValues: all.map { ($0.path, $0) })
}
