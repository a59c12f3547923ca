/// Interned strings behind 32-bit ids, with reference counts so strings of deleted objects are
/// freed.
///
/// The cache holds names, namespaces, kinds and quantities of 100k+ objects; as Swift `String`s
/// in dictionaries each would cost 60-100 bytes (object header, hash table slot, second copy for
/// the reverse map). Here the bytes of all strings live in one arena and each distinct string
/// costs its length plus about 20 bytes: 12 in the id tables, 4-8 in the hash table.
/// Namespaces, kinds and quantities are shared by thousands of objects and cost nothing more.
///
/// Not thread-safe: the cache calls it under its lock.
struct StringTable {
    /// Id 0 is the empty string, never freed; `nil` fields are stored as 0 too.
    static let empty: UInt32 = 0

    private var arena: [UInt8] = []
    private var offsets: [UInt32] = [0]
    private var lengths: [UInt32] = [0]
    private var refcounts: [UInt32] = [1]
    private var freeIDs: [UInt32] = []
    /// Open addressing, linear probing: id + 1, 0 for empty, `tombstone` for deleted.
    private var slots: [UInt32] = Array(repeating: 0, count: 16)
    private var used = 0          // live ids in slots
    private var tombstones = 0
    private var deadBytes = 0

    private static let tombstone = UInt32.max

    var count: Int { offsets.count - freeIDs.count }

    /// Bytes held, for the benchmark's memory accounting.
    var footprint: Int {
        arena.capacity + offsets.capacity * 4 + lengths.capacity * 4 + refcounts.capacity * 4
            + freeIDs.capacity * 4 + slots.capacity * 4
    }

    // MARK: Reading

    func string(_ id: UInt32) -> String {
        if id == Self.empty { return "" }
        let start = Int(offsets[Int(id)]), length = Int(lengths[Int(id)])
        return arena.withUnsafeBufferPointer { buffer in
            String(decoding: UnsafeBufferPointer(rebasing: buffer[start..<start + length]), as: UTF8.self)
        }
    }

    /// The id of `s` if it is interned; queries use this so they never grow the table.
    func id(of s: String) -> UInt32? {
        if s.isEmpty { return Self.empty }
        var s = s
        return s.withUTF8 { find($0) }
    }

    // MARK: Writing

    /// Interns `s` (or takes another reference to it) and returns its id.
    mutating func retain(_ s: String) -> UInt32 {
        if s.isEmpty { return Self.empty }
        var s = s
        return s.withUTF8 { bytes -> UInt32 in
            if let id = find(bytes) {
                refcounts[Int(id)] += 1
                return id
            }
            return insert(bytes)
        }
    }

    /// Takes another reference to an id already held.
    mutating func retain(id: UInt32) {
        if id != Self.empty { refcounts[Int(id)] += 1 }
    }

    mutating func release(_ id: UInt32) {
        guard id != Self.empty else { return }
        let i = Int(id)
        refcounts[i] -= 1
        guard refcounts[i] == 0 else { return }
        removeSlot(for: id)
        deadBytes += Int(lengths[i])
        lengths[i] = 0
        freeIDs.append(id)
        if deadBytes > 1 << 20, deadBytes > arena.count / 2 { compactArena() }
    }

    // MARK: Hash table

    private static func hash(_ bytes: UnsafeBufferPointer<UInt8>) -> Int {
        // FNV-1a: short keys, no per-process seed needed (keys come from the API server, and
        // a collision flood would only slow one watch, not break it).
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for b in bytes {
            h ^= UInt64(b)
            h = h &* 0x100_0000_01b3
        }
        return Int(truncatingIfNeeded: h ^ (h >> 29))
    }

    private func equals(_ id: UInt32, _ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        let i = Int(id)
        guard Int(lengths[i]) == bytes.count else { return false }
        let start = Int(offsets[i])
        return arena.withUnsafeBufferPointer { buffer in
            for k in 0..<bytes.count where buffer[start + k] != bytes[k] { return false }
            return true
        }
    }

    private func find(_ bytes: UnsafeBufferPointer<UInt8>) -> UInt32? {
        let mask = slots.count - 1
        var index = Self.hash(bytes) & mask
        while true {
            let slot = slots[index]
            if slot == 0 { return nil }
            if slot != Self.tombstone, equals(slot - 1, bytes) { return slot - 1 }
            index = (index + 1) & mask
        }
    }

    private mutating func insert(_ bytes: UnsafeBufferPointer<UInt8>) -> UInt32 {
        if (used + tombstones + 1) * 2 > slots.count { rehash(capacity: max(16, (used + 1) * 4)) }
        let id: UInt32
        if let reused = freeIDs.popLast() {
            id = reused
        } else {
            id = UInt32(offsets.count)
            offsets.append(0)
            lengths.append(0)
            refcounts.append(0)
        }
        offsets[Int(id)] = UInt32(arena.count)
        lengths[Int(id)] = UInt32(bytes.count)
        refcounts[Int(id)] = 1
        arena.append(contentsOf: bytes)
        place(id, hash: Self.hash(bytes))
        used += 1
        return id
    }

    private mutating func place(_ id: UInt32, hash: Int) {
        let mask = slots.count - 1
        var index = hash & mask
        while slots[index] != 0 && slots[index] != Self.tombstone { index = (index + 1) & mask }
        if slots[index] == Self.tombstone { tombstones -= 1 }
        slots[index] = id + 1
    }

    private mutating func removeSlot(for id: UInt32) {
        let mask = slots.count - 1
        let i = Int(id), start = Int(offsets[i]), length = Int(lengths[i])
        let h = arena.withUnsafeBufferPointer { Self.hash(UnsafeBufferPointer(rebasing: $0[start..<start + length])) }
        var index = h & mask
        while slots[index] != id + 1 { index = (index + 1) & mask }
        slots[index] = Self.tombstone
        used -= 1
        tombstones += 1
        if tombstones > slots.count / 4 { rehash(capacity: slots.count) }
    }

    private mutating func rehash(capacity: Int) {
        var size = 16
        while size < capacity { size <<= 1 }
        slots = Array(repeating: 0, count: size)
        tombstones = 0
        for id in 1..<offsets.count where refcounts[id] > 0 {
            let start = Int(offsets[id]), length = Int(lengths[id])
            let h = arena.withUnsafeBufferPointer { Self.hash(UnsafeBufferPointer(rebasing: $0[start..<start + length])) }
            place(UInt32(id), hash: h)
        }
    }

    /// Drops the bytes of freed strings; ids stay valid.
    private mutating func compactArena() {
        var fresh: [UInt8] = []
        fresh.reserveCapacity(arena.count - deadBytes)
        for id in 1..<offsets.count where refcounts[id] > 0 {
            let start = Int(offsets[id]), length = Int(lengths[id])
            offsets[id] = UInt32(fresh.count)
            fresh.append(contentsOf: arena[start..<start + length])
        }
        arena = fresh
        deadBytes = 0
    }
}
