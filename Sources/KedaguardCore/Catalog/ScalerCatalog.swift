/// A set of sources as bits: rules test it for every metadata key, and a `Set` hashed the
/// source for each test.
public struct ParameterSources: OptionSet, Sendable, Hashable {
    public let rawValue: UInt8
    public init(rawValue: UInt8) { self.rawValue = rawValue }

    public init(_ sources: some Sequence<ParameterSource>) {
        self.init(rawValue: 0)
        for source in sources { insert(ParameterSources(source)) }
    }

    init(_ source: ParameterSource) {
        switch source {
        case .metadata: self.init(rawValue: 1)
        case .environment: self.init(rawValue: 2)
        case .authentication: self.init(rawValue: 4)
        }
    }

    public func contains(_ source: ParameterSource) -> Bool { contains(ParameterSources(source)) }
}

/// Where a trigger parameter may come from, in KEDA's lookup order.
public enum ParameterSource: String, Sendable, Hashable {
    /// `triggers[].metadata.<name>`
    case metadata
    /// `triggers[].metadata.<name>FromEnv`, naming an env var of the target's container.
    case environment
    /// A parameter resolved by the referenced (Cluster)TriggerAuthentication.
    case authentication
}

/// How KEDA converts a parameter's string. Checks parse exactly as KEDA's typed config does.
public indirect enum ParameterValueType: Sendable, Hashable {
    case string
    /// strconv.ParseBool.
    case bool
    /// 64-bit signed integer (Go int, int64) decoded as a JSON number.
    case integer
    /// 64-bit unsigned integer (Go uint, uint64) decoded as a JSON number.
    case unsignedInteger
    /// A narrower Go integer (int32, uint32, ...) decoded as a JSON number and range-checked.
    case sizedInteger(bits: Int, signed: Bool)
    /// Float decoded as a JSON number.
    case float
    /// Go duration (`30s`) or integer milliseconds, not negative (typed durations, v2.18.0 on).
    case duration
    /// Elements split on `separator`, each trimmed; integer elements may be ranges `a<range>b` when set.
    case list(element: ParameterValueType, separator: String, range: String?)
    /// `k=v` pairs split on `separator`.
    case map(separator: String)
    /// url.ParseQuery syntax.
    case urlQuery
    /// Parsed by hand in the scaler: no type is known.
    case unknown

    /// Integer kinds, whose list elements may be ranges.
    public var isInteger: Bool {
        switch self {
        case .integer, .unsignedInteger, .sizedInteger: return true
        default: return false
        }
    }
}

/// One parameter of a scaler. A class: rules walk these for every trigger of every object, and
/// a reference is cheaper to pass around than a dozen strings and arrays.
public final class ParameterSpec: Sendable, Hashable {
    public let name: String
    /// Every accepted name, in lookup order.
    public let names: [String]
    public let sources: [ParameterSource]
    public let optional: Bool
    /// Missing this parameter fails the trigger. nil when KEDA's catalog cannot tell (hand-parsed).
    public let required: Bool?
    public let defaultValue: String?
    public let valueType: ParameterValueType
    public let allowedValues: [String]
    public let exclusiveSet: [String]
    /// Giving the parameter is an error with this message.
    public let deprecated: String?
    /// Giving the parameter works but KEDA records an event with this message.
    public let deprecatedAnnounce: String?
    public let parsedByHand: Bool
    /// The Go type as KEDA declares it (`int64`, `[]string`, `time.Duration`); nil when hand-parsed.
    public let goType: String?
    /// Separator of enum and exclusiveSet checks (and of lists and maps); nil means ",".
    public let separator: String?

    public init(name: String, names: [String], sources: [ParameterSource], optional: Bool, required: Bool?,
                defaultValue: String?, valueType: ParameterValueType, allowedValues: [String], exclusiveSet: [String],
                deprecated: String?, deprecatedAnnounce: String?, parsedByHand: Bool, goType: String?, separator: String?) {
        self.name = name
        self.names = names
        self.sources = sources
        self.optional = optional
        self.required = required
        self.defaultValue = defaultValue
        self.valueType = valueType
        self.allowedValues = allowedValues
        self.exclusiveSet = exclusiveSet
        self.deprecated = deprecated
        self.deprecatedAnnounce = deprecatedAnnounce
        self.parsedByHand = parsedByHand
        self.goType = goType
        self.separator = separator
    }

    public func accepts(from source: ParameterSource) -> Bool { sources.contains(source) }

    public static func == (a: ParameterSpec, b: ParameterSpec) -> Bool {
        a === b || (a.names == b.names && a.sources == b.sources && a.optional == b.optional && a.required == b.required
            && a.defaultValue == b.defaultValue && a.valueType == b.valueType && a.allowedValues == b.allowedValues
            && a.exclusiveSet == b.exclusiveSet && a.deprecated == b.deprecated && a.deprecatedAnnounce == b.deprecatedAnnounce
            && a.parsedByHand == b.parsedByHand && a.goType == b.goType && a.separator == b.separator)
    }

    public func hash(into h: inout Hasher) {
        h.combine(names)
        h.combine(goType)
    }
}

public final class ScalerSpec: Sendable, Hashable {
    public let type: String
    public let sharesConstructorWith: [String]
    /// Metadata is parsed by hand; parameter types and requiredness are unknown.
    public let untyped: Bool
    /// Every metadata key is forwarded (external scalers): unknown keys are fine.
    public let acceptsArbitraryKeys: Bool
    /// What the scaler's Validate() checks, in words; nil without one.
    public let validateSummary: String?
    /// What Validate() methods of nested structs (e.g. authentication) check, in words.
    public let nestedValidateSummaries: [String]
    public let parameters: [ParameterSpec]
    /// Keys read outside the typed config, with their sources.
    public let untaggedKeys: [(name: String, sources: [ParameterSource])]
    /// Prefixes of keys the scaler collects itself (`query.` for sumologic).
    public let untaggedKeyPrefixes: [String]

    /// Every key that may legitimately appear in `triggers[].metadata`.
    public let acceptedMetadataKeys: NameTable<Bool>
    private let parametersByName: NameTable<ParameterSpec>
    /// Where in `parameters` each name is declared (a scaler may declare one name twice, e.g. a
    /// deprecated field next to its replacement), ascending.
    public let parameterIndexesDeclaring: NameTable<[Int]>
    /// Subsets rules ask for on every trigger, computed once per release.
    public let requiredParameters: [ParameterSpec]
    public let deprecatedParameters: [ParameterSpec]
    public let announcedParameters: [ParameterSpec]
    /// Every source any parameter or untagged key of a name is read from (a scaler may declare
    /// one name twice, e.g. a deprecated metadata field next to the current one). Rules ask this
    /// for every metadata key of every trigger; built once with the catalog.
    private let sourcesByName: NameTable<ParameterSources>

    public init(type: String, sharesConstructorWith: [String], untyped: Bool, acceptsArbitraryKeys: Bool,
                validateSummary: String?, nestedValidateSummaries: [String], parameters: [ParameterSpec],
                untaggedKeys: [(name: String, sources: [ParameterSource])], untaggedKeyPrefixes: [String]) {
        self.type = type
        self.sharesConstructorWith = sharesConstructorWith
        self.untyped = untyped
        self.acceptsArbitraryKeys = acceptsArbitraryKeys
        self.validateSummary = validateSummary
        self.nestedValidateSummaries = nestedValidateSummaries
        self.parameters = parameters
        self.untaggedKeys = untaggedKeys
        self.untaggedKeyPrefixes = untaggedKeyPrefixes
        acceptedMetadataKeys = NameTable(names: Self.metadataKeys(parameters, untaggedKeys).sorted())
        var indexes: [String: [Int]] = [:]
        for (i, p) in parameters.enumerated() {
            for n in Set(p.names) { indexes[n, default: []].append(i) }
        }
        // The first parameter declaring a name wins, as a linear search would find it.
        parametersByName = NameTable(parameters.lazy.flatMap { p in p.names.map { ($0, p) } })
        parameterIndexesDeclaring = NameTable(indexes.sorted { $0.key < $1.key }.map { ($0.key, $0.value) })
        requiredParameters = parameters.filter { $0.required == true && !$0.parsedByHand }
        deprecatedParameters = parameters.filter { $0.deprecated != nil }
        announcedParameters = parameters.filter { $0.deprecatedAnnounce != nil }
        var sources: [String: ParameterSources] = [:]
        for p in parameters {
            for n in p.names { sources[n, default: []].formUnion(ParameterSources(p.sources)) }
        }
        for k in untaggedKeys { sources[k.name, default: []].formUnion(ParameterSources(k.sources)) }
        sourcesByName = NameTable(sources.sorted { $0.key < $1.key }.map { ($0.key, $0.value) })
    }

    /// Where the scaler reads `name` from; nil if no parameter or untagged key has that name.
    public func sources(ofName name: String) -> ParameterSources? {
        sourcesByName[name]
    }

    public static func == (a: ScalerSpec, b: ScalerSpec) -> Bool { a === b || (a.type == b.type && a.parameters == b.parameters) }
    public func hash(into h: inout Hasher) { h.combine(type) }

    /// The parameter that answers to `name` (any of its names).
    public func parameter(named name: String) -> ParameterSpec? {
        parametersByName[name]
    }

    private static func metadataKeys(_ parameters: [ParameterSpec], _ untaggedKeys: [(name: String, sources: [ParameterSource])]) -> Set<String> {
        var keys: Set<String> = []
        for p in parameters {
            for n in p.names {
                if p.accepts(from: .metadata) { keys.insert(n) }
                if p.accepts(from: .environment) { keys.insert(n + "FromEnv") }
            }
        }
        for k in untaggedKeys {
            if k.sources.contains(.metadata) { keys.insert(k.name) }
            if k.sources.contains(.environment) { keys.insert(k.name + "FromEnv") }
        }
        return keys
    }
}

/// The trigger types of one KEDA release and their parameters, compiled in from KEDA's source
/// by scripts/generate-tables.py.
/// A class: rules fetch it per trigger, and copying a struct of five references cost five
/// retains and releases each time.
public final class ScalerCatalog: Sendable {
    public let version: KEDAVersion
    public let commit: String
    /// How this release's typed config converts `time.Duration` fields, in words.
    public let durationSemantics: String
    /// Whether and when this release warns about metadata keys no scaler field reads, in words.
    public let unexpectedParamsSemantics: String
    public let scalers: [String: ScalerSpec]
    /// Sorted trigger type names, including KEDA's test-only `external-mock` if present.
    public let types: [String]

    /// Test doubles KEDA registers that no user should write.
    public static let testOnlyTypes: Set<String> = ["external-mock"]

    /// Trigger types a user may write.
    public var userFacingTypes: [String] { types.filter { !ScalerCatalog.testOnlyTypes.contains($0) } }

    /// `scalers` for the lookup rules make per trigger (see `NameTable`).
    private let scalersByType: NameTable<ScalerSpec>

    public func scaler(_ type: String) -> ScalerSpec? { scalersByType[type] }

    init(version: KEDAVersion, commit: String, durationSemantics: String, unexpectedParamsSemantics: String,
         scalers: [String: ScalerSpec], types: [String]) {
        self.version = version
        self.commit = commit
        self.durationSemantics = durationSemantics
        self.unexpectedParamsSemantics = unexpectedParamsSemantics
        self.scalers = scalers
        self.types = types
        self.scalersByType = NameTable(types.compactMap { type in scalers[type].map { (type, $0) } })
    }

    public static func forVersion(_ version: KEDAVersion) -> ScalerCatalog {
        CatalogCache.catalog(version)
    }
}

/// Each release's catalog is decoded on first use. Static lets give that once-only
/// initialisation without a lock on every later access (rules ask for the catalog per trigger).
private enum CatalogCache {
    static let v2_17_0 = load(.v2_17_0)
    static let v2_18_0 = load(.v2_18_0)
    static let v2_19_0 = load(.v2_19_0)
    static let v2_20_2 = load(.v2_20_2)
    static let main = load(.main)

    static func catalog(_ version: KEDAVersion) -> ScalerCatalog {
        switch version {
        case .v2_17_0: return v2_17_0
        case .v2_18_0: return v2_18_0
        case .v2_19_0: return v2_19_0
        case .v2_20_2: return v2_20_2
        case .main: return main
        }
    }

    private static func load(_ version: KEDAVersion) -> ScalerCatalog {
        ScalerCatalog.decode(version: version, json: GeneratedScalerCatalogs.json(version: version.rawValue) ?? "{}")
    }
}

extension ScalerCatalog {
    static func decode(version: KEDAVersion, json: String) -> ScalerCatalog {
        let root = JSONParser.parse(json).documents.first?.root ?? .null
        var scalers: [String: ScalerSpec] = [:]
        for s in root["scalers"]?.sequenceValue ?? [] {
            guard let type = s["type"]?.stringValue else { continue }
            let params = (s["params"]?.sequenceValue ?? []).map(decodeParameter)
            let untagged = (s["untagged"]?.sequenceValue ?? []).map {
                (name: $0["n"]?.stringValue ?? "", sources: decodeSources($0["src"]?.stringValue ?? ""))
            }
            scalers[type] = ScalerSpec(
                type: type,
                sharesConstructorWith: strings(s["shares"]),
                untyped: s["untyped"]?.boolValue ?? false,
                acceptsArbitraryKeys: s["arbitrary"]?.boolValue ?? false,
                validateSummary: s["validate"]?.stringValue,
                nestedValidateSummaries: strings(s["nestedValidate"]),
                parameters: params,
                untaggedKeys: untagged,
                untaggedKeyPrefixes: strings(s["prefixes"]))
        }
        return ScalerCatalog(version: version, commit: root["commit"]?.stringValue ?? "",
                             durationSemantics: root["semantics"]?["duration"]?.stringValue ?? "",
                             unexpectedParamsSemantics: root["semantics"]?["unexpectedParams"]?.stringValue ?? "",
                             scalers: scalers,
                             types: scalers.keys.sorted())
    }

    private static func strings(_ node: Node?) -> [String] { node?.sequenceValue?.compactMap(\.stringValue) ?? [] }

    private static func decodeSources(_ code: String) -> [ParameterSource] {
        code.compactMap {
            switch $0 {
            case "m": return .metadata
            case "e": return .environment
            case "a": return .authentication
            default: return nil
            }
        }
    }

    private static func decodeParameter(_ p: Node) -> ParameterSpec {
        let names = strings(p["n"])
        let requiredNode = p["req"]
        let required: Bool? = requiredNode == nil ? false : requiredNode!.boolValue
        return ParameterSpec(
            name: names.first ?? "",
            names: names,
            sources: decodeSources(p["src"]?.stringValue ?? ""),
            optional: p["opt"]?.boolValue ?? false,
            required: required,
            defaultValue: p["def"]?.stringValue,
            valueType: decodeValueType(p["vt"]),
            allowedValues: strings(p["enum"]),
            exclusiveSet: strings(p["excl"]),
            deprecated: p["dep"]?.stringValue,
            deprecatedAnnounce: p["depA"]?.stringValue,
            parsedByHand: p["hand"]?.boolValue ?? false,
            goType: p["go"]?.stringValue,
            separator: p["sep"]?.stringValue)
    }

    private static func decodeValueType(_ vt: Node?) -> ParameterValueType {
        let bits = vt?["bits"]?.intValue.map(Int.init) ?? 64
        switch vt?["k"]?.stringValue {
        case "string": return .string
        case "bool": return .bool
        case "int": return bits == 64 ? .integer : .sizedInteger(bits: bits, signed: true)
        case "uint": return bits == 64 ? .unsignedInteger : .sizedInteger(bits: bits, signed: false)
        // float32 overflow is not modelled: accepting more than KEDA is the safe side.
        case "float": return .float
        case "duration": return .duration
        case "map": return .map(separator: vt?["sep"]?.stringValue ?? ",")
        case "query": return .urlQuery
        case "list":
            return .list(element: decodeValueType(vt?["elem"]), separator: vt?["sep"]?.stringValue ?? ",",
                         range: vt?["range"]?.stringValue)
        default: return .unknown
        }
    }
}
