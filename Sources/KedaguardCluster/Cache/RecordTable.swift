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

/// A table of compact records with secondary chains through them (`HPATable`,
/// `ScaledObjectTable`). Storing, deleting and the relist sweep work the same way for every
/// such table; each table says how its records join and leave its chains.
protocol ChainedRecordTable {
    associatedtype Record: CompactRecord
    var table: RecordTable<Record> { get set }
    /// Threads a stored record into the table's secondary chains.
    mutating func link(_ index: UInt32)
    /// Unlinks the record and releases its strings; `keepSlot` when it is about to be overwritten.
    mutating func remove(at index: UInt32, strings: inout StringTable, keepSlot: Bool)
}

extension ChainedRecordTable {
    /// Stores `record`, replacing an object of the same namespace and name in place, and links
    /// it; returns its index.
    @discardableResult
    mutating func store(_ record: Record, strings: inout StringTable) -> UInt32 {
        let index: UInt32
        if let existing = table.index(of: record.key) {
            remove(at: existing, strings: &strings, keepSlot: true)
            table.replace(at: existing, with: record)
            index = existing
        } else {
            index = table.insert(record)
        }
        link(index)
        return index
    }

    mutating func delete(namespace: String, name: String, strings: inout StringTable) {
        guard let ns = strings.id(of: namespace), let n = strings.id(of: name),
              let index = table.index(of: NameKey(namespace: ns, name: n)) else { return }
        remove(at: index, strings: &strings, keepSlot: false)
    }

    mutating func beginRelist() { table.beginGeneration() }

    /// Drops what the relist did not write: objects deleted while no watch was running.
    mutating func endRelist(strings: inout StringTable) {
        for index in table.stale() { remove(at: index, strings: &strings, keepSlot: false) }
    }
}
