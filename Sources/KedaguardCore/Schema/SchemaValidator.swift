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
        var out: [SchemaViolation] = []
        walk(root, schema, isRoot: true, into: &out)
        return out
    }

    private static func walk(_ at: Located, _ schema: StructuralSchema, isRoot: Bool = false, into out: inout [SchemaViolation]) {
        let node = at.node
        if node.isNull {
            // Kubernetes drops explicit nulls for fields that are not nullable before validating.
            return
        }
        guard typeMatches(node, schema) else {
            let expected = schema.intOrString ? "integer or string" : (schema.type ?? "any")
            out.append(SchemaViolation(kind: .wrongType,
                                       message: "\(at.pointer.dotted.isEmpty ? "value" : at.pointer.dotted) must be of type \(expected), not \(node.typeName) (\(node.displayValue))",
                                       pointer: at.pointer, position: at.position))
            return
        }
        if let values = schema.enumValues, !values.contains(where: { $0 == node }) {
            let allowed = values.map { $0.scalarText ?? $0.displayValue }.joined(separator: ", ")
            out.append(SchemaViolation(kind: .enumValue,
                                       message: "\(at.pointer.dotted) is \(node.displayValue); allowed values: \(allowed)\(suggestion(node.scalarText, values.compactMap(\.scalarText)))",
                                       pointer: at.pointer, position: at.position))
        }
        checkBounds(at, schema, into: &out)
        switch node.value {
        case .mapping:
            checkMapping(at, schema, isRoot: isRoot, into: &out)
        case .sequence:
            if let items = schema.items {
                for item in at.items { walk(item, items, into: &out) }
            }
        default:
            break
        }
        for rule in schema.celRules {
            if let failure = CELRules.evaluate(rule.id, on: node) {
                let anchor = failure.field.flatMap { at[$0] } ?? at
                out.append(SchemaViolation(kind: .cel, message: failure.message + " (CRD validation rule)",
                                           pointer: anchor.pointer, position: anchor.keyOrValuePosition))
            }
        }
    }

    private static func checkMapping(_ at: Located, _ schema: StructuralSchema, isRoot: Bool, into out: inout [SchemaViolation]) {
        for key in schema.required where at.node[key] == nil || at.node[key]?.isNull == true {
            out.append(SchemaViolation(kind: .missingRequired,
                                       message: "\(at.pointer.appending(key).dotted) is required",
                                       pointer: at.pointer.appending(key), position: at.keyOrValuePosition))
        }
        for (key, child) in at.entries {
            // ObjectMeta is validated by kube-apiserver itself; the CRD only says "object".
            if isRoot && key == "metadata" { continue }
            if let sub = schema.properties[key] {
                walk(child, sub, into: &out)
            } else if let ap = schema.additionalProperties {
                walk(child, ap, into: &out)
            } else if !schema.preservesUnknownFields, !(isRoot && key == "status") {
                let known = schema.properties.keys.sorted()
                let hint = suggestion(key, known)
                out.append(SchemaViolation(kind: .unknownField,
                                           message: "unknown field \"\(child.pointer.dotted)\"\(hint.isEmpty ? "; known fields here: \(known.joined(separator: ", "))" : hint)",
                                           pointer: child.pointer, position: child.keyOrValuePosition))
            }
        }
    }

    private static func checkBounds(_ at: Located, _ schema: StructuralSchema, into out: inout [SchemaViolation]) {
        let node = at.node
        // Only needed for messages; computing it for every node cost more than the checks.
        var path: String { at.pointer.dotted }
        if let n = node.numberValue {
            if let min = schema.minimum, n.double < min {
                out.append(SchemaViolation(kind: .bounds, message: "\(path) is \(n.text); it must be at least \(format(min))",
                                           pointer: at.pointer, position: at.position))
            }
            if let max = schema.maximum, n.double > max {
                out.append(SchemaViolation(kind: .bounds, message: "\(path) is \(n.text); it must be at most \(format(max))",
                                           pointer: at.pointer, position: at.position))
            }
            if schema.format == "int32", let i = n.int, i < Int64(Int32.min) || i > Int64(Int32.max) {
                out.append(SchemaViolation(kind: .bounds, message: "\(path) is \(n.text); it must fit in a 32-bit integer",
                                           pointer: at.pointer, position: at.position))
            }
        }
        if let s = node.stringValue {
            if let min = schema.minLength, s.count < min {
                out.append(SchemaViolation(kind: .bounds,
                                           message: min == 1 ? "\(path) must not be empty" : "\(path) must be at least \(min) characters long",
                                           pointer: at.pointer, position: at.position))
            }
            if let max = schema.maxLength, s.count > max {
                out.append(SchemaViolation(kind: .bounds, message: "\(path) must be at most \(max) characters long",
                                           pointer: at.pointer, position: at.position))
            }
        }
        if let items = node.sequenceValue {
            if let min = schema.minItems, items.count < min {
                out.append(SchemaViolation(kind: .bounds, message: "\(path) must have at least \(min) item\(min == 1 ? "" : "s")",
                                           pointer: at.pointer, position: at.position))
            }
            if let max = schema.maxItems, items.count > max {
                out.append(SchemaViolation(kind: .bounds, message: "\(path) must have at most \(max) items",
                                           pointer: at.pointer, position: at.position))
            }
        }
    }

    private static func format(_ d: Double) -> String {
        d == d.rounded() ? String(Int64(d)) : String(d)
    }

    static func typeMatches(_ node: Node, _ schema: StructuralSchema) -> Bool {
        if schema.intOrString {
            if case .string = node.value { return true }
            return node.numberValue?.isInteger == true
        }
        guard let type = schema.type else { return true }
        switch (type, node.value) {
        case ("object", .mapping), ("array", .sequence), ("string", .string), ("boolean", .bool):
            return true
        case ("integer", .number(let n)):
            return n.isInteger
        case ("number", .number):
            return true
        default:
            return false
        }
    }

    private static func suggestion(_ value: String?, _ candidates: [String]) -> String {
        guard let value, let best = Suggest.closest(to: value, in: candidates) else { return "" }
        return "; did you mean \"\(best)\"?"
    }
}
