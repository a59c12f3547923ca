/// Renders the scaler catalog for `kedaguard scalers`: all trigger types, or one type's parameters.
public enum ScalerListing {
    // MARK: Text

    public static func typesText(_ catalog: ScalerCatalog) -> String {
        var rows: [[String]] = [["TYPE", "PARAMETERS", "REQUIRED", "NOTES"]]
        for type in catalog.userFacingTypes {
            guard let s = catalog.scaler(type) else { continue }
            rows.append([type, String(s.parameters.count), s.untyped ? "?" : String(s.parameters.filter { $0.required == true }.count), notes(s)])
        }
        return "Trigger types of KEDA \(catalog.version) (\(catalog.userFacingTypes.count)); `kedaguard scalers TYPE` lists one type's parameters.\n\n"
            + table(rows)
    }

    public static func scalerText(_ s: ScalerSpec, catalog: ScalerCatalog) -> String {
        var out = "\(s.type) (KEDA \(catalog.version)): \(s.parameters.count) parameters"
        let n = notes(s)
        if !n.isEmpty { out += "; \(n)" }
        out += "\n"
        if !s.sharesConstructorWith.isEmpty { out += "Same parameters as: \(s.sharesConstructorWith.joined(separator: ", "))\n" }
        if let v = s.validateSummary { out += "Also checked by the scaler: \(v)\n" }
        for v in s.nestedValidateSummaries { out += "Also checked by the scaler: \(v)\n" }
        out += "Sources: meta = metadata.<name>, env = metadata.<name>FromEnv naming an env var of the target's container, auth = a TriggerAuthentication parameter.\n\n"
        var rows: [[String]] = [["NAME", "SOURCES", "REQUIRED", "DEFAULT", "TYPE", "ALLOWED VALUES", "DEPRECATED"]]
        for p in s.parameters {
            var allowed = p.allowedValues.joined(separator: "|")
            if !p.exclusiveSet.isEmpty { allowed += (allowed.isEmpty ? "" : " ") + "(at most one of \(p.exclusiveSet.joined(separator: "|")))" }
            let deprecated = p.deprecated.map { _ in "rejected" } ?? p.deprecatedAnnounce.map { _ in "announced" } ?? ""
            rows.append([p.displayNames, p.sources.map(\.shortName).joined(separator: " "), requiredText(p),
                         p.defaultValue ?? "", typeText(p), allowed.isEmpty ? "" : allowed, deprecated])
        }
        out += table(rows)
        let deprecations = s.parameters.compactMap { p -> String? in
            if let d = p.deprecated { return "  \(p.name): rejected: \(d)" }
            if let d = p.deprecatedAnnounce { return "  \(p.name): still read, announced: \(d)" }
            return nil
        }
        if !deprecations.isEmpty { out += "\nDeprecated:\n" + deprecations.joined(separator: "\n") + "\n" }
        if !s.untaggedKeys.isEmpty {
            out += "\nAlso read outside typed config (type and requiredness not known):\n"
            out += table(s.untaggedKeys.map { ["  " + $0.name, $0.sources.map(\.shortName).joined(separator: " ")] })
        }
        if !s.untaggedKeyPrefixes.isEmpty {
            out += "\nAny metadata key starting with: \(s.untaggedKeyPrefixes.joined(separator: ", "))\n"
        }
        return out
    }

    private static func notes(_ s: ScalerSpec) -> String {
        var n: [String] = []
        if s.untyped { n.append("parsed by hand: types and requiredness unknown") }
        if s.acceptsArbitraryKeys { n.append("forwards every metadata key") }
        return n.joined(separator: "; ")
    }

    private static func requiredText(_ p: ParameterSpec) -> String {
        switch p.required {
        case true?: return "yes"
        case false?: return "no"
        case nil: return "?"
        }
    }

    private static func typeText(_ p: ParameterSpec) -> String {
        if p.parsedByHand || p.valueType == .unknown { return "?" }
        let go = p.goType ?? ""
        let kind = p.valueType.summary
        return go.isEmpty || go == kind ? kind : "\(kind) (\(go))"
    }

    /// Left-aligned columns, two spaces apart, trailing blanks trimmed.
    static func table(_ rows: [[String]]) -> String {
        let columns = rows.map(\.count).max() ?? 0
        var widths = [Int](repeating: 0, count: columns)
        for row in rows { for (i, cell) in row.enumerated() { widths[i] = max(widths[i], cell.count) } }
        var out = ""
        for row in rows {
            var line = ""
            for (i, cell) in row.enumerated() {
                line += cell
                if i + 1 < row.count { line += String(repeating: " ", count: widths[i] - cell.count + 2) }
            }
            while line.last == " " { line.removeLast() }
            out += line + "\n"
        }
        return out
    }

    // MARK: JSON

    public static func typesJSON(_ catalog: ScalerCatalog) -> String {
        let types = catalog.userFacingTypes.compactMap(catalog.scaler).map { s -> Node in
            .mapping([
                ("type", .string(s.type)),
                ("parameters", .int(s.parameters.count)),
                ("requiredParameters", s.untyped ? .null : .int(s.parameters.filter { $0.required == true }.count)),
                ("untyped", .bool(s.untyped)),
                ("acceptsArbitraryKeys", .bool(s.acceptsArbitraryKeys)),
            ])
        }
        return JSONWriter.writePretty(.mapping([
            ("kedaVersion", .string(catalog.version.rawValue)),
            ("commit", .string(catalog.commit)),
            ("types", .sequence(types)),
        ]))
    }

    public static func scalerJSON(_ s: ScalerSpec, catalog: ScalerCatalog) -> String {
        func strings(_ a: [String]) -> Node { .sequence(a.map(Node.string)) }
        func optional(_ s: String?) -> Node { s.map(Node.string) ?? .null }
        let parameters = s.parameters.map { p -> Node in
            var keys: [String] = []
            if p.accepts(from: .metadata) { keys += p.names }
            if p.accepts(from: .environment) { keys += p.names.map { $0 + "FromEnv" } }
            return .mapping([
                ("name", .string(p.name)),
                ("names", strings(p.names)),
                ("sources", strings(p.sources.map(\.rawValue))),
                ("metadataKeys", strings(keys)),
                ("required", p.required.map(Node.bool) ?? .null),
                ("optional", .bool(p.optional)),
                ("default", optional(p.defaultValue)),
                ("goType", optional(p.goType)),
                ("valueType", p.parsedByHand ? .null : .string(p.valueType.summary)),
                ("allowedValues", strings(p.allowedValues)),
                ("exclusiveSet", strings(p.exclusiveSet)),
                ("separator", optional(p.separator)),
                ("deprecated", optional(p.deprecated)),
                ("deprecatedAnnounce", optional(p.deprecatedAnnounce)),
                ("parsedByHand", .bool(p.parsedByHand)),
            ])
        }
        let untagged = s.untaggedKeys.map { k -> Node in
            .mapping([("name", .string(k.name)), ("sources", strings(k.sources.map(\.rawValue)))])
        }
        return JSONWriter.writePretty(.mapping([
            ("kedaVersion", .string(catalog.version.rawValue)),
            ("type", .string(s.type)),
            ("untyped", .bool(s.untyped)),
            ("acceptsArbitraryKeys", .bool(s.acceptsArbitraryKeys)),
            ("sharesConstructorWith", strings(s.sharesConstructorWith)),
            ("validate", optional(s.validateSummary)),
            ("nestedValidate", strings(s.nestedValidateSummaries)),
            ("parameters", .sequence(parameters)),
            ("untaggedKeys", .sequence(untagged)),
            ("keyPrefixes", strings(s.untaggedKeyPrefixes)),
        ]))
    }
}

extension ParameterSource {
    /// meta, env, auth: column text.
    public var shortName: String {
        switch self {
        case .metadata: return "meta"
        case .environment: return "env"
        case .authentication: return "auth"
        }
    }
}

extension ParameterValueType {
    /// "integer", "list of integer (ranges a-b)", "duration", ...
    public var summary: String {
        switch self {
        case .string: return "string"
        case .bool: return "boolean"
        case .integer: return "integer"
        case .unsignedInteger: return "unsigned integer"
        case .sizedInteger(let bits, let signed): return "\(signed ? "" : "unsigned ")\(bits)-bit integer"
        case .float: return "number"
        case .duration: return "duration"
        case .list(let element, let separator, let range):
            var s = "list of \(element.summary)"
            if separator != "," { s += " separated by \"\(separator)\"" }
            if let range { s += ", ranges a\(range)b" }
            return s
        case .map(let separator): return separator == "," ? "map k=v,..." : "map k=v\(separator)..."
        case .urlQuery: return "URL query"
        case .unknown: return "?"
        }
    }
}
