/// Credit code → dense enterprise id: an open-addressing hash table over the packed codes.
///
/// Every row of every input is looked up here, so it avoids `Dictionary`'s per-lookup seeding and
/// generic hashing: the key is already a well-mixed integer and one multiply spreads it.
struct CodeIndex: Sendable {
    private var keys: [UInt128] = []
    /// id + 1; 0 marks an empty slot.
    private var slots: [Int32] = []
    private var mask = 0
    private(set) var count = 0

    init() { resize(64) }

    private static func hash(_ key: UInt128) -> Int {
        let mixed = (UInt64(truncatingIfNeeded: key) ^ UInt64(truncatingIfNeeded: key >> 64)) &* 0x9E37_79B9_7F4A_7C15
        return Int(truncatingIfNeeded: mixed >> 20)
    }

    func id(of key: UInt128) -> Int? {
        var i = CodeIndex.hash(key) & mask
        while true {
            let slot = slots[i]
            if slot == 0 { return nil }
            if keys[i] == key { return Int(slot) - 1 }
            i = (i + 1) & mask
        }
    }

    /// Adds `key` → `id`; an existing key keeps its first id.
    mutating func insert(_ key: UInt128, id: Int) {
        if (count + 1) * 2 > slots.count { resize(slots.count * 2) }
        var i = CodeIndex.hash(key) & mask
        while slots[i] != 0 {
            if keys[i] == key { return }
            i = (i + 1) & mask
        }
        keys[i] = key
        slots[i] = Int32(id + 1)
        count += 1
    }

    private mutating func resize(_ capacity: Int) {
        let oldKeys = keys
        let oldSlots = slots
        keys = Array(repeating: 0, count: capacity)
        slots = Array(repeating: 0, count: capacity)
        mask = capacity - 1
        count = 0
        for (k, s) in zip(oldKeys, oldSlots) where s != 0 { insert(k, id: Int(s) - 1) }
    }
}
