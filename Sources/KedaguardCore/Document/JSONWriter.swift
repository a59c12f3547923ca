/// Serialises nodes as compact JSON. Numbers keep their original spelling, key order is kept,
/// so what goes back to the API server is what came in.
public enum JSONWriter {
    public static func write(_ node: Node) -> String {
        var out = ""
        out.reserveCapacity(256)
        write(node, into: &out)
        return out
    }

    /// Indented output (two spaces) for reports people read and diff.
    public static func writePretty(_ node: Node) -> String {
        var out = ""
        writePretty(node, indent: 0, into: &out)
        out += "\n"
        return out
    }

    private static func writePretty(_ node: Node, indent: Int, into out: inout String) {
        let pad = String(repeating: " ", count: indent + 2)
        switch node.value {
        case .sequence(let items) where !items.isEmpty:
            out += "[\n"
            for (i, item) in items.enumerated() {
                out += pad
                writePretty(item, indent: indent + 2, into: &out)
                out += i + 1 < items.count ? ",\n" : "\n"
            }
            out += String(repeating: " ", count: indent) + "]"
        case .mapping(let entries) where !entries.isEmpty:
            out += "{\n"
            for (i, entry) in entries.enumerated() {
                out += pad
                writeString(entry.key, into: &out)
                out += ": "
                writePretty(entry.value, indent: indent + 2, into: &out)
                out += i + 1 < entries.count ? ",\n" : "\n"
            }
            out += String(repeating: " ", count: indent) + "}"
        default:
            write(node, into: &out)
        }
    }

    public static func write(_ node: Node, into out: inout String) {
        switch node.value {
        case .null: out += "null"
        case .bool(let b): out += b ? "true" : "false"
        case .number(let n):
            if n.double.isFinite || n.isInteger {
                out += n.int.map(String.init) ?? jsonNumberText(n)
            } else if isJSONNumber(n.text) {
                // Beyond Double's range (1e400) but valid JSON: keep it as written.
                out += n.text
            } else {
                out += "null" // YAML's .inf and .nan have no JSON spelling
            }
        case .string(let s): writeString(s, into: &out)
        case .sequence(let items):
            out += "["
            for (i, item) in items.enumerated() {
                if i > 0 { out += "," }
                write(item, into: &out)
            }
            out += "]"
        case .mapping(let entries):
            out += "{"
            for (i, entry) in entries.enumerated() {
                if i > 0 { out += "," }
                writeString(entry.key, into: &out)
                out += ":"
                write(entry.value, into: &out)
            }
            out += "}"
        }
    }

    /// YAML floats such as `.5` or `1.` are not JSON; write them in a form JSON accepts.
    private static func jsonNumberText(_ n: Number) -> String {
        let t = n.text
        if t.first == "." || t.hasPrefix("-.") || t.hasPrefix("+") || t.last == "." || t.contains(".e") || t.contains(".E") {
            return "\(n.double)"
        }
        return t
    }

    /// RFC 8259's number grammar: `-? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?`.
    static func isJSONNumber(_ text: String) -> Bool {
        var bytes = text.utf8[...]
        func digits() -> Int {
            let n = bytes.prefix { $0 >= 0x30 && $0 <= 0x39 }.count
            bytes = bytes.dropFirst(n)
            return n
        }
        if bytes.first == UInt8(ascii: "-") { bytes = bytes.dropFirst() }
        if bytes.first == UInt8(ascii: "0") {
            bytes = bytes.dropFirst()
        } else if digits() == 0 {
            return false
        }
        if bytes.first == UInt8(ascii: ".") {
            bytes = bytes.dropFirst()
            if digits() == 0 { return false }
        }
        if bytes.first == UInt8(ascii: "e") || bytes.first == UInt8(ascii: "E") {
            bytes = bytes.dropFirst()
            if bytes.first == UInt8(ascii: "+") || bytes.first == UInt8(ascii: "-") { bytes = bytes.dropFirst() }
            if digits() == 0 { return false }
        }
        return bytes.isEmpty
    }

    public static func writeString(_ s: String, into out: inout String) {
        out += "\""
        // Most strings need no escaping; appending them whole is far cheaper than per scalar.
        if !s.utf8.contains(where: { $0 < 0x20 || $0 == 0x22 || $0 == 0x5C }) {
            out += s
            out += "\""
            return
        }
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case "\u{08}": out += "\\b"
            case "\u{0C}": out += "\\f"
            default:
                if scalar.value < 0x20 {
                    let hex = String(scalar.value, radix: 16)
                    out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        out += "\""
    }

    public static func quoted(_ s: String) -> String {
        var out = ""
        writeString(s, into: &out)
        return out
    }
}
