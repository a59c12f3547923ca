import Foundation

/// A listen address in controller-runtime's flag style: `:8080` (all interfaces), `127.0.0.1:8080`,
/// `[::1]:8080`, or `0` to switch the listener off.
public struct ListenAddress: Sendable, Hashable, CustomStringConvertible {
    public var host: String
    public var port: Int

    public init(host: String, port: Int) {
        self.host = host
        self.port = port
    }

    public enum ParseError: Error, CustomStringConvertible {
        case invalid(String)

        public var description: String {
            switch self {
            case .invalid(let text):
                return "invalid bind address \"\(text)\": use :PORT, HOST:PORT, [IPv6]:PORT, or 0 to disable"
            }
        }
    }

    /// Parses the flag value; nil means disabled (`0`, as controller-runtime spells it).
    public static func parse(_ text: String) throws(ParseError) -> ListenAddress? {
        let t = text.trimmingCharacters(in: .whitespaces)
        if t == "0" { return nil }
        guard let colon = t.lastIndex(of: ":") else { throw .invalid(text) }
        var host = String(t[..<colon])
        let portText = t[t.index(after: colon)...]
        guard let port = Int(portText), (0...65535).contains(port) else { throw .invalid(text) }
        if host.hasPrefix("[") {
            guard host.hasSuffix("]"), host.count > 2 else { throw .invalid(text) }
            host = String(host.dropFirst().dropLast())
        } else if host.contains(":") {
            throw .invalid(text) // an IPv6 address needs brackets
        }
        return ListenAddress(host: host.isEmpty ? "0.0.0.0" : host, port: port)
    }

    public var description: String {
        host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)"
    }
}
