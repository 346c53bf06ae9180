import CIntrinsics

/// Credit code → registry id, the dense integer every per-enterprise column is indexed by.
///
/// Open addressing over one word per slot: a 32-bit fingerprint of the code's hash and the id. The
/// codes themselves stay in the registry's `codes` column, which every look-up is given: a slot
/// holding the code would be three times the size (a million enterprises: 16 MB instead of 48 MB,
/// held for the whole run), and a fingerprint match is confirmed against the code only once.
struct CodeIndex: Sendable {
    /// Fingerprint in the high half, id + 1 in the low half; 0 marks an empty slot.
    private var slots: [UInt64] = []
    private var mask = 0
    private(set) var count = 0

    init() {
        slots = Array(repeating: 0, count: 64)
        mask = 63
    }

    private static func hash(_ key: UInt128) -> UInt64 {
        (UInt64(truncatingIfNeeded: key) ^ UInt64(truncatingIfNeeded: key >> 64)) &* 0x9E37_79B9_7F4A_7C15
    }

    /// The slot where the probe for a code with this hash starts (lookup, insertion, prefetch).
    @inline(__always)
    private func home(_ mixed: UInt64) -> Int { Int(truncatingIfNeeded: mixed >> 20) & mask }

    /// The id of `key`, whose code is `codes[id]`.
    func id(of key: UInt128, in codes: [USCC]) -> Int? {
        let mixed = CodeIndex.hash(key)
        let fingerprint = mixed & 0xFFFF_FFFF
        return slots.withUnsafeBufferPointer { table in
            var i = home(mixed)
            while true {
                let slot = table[i]
                if slot == 0 { return nil }
                if slot >> 32 == fingerprint {
                    let id = Int(slot & 0xFFFF_FFFF) - 1
                    if codes[id].key == key { return id }
                }
                i = (i + 1) & mask
            }
        }
    }

    /// Starts loading the slot where `key`'s lookup or insertion begins: a loop over many codes
    /// calls it a few codes ahead, so that their slots (scattered over megabytes) are in cache by
    /// the time it gets there.
    func prefetch(_ key: UInt128) {
        let i = home(CodeIndex.hash(key))
        slots.withUnsafeBufferPointer { table in
            if let base = table.baseAddress { mujun_prefetch_for_write(base + i) }
        }
    }

    /// Adds the code `codes[id]` → `id`; a code already present keeps its first id (false).
    @discardableResult
    mutating func insert(id: Int, in codes: [USCC]) -> Bool {
        if (count + 1) * 2 > slots.count { resize(slots.count * 2, codes) }
        return place(id, codes)
    }

    /// Room for `count` codes without a resize (each resize re-places every code).
    mutating func reserveCapacity(_ count: Int, codes: [USCC]) {
        var capacity = slots.count
        while count * 2 > capacity { capacity *= 2 }
        if capacity > slots.count { resize(capacity, codes) }
    }

    @discardableResult
    private mutating func place(_ id: Int, _ codes: [USCC]) -> Bool {
        let key = codes[id].key
        let mixed = CodeIndex.hash(key)
        let fingerprint = mixed & 0xFFFF_FFFF
        var i = home(mixed)
        while slots[i] != 0 {
            if slots[i] >> 32 == fingerprint && codes[Int(slots[i] & 0xFFFF_FFFF) - 1].key == key { return false }
            i = (i + 1) & mask
        }
        slots[i] = fingerprint << 32 | UInt64(id + 1)
        count += 1
        return true
    }

    private mutating func resize(_ capacity: Int, _ codes: [USCC]) {
        let old = slots
        // Cleared on every thread: at a million codes the table is 32 MB of fresh pages, cleared
        // on one core while nothing else can run (the registry's end).
        slots = Parallel.array(capacity, minimum: 1 << 16) { _ in 0 }
        mask = capacity - 1
        count = 0
        for slot in old where slot != 0 { place(Int(slot & 0xFFFF_FFFF) - 1, codes) }
    }
}
