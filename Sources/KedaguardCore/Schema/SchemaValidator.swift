/// Validates an object against a structural schema the way kube-apiserver does for custom
/// resources, but reports every problem instead of stopping at the first.
public struct SchemaViolation: Sendable, Hashable {
    public enum Kind: String, Sendable, Hashable {
        case unknownField, wrongType, missingRequired, enumValue, bounds, cel
    }

    public var kind: Kind
    public var message: String
    public var pointer: JSONPointer
    public var position: SourcePosition
}

public enum SchemaValidator {
    public static func validate(_ root: Located, against schema: StructuralSchema) -> [SchemaViolation] {
        var walker = Walker(path: root.pointer.tokens)
        // Deep enough for KEDA's objects without growing the stack while walking.
        walker.path.reserveCapacity(16)
        walker.walk(root.node, schema, keyPosition: root.keyPosition, isRoot: true)
        return walker.out
    }

    /// Walks nodes directly with one reusable path stack: the whole object is visited for every
    /// check, so this avoids building a pointer for nodes that are fine.
    private struct Walker {
        var path: [String]
        var out: [SchemaViolation] = []

        var pointer: JSONPointer { JSONPointer(tokens: path) }
        var dotted: String { pointer.dotted }

        mutating func report(_ kind: SchemaViolation.Kind, _ message: String, _ position: SourcePosition) {
            out.append(SchemaViolation(kind: kind, message: message, pointer: pointer, position: position))
        }

        mutating func walk(_ node: Node, _ schema: StructuralSchema, keyPosition: SourcePosition?, isRoot: Bool = false) {
            if node.isNull {
                // Kubernetes drops explicit nulls for fields that are not nullable before validating.
                return
            }
            guard SchemaValidator.typeMatches(node, schema) else {
                let expected = schema.intOrString ? "integer or string" : (schema.type ?? "any")
                report(.wrongType, "\(dotted.isEmpty ? "value" : dotted) must be of type \(expected), not \(node.typeName) (\(node.displayValue))", node.position)
                return
            }
            if let values = schema.enumValues, !values.contains(where: { $0 == node }) {
                let allowed = values.map { $0.scalarText ?? $0.displayValue }.joined(separator: ", ")
                report(.enumValue, "\(dotted) is \(node.displayValue); allowed values: \(allowed)\(SchemaValidator.suggestion(node.scalarText, values.compactMap(\.scalarText)))", node.position)
            }
            checkBounds(node, schema)
            switch node.value {
            case .mapping(let entries):
                checkMapping(node, entries, schema, keyPosition: keyPosition, isRoot: isRoot)
            case .sequence(let items):
                if let itemSchema = schema.items {
                    for (i, item) in items.enumerated() {
                        path.append(String(i))
                        walk(item, itemSchema, keyPosition: nil)
                        path.removeLast()
                    }
                }
            default:
                break
            }
            for rule in schema.celRules {
                guard let failure = CELRules.evaluate(rule.id, on: node) else { continue }
                if let field = failure.field, let entry = node.entry(field) {
                    path.append(field)
                    report(.cel, failure.message + " (CRD validation rule)", entry.keyPosition)
                    path.removeLast()
                } else {
                    report(.cel, failure.message + " (CRD validation rule)", keyPosition ?? node.position)
                }
            }
        }

        mutating func checkMapping(_ node: Node, _ entries: [Node.Entry], _ schema: StructuralSchema,
                                   keyPosition: SourcePosition?, isRoot: Bool) {
            for key in schema.required where node[key]?.isNull ?? true {
                path.append(key)
                report(.missingRequired, "\(dotted) is required", keyPosition ?? node.position)
                path.removeLast()
            }
            for entry in entries {
                let key = entry.key
                // ObjectMeta is validated by kube-apiserver itself; the CRD only says "object".
                if isRoot && key == "metadata" { continue }
                path.append(key)
                if let sub = schema.property(key) {
                    walk(entry.value, sub, keyPosition: entry.keyPosition)
                } else if let ap = schema.additionalProperties {
                    walk(entry.value, ap, keyPosition: entry.keyPosition)
                } else if !schema.preservesUnknownFields, !(isRoot && key == "status") {
                    let known = schema.properties.keys.sorted()
                    let hint = SchemaValidator.suggestion(key, known)
                    report(.unknownField, "unknown field \"\(dotted)\"\(hint.isEmpty ? "; known fields here: \(known.joined(separator: ", "))" : hint)", entry.keyPosition)
                }
                path.removeLast()
            }
        }

        mutating func checkBounds(_ node: Node, _ schema: StructuralSchema) {
            switch node.value {
            case .number(let n):
                if let min = schema.minimum, n.double < min {
                    report(.bounds, "\(dotted) is \(n.text); it must be at least \(SchemaValidator.format(min))", node.position)
                }
                if let max = schema.maximum, n.double > max {
                    report(.bounds, "\(dotted) is \(n.text); it must be at most \(SchemaValidator.format(max))", node.position)
                }
                if schema.format == "int32", let i = n.int, i < Int64(Int32.min) || i > Int64(Int32.max) {
                    report(.bounds, "\(dotted) is \(n.text); it must fit in a 32-bit integer", node.position)
                }
            case .string(let s):
                // kube-apiserver counts code points (Go's utf8.RuneCountInString), not the
                // grapheme clusters `String.count` walks, which is also slower.
                if let min = schema.minLength, SchemaValidator.runeCount(s) < min {
                    report(.bounds, min == 1 ? "\(dotted) must not be empty" : "\(dotted) must be at least \(min) characters long", node.position)
                }
                if let max = schema.maxLength, SchemaValidator.runeCount(s) > max {
                    report(.bounds, "\(dotted) must be at most \(max) characters long", node.position)
                }
            case .sequence(let items):
                if let min = schema.minItems, items.count < min {
                    report(.bounds, "\(dotted) must have at least \(min) item\(min == 1 ? "" : "s")", node.position)
                }
                if let max = schema.maxItems, items.count > max {
                    report(.bounds, "\(dotted) must have at most \(max) items", node.position)
                }
            default:
                break
            }
        }
    }

    /// Code points as Go's utf8.RuneCountInString counts them in valid UTF-8: the bytes that do
    /// not continue a sequence.
    static func runeCount(_ s: String) -> Int {
        var count = 0
        for byte in s.utf8 where byte & 0xC0 != 0x80 { count += 1 }
        return count
    }

    static func format(_ d: Double) -> String {
        d == d.rounded() ? String(Int64(d)) : String(d)
    }

    static func typeMatches(_ node: Node, _ schema: StructuralSchema) -> Bool {
        switch (schema.typeCheck, node.value) {
        case (.any, _), (.object, .mapping), (.array, .sequence), (.string, .string), (.boolean, .bool),
             (.number, .number), (.intOrString, .string):
            return true
        case (.integer, .number(let n)), (.intOrString, .number(let n)):
            return n.isInteger
        default:
            return false
        }
    }

    static func suggestion(_ value: String?, _ candidates: [String]) -> String {
        guard let value, let best = Suggest.closest(to: value, in: candidates) else { return "" }
        return "; did you mean \"\(best)\"?"
    }
}
