/// (namespace, name) of a cached object, as string-table ids.
struct NameKey: Hashable {
    var namespace: UInt32
    var name: UInt32
}

/// The identity of a scale target for conflict checks: namespace, API group, kind, name.
/// The version is not part of it: one object is served under every version of its group.
struct TargetKey: Hashable {
    var namespace: UInt32
    var group: UInt32
    var kind: UInt32
    var name: UInt32
}

/// A fixed-size record of interned ids, stored by value in a `RecordTable`.
protocol CompactRecord {
    var key: NameKey { get }
    /// The relist generation in which the record was last written; see `RecordTable.sweep`.
    var generation: UInt8 { get set }
    /// Gives back every string the record holds.
    func release(into strings: inout StringTable)
}

/// Records in one contiguous array, found by (namespace, name), with slots of deleted records
/// reused. Secondary indexes are chains through the records, kept by the owning table.
struct RecordTable<Record: CompactRecord> {
    private(set) var records: [Record] = []
    private var alive: [Bool] = []
    private var free: [UInt32] = []
    private var byName: [NameKey: UInt32] = [:]
    /// Bumped at the start of each relist; records not written since are swept at its end.
    private(set) var generation: UInt8 = 0

    var count: Int { byName.count }

    var footprint: Int {
        records.capacity * MemoryLayout<Record>.stride + alive.capacity + free.capacity * 4
            + byName.capacity * (MemoryLayout<NameKey>.stride + 4) + byName.capacity / 8
    }

    func index(of key: NameKey) -> UInt32? { byName[key] }

    subscript(index: UInt32) -> Record {
        get { records[Int(index)] }
        set { records[Int(index)] = newValue }
    }

    func isAlive(_ index: UInt32) -> Bool { alive[Int(index)] }

    mutating func insert(_ record: Record) -> UInt32 {
        var record = record
        record.generation = generation
        let index: UInt32
        if let reused = free.popLast() {
            index = reused
            records[Int(index)] = record
            alive[Int(index)] = true
        } else {
            index = UInt32(records.count)
            records.append(record)
            alive.append(true)
        }
        byName[record.key] = index
        return index
    }

    /// Overwrites a live record in place (an update of the same object).
    mutating func replace(at index: UInt32, with record: Record) {
        var record = record
        record.generation = generation
        records[Int(index)] = record
    }

    /// Removes the record from the name index; the caller unlinks secondary chains first and
    /// releases its strings.
    mutating func remove(at index: UInt32) -> Record {
        let record = records[Int(index)]
        byName[record.key] = nil
        alive[Int(index)] = false
        free.append(index)
        return record
    }

    mutating func beginGeneration() {
        generation &+= 1
    }

    /// Records not written during the current generation: objects deleted while no watch was
    /// running, found out by a relist.
    func stale() -> [UInt32] {
        var out: [UInt32] = []
        for i in records.indices where alive[i] && records[i].generation != generation { out.append(UInt32(i)) }
        return out
    }

    func allIndices() -> [UInt32] {
        records.indices.filter { alive[$0] }.map(UInt32.init)
    }
}
