import Foundation
import KedaguardCore

/// Writes a caBundle into the webhooks of Validating/MutatingWebhookConfigurations in a YAML
/// text, for `kedaguard certs --patch-webhooks`. It edits the text in place (only the caBundle
/// line or token changes), so comments, order and formatting of a file kept in Git survive;
/// re-encoding through a YAML library would lose them.
public enum WebhookCABundlePatch {
    public struct Failure: Error, CustomStringConvertible {
        public let description: String
    }

    public struct Result: Sendable {
        public var text: String
        /// `ValidatingWebhookConfiguration/kedaguard: validate.kedaguard.io`, one per webhook patched.
        public var patched: [String]
    }

    static let webhookKinds: Set<String> = ["ValidatingWebhookConfiguration", "MutatingWebhookConfiguration"]

    /// - Parameters:
    ///   - caBundle: the base64 of the CA's PEM, as `clientConfig.caBundle` takes it.
    ///   - service, namespace: only webhooks whose `clientConfig.service` names this Service are
    ///     patched (a missing namespace in the file matches); webhooks with a `url` are left alone.
    public static func apply(to text: String, caBundle: String, service: String, namespace: String) throws(Failure) -> Result {
        let parsed = YAMLParser.parse(text)
        if let problem = parsed.problems.first {
            throw Failure(description: "\(problem.position): \(problem.message)")
        }
        var edits: [Edit] = []
        var patched: [String] = []
        for document in parsed.documents {
            guard let root = document.root else { continue }
            try collect(root, service: service, namespace: namespace, edits: &edits, patched: &patched)
        }
        var lines = Lines(text)
        // Bottom-up, so earlier positions stay valid.
        for edit in edits.sorted(by: { $0.position > $1.position }) {
            try lines.apply(edit, caBundle: caBundle)
        }
        return Result(text: lines.joined, patched: patched)
    }

    private static func collect(_ node: Node, service: String, namespace: String, edits: inout [Edit], patched: inout [String]) throws(Failure) {
        // `kubectl get -o yaml` of several objects gives a List.
        if node["kind"]?.stringValue == "List", let items = node["items"]?.sequenceValue {
            for item in items { try collect(item, service: service, namespace: namespace, edits: &edits, patched: &patched) }
            return
        }
        guard let kind = node["kind"]?.stringValue, webhookKinds.contains(kind),
              node["apiVersion"]?.stringValue?.hasPrefix("admissionregistration.k8s.io/") == true,
              let webhooks = node["webhooks"]?.sequenceValue else { return }
        let configName = node["metadata"]?["name"]?.stringValue ?? "?"
        for webhook in webhooks {
            guard let clientConfig = webhook["clientConfig"], let ref = clientConfig["service"],
                  ref["name"]?.stringValue == service,
                  ref["namespace"] == nil || ref["namespace"]?.stringValue == namespace else { continue }
            let label = "\(kind)/\(configName): \(webhook["name"]?.stringValue ?? "?")"
            guard let entries = clientConfig.entries, clientConfig.position.isKnown else {
                throw Failure(description: "\(label): clientConfig is not a mapping")
            }
            if let existing = clientConfig.entry("caBundle") {
                switch existing.value.value {
                case .string, .null: break
                default: throw Failure(description: "\(existing.keyPosition): \(label): caBundle must be a string")
                }
                edits.append(Edit(position: existing.keyPosition, kind: .replaceEntry(value: existing.value.position, valueIsNull: existing.value.isNull)))
            } else if let first = entries.first {
                edits.append(Edit(position: clientConfig.position, kind: .insert(firstKey: first.keyPosition)))
            } else {
                edits.append(Edit(position: clientConfig.position, kind: .insert(firstKey: nil)))
            }
            patched.append(label)
        }
    }

    struct Edit {
        enum Kind {
            /// Rewrite `caBundle: <value>` starting at the key.
            case replaceEntry(value: SourcePosition, valueIsNull: Bool)
            /// Add the entry to the mapping that starts at `position` (its first key, or `{`).
            case insert(firstKey: SourcePosition?)
        }

        var position: SourcePosition
        var kind: Kind
    }

    /// The text as lines of Unicode scalars: libyaml's columns count characters.
    struct Lines {
        var lines: [[Unicode.Scalar]]

        init(_ text: String) {
            // By scalar: as Characters, "\r\n" is one grapheme and would not split at "\n".
            lines = text.unicodeScalars.split(separator: "\n", omittingEmptySubsequences: false).map { Array($0) }
        }

        var joined: String {
            lines.map { line in var s = String.UnicodeScalarView(); s.append(contentsOf: line); return String(s) }.joined(separator: "\n")
        }

        private func index(_ p: SourcePosition) -> (Int, Int) { (p.line - 1, p.column - 1) }

        mutating func apply(_ edit: Edit, caBundle: String) throws(Failure) {
            let entry = Array("caBundle: \(caBundle)".unicodeScalars)
            let (row, col) = index(edit.position)
            guard lines.indices.contains(row), col <= lines[row].count else { throw Failure(description: "\(edit.position): position outside the text") }
            switch edit.kind {
            case .replaceEntry(let valuePosition, let valueIsNull):
                let line = lines[row]
                // Where the old value ends on the key's line.
                let end: Int
                if valueIsNull && (!valuePosition.isKnown || valuePosition.line != edit.position.line || Self.isFlowEnd(line, from: col)) {
                    end = Self.endOfKey(line, from: col)
                } else {
                    guard valuePosition.line == edit.position.line else {
                        throw Failure(description: "\(edit.position): caBundle's value spans several lines; write it on one line (or remove it) and run again")
                    }
                    end = try Self.endOfScalar(line, from: valuePosition.column - 1, at: valuePosition)
                }
                lines[row] = Array(line[..<col]) + entry + Array(line[end...])
            case .insert(let firstKey):
                let line = lines[row]
                if col < line.count, line[col] == "{" {
                    // Flow mapping: `{caBundle: ..., service: ...}`.
                    let rest = Array(line[(col + 1)...])
                    let empty = rest.first(where: { $0 != " " }) == "}"
                    lines[row] = Array(line[...col]) + entry + (empty ? [] : Array(", ".unicodeScalars)) + rest
                } else if let firstKey {
                    let (keyRow, keyCol) = index(firstKey)
                    guard lines.indices.contains(keyRow), lines[keyRow][..<keyCol].allSatisfy({ $0 == " " }) else {
                        throw Failure(description: "\(firstKey): clientConfig's keys must each start their own line")
                    }
                    let ending: [Unicode.Scalar] = lines[keyRow].last == "\r" ? ["\r"] : []
                    lines.insert(Array(repeating: " ", count: keyCol) + entry + ending, at: keyRow)
                } else {
                    throw Failure(description: "\(edit.position): cannot add caBundle to this clientConfig")
                }
            }
        }

        /// Just past `caBundle:` (for a null value written as nothing).
        static func endOfKey(_ line: [Unicode.Scalar], from start: Int) -> Int {
            var i = start
            while i < line.count, line[i] != ":" { i += 1 }
            return min(i + 1, line.count)
        }

        static func isFlowEnd(_ line: [Unicode.Scalar], from start: Int) -> Bool {
            var i = endOfKey(line, from: start)
            while i < line.count, line[i] == " " { i += 1 }
            return i < line.count && (line[i] == "," || line[i] == "}")
        }

        /// End of a one-line scalar: after its closing quote, or before the first space, comma,
        /// closing brace, comment or line end.
        static func endOfScalar(_ line: [Unicode.Scalar], from start: Int, at position: SourcePosition) throws(Failure) -> Int {
            guard start < line.count else { return line.count }
            let first = line[start]
            if first == "\"" || first == "'" {
                var i = start + 1
                while i < line.count {
                    if first == "\"", line[i] == "\\" { i += 2; continue }
                    if line[i] == first {
                        if first == "'", i + 1 < line.count, line[i + 1] == "'" { i += 2; continue }
                        return i + 1
                    }
                    i += 1
                }
                throw Failure(description: "\(position): caBundle's quoted value spans several lines; write it on one line and run again")
            }
            if first == "|" || first == ">" {
                throw Failure(description: "\(position): caBundle is a block scalar; write it on one line (or remove it) and run again")
            }
            var i = start
            while i < line.count, line[i] != " ", line[i] != ",", line[i] != "}", line[i] != "\r", line[i] != "\t" { i += 1 }
            return i
        }
    }
}
