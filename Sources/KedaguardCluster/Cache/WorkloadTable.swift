import KedaguardCore

/// One Deployment or StatefulSet: its pod template's containers, as string-table ids in one
/// array (one allocation per workload, however many containers).
///
/// Layout: container count, then per container: name, envFrom flag, request count, request
/// (resource, quantity) pairs, limit count, limit pairs, env count, env names.
struct WorkloadRecord: CompactRecord {
    var key: NameKey
    var apiVersion: UInt32
    var containers: [UInt32]
    var generation: UInt8

    func release(into strings: inout StringTable) {
        strings.release(key.namespace)
        strings.release(key.name)
        strings.release(apiVersion)
        Self.forEachString(in: containers) { strings.release($0) }
    }

    static func encode(_ containers: [ContainerInfo], strings: inout StringTable) -> [UInt32] {
        var out: [UInt32] = [UInt32(containers.count)]
        for c in containers {
            out.append(strings.retain(c.name))
            out.append(c.hasEnvFrom ? 1 : 0)
            for map in [c.requests, c.limits] {
                out.append(UInt32(map.count))
                for (k, v) in map.sorted(by: { $0.key < $1.key }) {
                    out.append(strings.retain(k))
                    out.append(strings.retain(v))
                }
            }
            out.append(UInt32(c.envNames.count))
            for e in c.envNames.sorted() { out.append(strings.retain(e)) }
        }
        return out
    }

    static func decode(_ data: [UInt32], strings: StringTable) -> [ContainerInfo] {
        var i = 1
        var out: [ContainerInfo] = []
        for _ in 0..<Int(data.first ?? 0) {
            let name = strings.string(data[i]); i += 1
            let envFrom = data[i] != 0; i += 1
            var maps: [[String: String]] = []
            for _ in 0..<2 {
                var map: [String: String] = [:]
                let n = Int(data[i]); i += 1
                for _ in 0..<n {
                    map[strings.string(data[i])] = strings.string(data[i + 1])
                    i += 2
                }
                maps.append(map)
            }
            var env: Set<String> = []
            let n = Int(data[i]); i += 1
            for _ in 0..<n {
                env.insert(strings.string(data[i]))
                i += 1
            }
            out.append(ContainerInfo(name: name, requests: maps[0], limits: maps[1], envNames: env, hasEnvFrom: envFrom))
        }
        return out
    }

    static func forEachString(in data: [UInt32], _ body: (UInt32) -> Void) {
        var i = 1
        for _ in 0..<Int(data.first ?? 0) {
            body(data[i]); i += 2
            for _ in 0..<2 {
                let n = Int(data[i]); i += 1
                for _ in 0..<(2 * n) { body(data[i]); i += 1 }
            }
            let n = Int(data[i]); i += 1
            for _ in 0..<n { body(data[i]); i += 1 }
        }
    }
}

/// Workloads of one kind (Deployments or StatefulSets) by (namespace, name).
struct WorkloadTable {
    private(set) var table = RecordTable<WorkloadRecord>()

    var count: Int { table.count }
    var footprint: Int {
        table.footprint + table.allIndices().reduce(0) { $0 + 32 + table[$1].containers.capacity * 4 }
    }

    mutating func upsert(_ info: WorkloadInfo, strings: inout StringTable) {
        let record = WorkloadRecord(key: NameKey(namespace: strings.retain(info.ref.namespace), name: strings.retain(info.ref.name)),
                                    apiVersion: strings.retain(info.ref.apiVersion),
                                    containers: WorkloadRecord.encode(info.containers, strings: &strings), generation: 0)
        if let existing = table.index(of: record.key) {
            table[existing].release(into: &strings)
            table.replace(at: existing, with: record)
        } else {
            _ = table.insert(record)
        }
    }

    mutating func delete(namespace: String, name: String, strings: inout StringTable) {
        guard let ns = strings.id(of: namespace), let n = strings.id(of: name),
              let index = table.index(of: NameKey(namespace: ns, name: n)) else { return }
        table[index].release(into: &strings)
        _ = table.remove(at: index)
    }

    mutating func beginRelist() { table.beginGeneration() }

    mutating func endRelist(strings: inout StringTable) {
        for index in table.stale() {
            table[index].release(into: &strings)
            _ = table.remove(at: index)
        }
    }

    func named(namespace: String, name: String, kind: String, strings: StringTable) -> WorkloadInfo? {
        guard let ns = strings.id(of: namespace), let n = strings.id(of: name),
              let index = table.index(of: NameKey(namespace: ns, name: n)) else { return nil }
        let r = table[index]
        return WorkloadInfo(ref: WorkloadRef(namespace: namespace, apiVersion: strings.string(r.apiVersion), kind: kind, name: name),
                            containers: WorkloadRecord.decode(r.containers, strings: strings))
    }
}
