import KedaguardCore

/// One ScaledObject, reduced to its scale target and the name of the HPA KEDA gives it.
struct ScaledObjectRecord: CompactRecord {
    var key: NameKey
    var targetAPIVersion: UInt32
    /// `target.namespace` is `key.namespace` and holds no reference of its own.
    var target: TargetKey
    /// A custom HPA name (advanced.horizontalPodAutoscalerConfig.name); 0 for KEDA's default
    /// `keda-hpa-<name>`, which then costs nothing to store.
    var customHPAName: UInt32
    var nextSameTarget: UInt32
    var nextSameHPA: UInt32
    var generation: UInt8

    func release(into strings: inout StringTable) {
        for id in [key.namespace, key.name, targetAPIVersion, target.group, target.kind, target.name, customHPAName] {
            strings.release(id)
        }
    }
}

/// ScaledObjects by (namespace, name), by scale target and by HPA name.
struct ScaledObjectTable: ChainedRecordTable {
    static let defaultHPAPrefix = "keda-hpa-"

    var table = RecordTable<ScaledObjectRecord>()
    private var byTarget: [TargetKey: UInt32] = [:]
    private var byCustomHPA: [NameKey: UInt32] = [:]

    var count: Int { table.count }
    var footprint: Int {
        table.footprint + byTarget.capacity * (MemoryLayout<TargetKey>.stride + 4) + byTarget.capacity / 8
            + byCustomHPA.capacity * (MemoryLayout<NameKey>.stride + 4) + byCustomHPA.capacity / 8
    }

    mutating func upsert(_ info: ScaledObjectInfo, strings: inout StringTable) {
        let ns = strings.retain(info.namespace)
        let name = strings.retain(info.name)
        let custom = info.hpaName == Self.defaultHPAPrefix + info.name ? 0 : strings.retain(info.hpaName)
        let record = ScaledObjectRecord(
            key: NameKey(namespace: ns, name: name),
            targetAPIVersion: strings.retain(info.target.apiVersion),
            target: TargetKey(namespace: ns, group: strings.retain(info.target.group),
                              kind: strings.retain(info.target.kind), name: strings.retain(info.target.name)),
            customHPAName: custom, nextSameTarget: 0, nextSameHPA: 0, generation: 0)
        store(record, strings: &strings)
    }

    func targeting(_ target: WorkloadRef, strings: StringTable) -> [ScaledObjectInfo] {
        guard let key = HPATable.key(target, strings) else { return [] }
        var out: [ScaledObjectInfo] = []
        var next = byTarget[key] ?? 0
        while next != 0 {
            out.append(info(next - 1, strings))
            next = table[next - 1].nextSameTarget
        }
        return out
    }

    func withHPAName(namespace: String, hpaName: String, strings: StringTable) -> [ScaledObjectInfo] {
        guard let ns = strings.id(of: namespace) else { return [] }
        var out: [ScaledObjectInfo] = []
        if let custom = strings.id(of: hpaName) {
            var next = byCustomHPA[NameKey(namespace: ns, name: custom)] ?? 0
            while next != 0 {
                out.append(info(next - 1, strings))
                next = table[next - 1].nextSameHPA
            }
        }
        if hpaName.hasPrefix(Self.defaultHPAPrefix),
           let name = strings.id(of: String(hpaName.dropFirst(Self.defaultHPAPrefix.count))),
           let index = table.index(of: NameKey(namespace: ns, name: name)), table[index].customHPAName == 0 {
            out.append(info(index, strings))
        }
        return out
    }

    func named(namespace: String, name: String, strings: StringTable) -> ScaledObjectInfo? {
        guard let ns = strings.id(of: namespace), let n = strings.id(of: name),
              let index = table.index(of: NameKey(namespace: ns, name: n)) else { return nil }
        return info(index, strings)
    }

    private func info(_ index: UInt32, _ strings: StringTable) -> ScaledObjectInfo {
        let r = table[index]
        let ns = strings.string(r.key.namespace), name = strings.string(r.key.name)
        return ScaledObjectInfo(
            namespace: ns, name: name,
            target: WorkloadRef(namespace: ns, apiVersion: strings.string(r.targetAPIVersion),
                                kind: strings.string(r.target.kind), name: strings.string(r.target.name)),
            hpaName: r.customHPAName == 0 ? Self.defaultHPAPrefix + name : strings.string(r.customHPAName))
    }

    mutating func link(_ index: UInt32) {
        var record = table[index]
        record.nextSameTarget = byTarget[record.target] ?? 0
        byTarget[record.target] = index + 1
        if record.customHPAName != 0 {
            let key = NameKey(namespace: record.key.namespace, name: record.customHPAName)
            record.nextSameHPA = byCustomHPA[key] ?? 0
            byCustomHPA[key] = index + 1
        }
        table[index] = record
    }

    private mutating func unlink(_ index: UInt32) {
        let record = table[index]
        Chain.unlink(index, head: &byTarget[record.target], next: \.nextSameTarget, in: &table)
        if record.customHPAName != 0 {
            Chain.unlink(index, head: &byCustomHPA[NameKey(namespace: record.key.namespace, name: record.customHPAName)],
                         next: \.nextSameHPA, in: &table)
        }
    }

    mutating func remove(at index: UInt32, strings: inout StringTable, keepSlot: Bool) {
        unlink(index)
        table[index].release(into: &strings)
        if !keepSlot { _ = table.remove(at: index) }
    }
}

/// Singly linked lists threaded through records: heads hold record index + 1, 0 ends a list.
enum Chain {
    static func unlink<R: CompactRecord>(_ index: UInt32, head: inout UInt32?, next: WritableKeyPath<R, UInt32>,
                                         in table: inout RecordTable<R>) {
        guard let first = head else { return }
        if first == index + 1 {
            let following = table[index][keyPath: next]
            head = following == 0 ? nil : following
            return
        }
        var previous = first - 1
        while table[previous][keyPath: next] != 0 {
            if table[previous][keyPath: next] == index + 1 {
                table[previous][keyPath: next] = table[index][keyPath: next]
                return
            }
            previous = table[previous][keyPath: next] - 1
        }
    }
}
