/// Credit code → dense enterprise id: an open-addressing hash table over the packed codes.
///
/// Every row of every input is looked up here, so it avoids `Dictionary`'s per-lookup seeding and
/// generic hashing: the key is already a well-mixed integer and one multiply spreads it.
struct CodeIndex: Sendable {
    /// A key and its id in one slot, so a look-up costs one cache miss rather than two. The key is
    /// kept in halves: a UInt128 field would pad the slot to 32 bytes.
    private struct Slot {
        var high: UInt64 = 0
        var low: UInt64 = 0
        /// id + 1; 0 marks an empty slot.
        var idPlusOne: Int32 = 0
    }

    private var slots: [Slot] = []
    private var mask = 0
    private(set) var count = 0

    init() { resize(64) }

    private static func hash(_ key: UInt128) -> Int {
        let mixed = (UInt64(truncatingIfNeeded: key) ^ UInt64(truncatingIfNeeded: key >> 64)) &* 0x9E37_79B9_7F4A_7C15
        return Int(truncatingIfNeeded: mixed >> 20)
    }

    func id(of key: UInt128) -> Int? {
        let high = UInt64(truncatingIfNeeded: key >> 64)
        let low = UInt64(truncatingIfNeeded: key)
        return slots.withUnsafeBufferPointer { table in
            var i = CodeIndex.hash(key) & mask
            while true {
                let slot = table[i]
                if slot.idPlusOne == 0 { return nil }
                if slot.low == low && slot.high == high { return Int(slot.idPlusOne) - 1 }
                i = (i + 1) & mask
            }
        }
    }

    /// Adds `key` → `id`; an existing key keeps its first id.
    mutating func insert(_ key: UInt128, id: Int) {
        if (count + 1) * 2 > slots.count { resize(slots.count * 2) }
        let high = UInt64(truncatingIfNeeded: key >> 64)
        let low = UInt64(truncatingIfNeeded: key)
        var i = CodeIndex.hash(key) & mask
        while slots[i].idPlusOne != 0 {
            if slots[i].low == low && slots[i].high == high { return }
            i = (i + 1) & mask
        }
        slots[i] = Slot(high: high, low: low, idPlusOne: Int32(id + 1))
        count += 1
    }

    private mutating func resize(_ capacity: Int) {
        let old = slots
        slots = Array(repeating: Slot(), count: capacity)
        mask = capacity - 1
        count = 0
        for slot in old where slot.idPlusOne != 0 {
            insert(UInt128(slot.high) << 64 | UInt128(slot.low), id: Int(slot.idPlusOne) - 1)
        }
    }
}
