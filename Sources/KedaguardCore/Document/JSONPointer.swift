import Foundation

/// An RFC 6901 JSON Pointer. Diagnostics and patches address nodes with it.
public struct JSONPointer: Sendable, Hashable, Comparable, CustomStringConvertible, ExpressibleByStringLiteral {
    public var tokens: [String]

    public init(tokens: [String] = []) {
        self.tokens = tokens
    }

    public static let root = JSONPointer()

    /// Parses the textual form (`/spec/triggers/0`). Invalid escapes are an error.
    ///
    /// RFC 6901 works on code points, so this walks Unicode scalars, not Characters: a key that
    /// starts with a combining mark would otherwise merge with the "/" before it.
    public init(parsing text: String) throws(JSONPointerError) {
        var scalars = text.unicodeScalars.makeIterator()
        guard let first = scalars.next() else {
            self.tokens = []
            return
        }
        guard first == "/" else { throw JSONPointerError.missingLeadingSlash(text) }
        var tokens: [String] = []
        var token = String.UnicodeScalarView()
        while let scalar = scalars.next() {
            switch scalar {
            case "/":
                tokens.append(String(token))
                token = String.UnicodeScalarView()
            case "~":
                switch scalars.next() {
                case "0": token.append("~")
                case "1": token.append("/")
                default: throw JSONPointerError.invalidEscape(text)
                }
            default:
                token.append(scalar)
            }
        }
        tokens.append(String(token))
        self.tokens = tokens
    }

    public init(stringLiteral value: String) {
        // Literals in code are written correctly; a bad one is a programming error caught by tests.
        self = (try? JSONPointer(parsing: value)) ?? JSONPointer(tokens: [value])
    }

    public func appending(_ key: String) -> JSONPointer {
        JSONPointer(tokens: tokens + [key])
    }

    public func appending(_ index: Int) -> JSONPointer {
        JSONPointer(tokens: tokens + [String(index)])
    }

    public var parent: JSONPointer? {
        tokens.isEmpty ? nil : JSONPointer(tokens: Array(tokens.dropLast()))
    }

    public var last: String? { tokens.last }

    public static func escape(_ token: String) -> String {
        guard token.utf8.contains(where: { $0 == UInt8(ascii: "~") || $0 == UInt8(ascii: "/") }) else { return token }
        // By scalar, like parsing: a "/" followed by a combining mark is still a "/".
        var out = String.UnicodeScalarView()
        for scalar in token.unicodeScalars {
            switch scalar {
            case "~": out.append(contentsOf: "~0".unicodeScalars)
            case "/": out.append(contentsOf: "~1".unicodeScalars)
            default: out.append(scalar)
            }
        }
        return String(out)
    }

    public var description: String {
        tokens.map { "/" + JSONPointer.escape($0) }.joined()
    }

    /// A dotted path for human messages: `spec.triggers[0].metadata.query`.
    public var dotted: String {
        var out = ""
        for token in tokens {
            if !token.isEmpty, token.allSatisfy(\.isASCIIDigit) {
                out += "[\(token)]"
            } else {
                out += out.isEmpty ? token : ".\(token)"
            }
        }
        return out
    }

    public static func < (lhs: JSONPointer, rhs: JSONPointer) -> Bool {
        lhs.tokens.lexicographicallyPrecedes(rhs.tokens)
    }
}

public enum JSONPointerError: Error, Sendable, CustomStringConvertible {
    case missingLeadingSlash(String)
    case invalidEscape(String)

    public var description: String {
        switch self {
        case .missingLeadingSlash(let s): return "JSON pointer \"\(s)\" must start with \"/\""
        case .invalidEscape(let s): return "JSON pointer \"\(s)\" has a \"~\" not followed by 0 or 1"
        }
    }
}

extension Character {
    var isASCIIDigit: Bool { isASCII && isNumber }
}

extension Node {
    /// The node a pointer addresses, if any.
    public func resolve(_ pointer: JSONPointer) -> Node? {
        var current = self
        for token in pointer.tokens {
            switch current.value {
            case .mapping:
                guard let next = current[token] else { return nil }
                current = next
            case .sequence(let items):
                guard let i = Int(token), items.indices.contains(i) else { return nil }
                current = items[i]
            default:
                return nil
            }
        }
        return current
    }
}
