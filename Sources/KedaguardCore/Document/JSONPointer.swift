import Foundation

/// An RFC 6901 JSON Pointer. Diagnostics and patches address nodes with it.
public struct JSONPointer: Sendable, Hashable, Comparable, CustomStringConvertible, ExpressibleByStringLiteral {
    public var tokens: [String]

    public init(tokens: [String] = []) {
        self.tokens = tokens
    }

    public static let root = JSONPointer()

    /// Parses the textual form (`/spec/triggers/0`). Invalid escapes are an error.
    public init(parsing text: String) throws(JSONPointerError) {
        if text.isEmpty {
            self.tokens = []
            return
        }
        guard text.hasPrefix("/") else { throw JSONPointerError.missingLeadingSlash(text) }
        var tokens: [String] = []
        for raw in text.dropFirst().split(separator: "/", omittingEmptySubsequences: false) {
            var token = ""
            var iterator = raw.makeIterator()
            while let ch = iterator.next() {
                if ch == "~" {
                    switch iterator.next() {
                    case "0": token.append("~")
                    case "1": token.append("/")
                    default: throw JSONPointerError.invalidEscape(text)
                    }
                } else {
                    token.append(ch)
                }
            }
            tokens.append(token)
        }
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
        return token.replacingOccurrences(of: "~", with: "~0").replacingOccurrences(of: "/", with: "~1")
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
