/// A CRD's structural schema as compiled in by scripts/generate-tables.py: what kube-apiserver
/// enforces before any webhook sees the object.
public final class StructuralSchema: Sendable {
    public let type: String?
    /// `type` read once: the validator asks it of every node, and comparing type names cost
    /// several string comparisons each time.
    let typeCheck: TypeCheck
    public let properties: [String: StructuralSchema]
    /// The same properties as a list, for small objects: comparing a key with a handful of
    /// short names is cheaper than hashing it, and the validator asks for every field.
    private let propertyList: [(key: String, schema: StructuralSchema)]
    public let required: [String]
    public let enumValues: [Node]?
    public let minimum: Double?
    public let maximum: Double?
    public let minLength: Int?
    public let maxLength: Int?
    public let minItems: Int?
    public let maxItems: Int?
    public let items: StructuralSchema?
    public let additionalProperties: StructuralSchema?
    public let preservesUnknownFields: Bool
    public let intOrString: Bool
    public let nullable: Bool
    public let format: String?
    public let defaultValue: Node?
    /// Ids of CEL rules, each implemented by a check in `CELRules`.
    public let celRules: [(id: String, message: String)]

    init(node: Node) {
        type = node["t"]?.stringValue
        typeCheck = TypeCheck(intOrString: node["ios"]?.boolValue ?? false, type: type)
        var props: [String: StructuralSchema] = [:]
        for entry in node["props"]?.entries ?? [] { props[entry.key] = StructuralSchema(node: entry.value) }
        properties = props
        propertyList = props.count <= 8 ? props.sorted { $0.key < $1.key }.map { ($0.key, $0.value) } : []
        required = node["req"]?.sequenceValue?.compactMap(\.stringValue) ?? []
        enumValues = node["enum"]?.sequenceValue
        minimum = node["min"]?.numberValue?.double
        maximum = node["max"]?.numberValue?.double
        minLength = node["minLen"]?.intValue.map(Int.init)
        maxLength = node["maxLen"]?.intValue.map(Int.init)
        minItems = node["minItems"]?.intValue.map(Int.init)
        maxItems = node["maxItems"]?.intValue.map(Int.init)
        items = node["items"].map(StructuralSchema.init(node:))
        additionalProperties = node["ap"].map(StructuralSchema.init(node:))
        preservesUnknownFields = node["pu"]?.boolValue ?? false
        intOrString = node["ios"]?.boolValue ?? false
        nullable = node["null"]?.boolValue ?? false
        format = node["fmt"]?.stringValue
        defaultValue = node["def"]
        celRules = (node["cel"]?.sequenceValue ?? []).map { ($0["id"]?.stringValue ?? "", $0["msg"]?.stringValue ?? "") }
    }

    /// What a value must be to match the schema's type.
    enum TypeCheck {
        case any, object, array, string, boolean, integer, number, intOrString
        /// A type name kube-apiserver would reject in a CRD; nothing matches it.
        case unknown

        init(intOrString: Bool, type: String?) {
            if intOrString { self = .intOrString; return }
            switch type {
            case nil: self = .any
            case "object": self = .object
            case "array": self = .array
            case "string": self = .string
            case "boolean": self = .boolean
            case "integer": self = .integer
            case "number": self = .number
            default: self = .unknown
            }
        }
    }

    /// The schema of the property `key`, nil when the object schema does not declare it.
    public func property(_ key: String) -> StructuralSchema? {
        guard propertyList.isEmpty, !properties.isEmpty else {
            for p in propertyList where p.key == key { return p.schema }
            return nil
        }
        return properties[key]
    }

    /// The schema of `kind` for a KEDA version; nil for kinds without a compiled-in CRD.
    public static func forKind(_ kind: ResourceKind, version: KEDAVersion) -> StructuralSchema? {
        SchemaCache.schema(kind: kind, version: version)
    }
}

/// Parses each embedded schema once, on first use; afterwards a lookup is an array index, with
/// no lock, because rules ask for a schema per object.
private enum SchemaCache {
    static let v2_17_0 = load(.v2_17_0)
    static let v2_18_0 = load(.v2_18_0)
    static let v2_19_0 = load(.v2_19_0)
    static let v2_20_2 = load(.v2_20_2)
    static let main = load(.main)

    static func schema(kind: ResourceKind, version: KEDAVersion) -> StructuralSchema? {
        switch version {
        case .v2_17_0: return v2_17_0[kind]
        case .v2_18_0: return v2_18_0[kind]
        case .v2_19_0: return v2_19_0[kind]
        case .v2_20_2: return v2_20_2[kind]
        case .main: return main[kind]
        }
    }

    private static func load(_ version: KEDAVersion) -> [ResourceKind: StructuralSchema] {
        var out: [ResourceKind: StructuralSchema] = [:]
        for kind in ResourceKind.allCases {
            guard let json = GeneratedCRDSchemas.json(version: version.rawValue, kind: kind.rawValue),
                  let root = JSONParser.parse(json).documents.first?.root else { continue }
            out[kind] = StructuralSchema(node: root)
        }
        return out
    }
}
