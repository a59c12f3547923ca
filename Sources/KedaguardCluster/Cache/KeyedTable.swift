import KedaguardCore

/// Objects kept as the core's info structs, for kinds that are few per namespace (LimitRanges)
/// or small and not worth packing (TriggerAuthentications, Secrets' key names).
struct KeyedTable<Value> {
    private var values: [String: (value: Value, generation: UInt8)] = [:]
    private var namesByNamespace: [String: Set<String>] = [:]
    private var generation: UInt8 = 0

    var count: Int { values.count }

    static func key(_ namespace: String, _ name: String) -> String { "\(namespace)/\(name)" }

    mutating func upsert(_ value: Value, namespace: String, name: String) {
        values[Self.key(namespace, name)] = (value, generation)
        namesByNamespace[namespace, default: []].insert(name)
    }

    mutating func delete(namespace: String, name: String) {
        values[Self.key(namespace, name)] = nil
        namesByNamespace[namespace]?.remove(name)
        if namesByNamespace[namespace]?.isEmpty == true { namesByNamespace[namespace] = nil }
    }

    mutating func beginRelist() { generation &+= 1 }

    mutating func endRelist() {
        for (namespace, names) in namesByNamespace {
            for name in names where values[Self.key(namespace, name)]?.generation != generation {
                delete(namespace: namespace, name: name)
            }
        }
    }

    func named(namespace: String, name: String) -> Value? { values[Self.key(namespace, name)]?.value }

    func inNamespace(_ namespace: String) -> [Value] {
        (namesByNamespace[namespace] ?? []).sorted().compactMap { values[Self.key(namespace, $0)]?.value }
    }
}
