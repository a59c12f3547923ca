/// A read-only table from names fixed when it is built (catalog parameter names, scaler types)
/// to values, for lookups made on every request.
///
/// Rules look up every metadata key of every trigger several times. A `Dictionary<String, _>`
/// hashes each key with SipHash under a per-process seed, which costs more than the comparison
/// it leads to for names this short. Here the hash is FNV-1a over the UTF-8 bytes and the table
/// is open addressing at most half full. The names are fixed by the catalog, not by the request,
/// so a request cannot pick keys that collide; an unknown key ends at the first empty slot.
public struct NameTable<Value: Sendable>: Sendable {
    private let slots: [Slot?]
    private let mask: Int
    /// The names in the order they were added.
    public let names: [String]

    private struct Slot: Sendable {
        let name: String
        let value: Value
    }

    /// Later pairs with a name already present are ignored (the first one wins).
    public init(_ pairs: some Sequence<(String, Value)>) {
        var capacity = 4
        let pairs = Array(pairs)
        while capacity < pairs.count * 2 { capacity *= 2 }
        var slots = [Slot?](repeating: nil, count: capacity)
        var names: [String] = []
        let mask = capacity - 1
        for (name, value) in pairs {
            var index = Self.hash(name) & mask
            var present = false
            while let slot = slots[index] {
                if slot.name == name { present = true; break }
                index = (index + 1) & mask
            }
            if present { continue }
            slots[index] = Slot(name: name, value: value)
            names.append(name)
        }
        self.slots = slots
        self.mask = mask
        self.names = names
    }

    public subscript(name: String) -> Value? {
        var index = Self.hash(name) & mask
        while let slot = slots[index] {
            if slot.name == name { return slot.value }
            index = (index + 1) & mask
        }
        return nil
    }

    public func contains(_ name: String) -> Bool { self[name] != nil }

    public var count: Int { names.count }

    static func hash(_ name: String) -> Int {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in name.utf8 {
            h = (h ^ UInt64(byte)) &* 0x0000_0100_0000_01b3
        }
        // The low bits pick the slot: fold the high ones in.
        return Int(truncatingIfNeeded: h ^ (h >> 29))
    }
}

extension NameTable where Value == Bool {
    /// A set of names.
    public init(names: some Sequence<String>) {
        self.init(names.lazy.map { ($0, true) })
    }
}
