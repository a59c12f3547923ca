import Foundation

/// The KEDA releases whose CRDs and scaler catalogs are compiled in.
public enum KEDAVersion: String, Sendable, Hashable, CaseIterable, CustomStringConvertible {
    case v2_17_0 = "v2.17.0"
    case v2_18_0 = "v2.18.0"
    case v2_19_0 = "v2.19.0"
    case v2_20_2 = "v2.20.2"
    case main = "main"

    public static let `default`: KEDAVersion = .v2_20_2

    /// Accepts `v2.20.2`, `2.20.2` and `main`.
    public init?(parsing text: String) {
        let t = text.trimmingCharacters(in: .whitespaces)
        if let v = KEDAVersion(rawValue: t) { self = v; return }
        if let v = KEDAVersion(rawValue: "v" + t) { self = v; return }
        return nil
    }

    public var description: String { rawValue }

    public static var supportedList: String { allCases.map(\.rawValue).joined(separator: ", ") }
}
