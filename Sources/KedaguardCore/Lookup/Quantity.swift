import Foundation

/// A Kubernetes resource quantity (`500m`, `1.5Gi`, `2e3`), parsed as apimachinery's
/// `resource.ParseQuantity` accepts it. KEDA hands cpu/memory AverageValue targets to
/// `resource.MustParse`, which panics on bad input, so this has to be exact about syntax.
public struct Quantity: Sendable, Hashable {
    public let text: String
    /// Approximate value in base units; enough for sign and ordering checks.
    public let value: Double

    public init?(parsing text: String) {
        let scalars = Array(text.utf8)
        guard !scalars.isEmpty else { return nil }
        var i = 0
        var negative = false
        if scalars[i] == UInt8(ascii: "+") || scalars[i] == UInt8(ascii: "-") {
            negative = scalars[i] == UInt8(ascii: "-")
            i += 1
        }
        let numberStart = i
        var digits = 0
        var dots = 0
        while i < scalars.count, (scalars[i] >= UInt8(ascii: "0") && scalars[i] <= UInt8(ascii: "9")) || scalars[i] == UInt8(ascii: ".") {
            if scalars[i] == UInt8(ascii: ".") { dots += 1 } else { digits += 1 }
            i += 1
        }
        guard digits > 0, dots <= 1 else { return nil }
        guard let magnitude = Double(String(decoding: scalars[numberStart..<i], as: UTF8.self).withLeadingZeroIfDot) else { return nil }
        let suffix = String(decoding: scalars[i...], as: UTF8.self)
        guard let multiplier = Quantity.multiplier(for: suffix) else { return nil }
        self.text = text
        self.value = (negative ? -magnitude : magnitude) * multiplier
    }

    public var isPositive: Bool { value > 0 }

    private static let binary: [String: Double] = [
        "Ki": 1024, "Mi": pow(1024, 2), "Gi": pow(1024, 3), "Ti": pow(1024, 4), "Pi": pow(1024, 5), "Ei": pow(1024, 6),
    ]
    private static let decimal: [String: Double] = [
        "n": 1e-9, "u": 1e-6, "m": 1e-3, "": 1, "k": 1e3, "M": 1e6, "G": 1e9, "T": 1e12, "P": 1e15, "E": 1e18,
    ]

    private static func multiplier(for suffix: String) -> Double? {
        if let m = binary[suffix] ?? decimal[suffix] { return m }
        // Decimal exponent: e or E followed by an optionally signed integer.
        guard let first = suffix.first, first == "e" || first == "E" else { return nil }
        var rest = suffix.dropFirst()
        var sign = 1.0
        if rest.first == "+" || rest.first == "-" {
            sign = rest.first == "-" ? -1 : 1
            rest = rest.dropFirst()
        }
        guard !rest.isEmpty, rest.allSatisfy({ $0.isASCII && $0.isNumber }), let exponent = Double(rest) else { return nil }
        return pow(10, sign * exponent)
    }
}

private extension String {
    var withLeadingZeroIfDot: String { hasPrefix(".") ? "0" + self : (hasSuffix(".") ? self + "0" : self) }
}
