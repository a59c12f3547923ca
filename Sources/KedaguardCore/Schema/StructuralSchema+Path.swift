/// Lets semantic rules ask whether the CRD of the version being checked already enforces a
/// constraint, so a value outside it is reported once (by the schema-* rule) and not twice.
extension StructuralSchema {
    /// The schema of the field at `keys` (array items are entered with "*").
    public func field(_ keys: [String]) -> StructuralSchema? {
        var current: StructuralSchema? = self
        for key in keys {
            if key == "*" { current = current?.items } else { current = current?.properties[key] }
        }
        return current
    }

    /// The schema of `kind` for `version`, at `path` under the object root.
    public static func field(_ kind: ResourceKind, _ version: KEDAVersion, _ path: String...) -> StructuralSchema? {
        forKind(kind, version: version)?.field(path)
    }
}
