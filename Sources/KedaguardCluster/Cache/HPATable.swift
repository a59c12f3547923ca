import KedaguardCore

/// One HorizontalPodAutoscaler, reduced to what conflict checks read.
struct HPARecord: CompactRecord {
    var key: NameKey
    var targetAPIVersion: UInt32
    var target: TargetKey
    /// The first owner reference (apiVersion, kind, name); further ones are rare and kept aside.
    var ownerAPIVersion: UInt32
    var ownerKind: UInt32
    var ownerName: UInt32
    /// Value of `validations.keda.sh/hpa-ownership`, valid when `hasOwnershipAnnotation`.
    var ownershipAnnotation: UInt32
    /// `target.namespace` is `key.namespace` and holds no reference of its own.
    /// Next HPA with the same target, as record index + 1 (0 ends the chain).
    var nextSameTarget: UInt32
    var generation: UInt8
    var hasOwner: Bool
    var hasOwnershipAnnotation: Bool
    var hasMoreOwners: Bool

    func release(into strings: inout StringTable) {
        for id in [key.namespace, key.name, targetAPIVersion, target.group, target.kind, target.name,
                   ownerAPIVersion, ownerKind, ownerName, ownershipAnnotation] {
            strings.release(id)
        }
    }
}

/// HPAs by (namespace, name) and by scale target.
struct HPATable: ChainedRecordTable {
    /// Annotations of an HPA that rules read; all others are dropped.
    static let keptAnnotation = ForeignHPAConflictRule.hpaOwnershipAnnotation

    var table = RecordTable<HPARecord>()
    private var byTarget: [TargetKey: UInt32] = [:]
    private var moreOwners: [UInt32: [OwnerReference]] = [:]

    var count: Int { table.count }
    var footprint: Int {
        table.footprint + byTarget.capacity * (MemoryLayout<TargetKey>.stride + 4) + byTarget.capacity / 8
    }

    mutating func upsert(_ info: HPAInfo, strings: inout StringTable) {
        let ns = strings.retain(info.namespace)
        let name = strings.retain(info.name)
        var record = HPARecord(
            key: NameKey(namespace: ns, name: name),
            targetAPIVersion: strings.retain(info.target.apiVersion),
            target: TargetKey(namespace: ns, group: strings.retain(info.target.group),
                              kind: strings.retain(info.target.kind), name: strings.retain(info.target.name)),
            ownerAPIVersion: 0, ownerKind: 0, ownerName: 0, ownershipAnnotation: 0, nextSameTarget: 0,
            generation: 0, hasOwner: false, hasOwnershipAnnotation: false, hasMoreOwners: info.ownerReferences.count > 1)
        if let owner = info.ownerReferences.first {
            record.hasOwner = true
            record.ownerAPIVersion = strings.retain(owner.apiVersion)
            record.ownerKind = strings.retain(owner.kind)
            record.ownerName = strings.retain(owner.name)
        }
        if let value = info.annotations[Self.keptAnnotation] {
            record.hasOwnershipAnnotation = true
            record.ownershipAnnotation = strings.retain(value)
        }
        let index = store(record, strings: &strings)
        if record.hasMoreOwners { moreOwners[index] = Array(info.ownerReferences.dropFirst()) }
    }

    func targeting(_ target: WorkloadRef, strings: StringTable) -> [HPAInfo] {
        guard let key = Self.key(target, strings) else { return [] }
        var out: [HPAInfo] = []
        var next = byTarget[key] ?? 0
        while next != 0 {
            let record = table[next - 1]
            out.append(info(next - 1, strings))
            next = record.nextSameTarget
        }
        return out
    }

    func named(namespace: String, name: String, strings: StringTable) -> HPAInfo? {
        guard let ns = strings.id(of: namespace), let n = strings.id(of: name),
              let index = table.index(of: NameKey(namespace: ns, name: n)) else { return nil }
        return info(index, strings)
    }

    static func key(_ target: WorkloadRef, _ strings: StringTable) -> TargetKey? {
        guard let ns = strings.id(of: target.namespace), let g = strings.id(of: target.group),
              let k = strings.id(of: target.kind), let n = strings.id(of: target.name) else { return nil }
        return TargetKey(namespace: ns, group: g, kind: k, name: n)
    }

    private func info(_ index: UInt32, _ strings: StringTable) -> HPAInfo {
        let r = table[index]
        var owners: [OwnerReference] = []
        if r.hasOwner {
            owners.append(OwnerReference(apiVersion: strings.string(r.ownerAPIVersion), kind: strings.string(r.ownerKind),
                                         name: strings.string(r.ownerName)))
        }
        owners += moreOwners[index] ?? []
        let ns = strings.string(r.key.namespace)
        return HPAInfo(namespace: ns, name: strings.string(r.key.name),
                       target: WorkloadRef(namespace: ns, apiVersion: strings.string(r.targetAPIVersion),
                                           kind: strings.string(r.target.kind), name: strings.string(r.target.name)),
                       ownerReferences: owners,
                       annotations: r.hasOwnershipAnnotation ? [Self.keptAnnotation: strings.string(r.ownershipAnnotation)] : [:])
    }

    mutating func link(_ index: UInt32) {
        var record = table[index]
        record.nextSameTarget = byTarget[record.target] ?? 0
        table[index] = record
        byTarget[record.target] = index + 1
    }

    private mutating func unlink(_ index: UInt32) {
        let target = table[index].target
        Chain.unlink(index, head: &byTarget[target], next: \.nextSameTarget, in: &table)
    }

    mutating func remove(at index: UInt32, strings: inout StringTable, keepSlot: Bool) {
        unlink(index)
        table[index].release(into: &strings)
        moreOwners[index] = nil
        if !keepSlot { _ = table.remove(at: index) }
    }
}
