import CIntrinsics

/// Credit code → registry id, the dense integer every per-enterprise column is indexed by.
///
/// Open addressing over one word per slot: a 32-bit fingerprint of the code's hash and the id. The
/// codes themselves stay in the registry's `codes` column, which every look-up is given: a slot
/// holding the code would be three times the size (a million enterprises: 16 MB instead of 48 MB,
/// held for the whole run), and a fingerprint match is confirmed against the code only once.
///
/// The table is two halves, a code's home slot deciding which, and a probe wraps around within its
/// half: the registry's codes are entered into both halves at once (`entering`), one thread each.
struct CodeIndex: Sendable {
    /// Fingerprint in the high half, id + 1 in the low half; 0 marks an empty slot.
    private var slots: [UInt64] = []
    private var mask = 0
    private(set) var count = 0

    /// The index of no code (an empty registry's).
    init() {
        slots = Array(repeating: 0, count: 64)
        mask = 63
    }

    private static func hash(_ key: UInt128) -> UInt64 {
        (UInt64(truncatingIfNeeded: key) ^ UInt64(truncatingIfNeeded: key >> 64)) &* 0x9E37_79B9_7F4A_7C15
    }

    /// The slot where the probe for a code with this hash starts.
    @inline(__always)
    private static func home(_ mixed: UInt64, mask: Int) -> Int { Int(truncatingIfNeeded: mixed >> 20) & mask }

    /// The probe for `key` (hash `mixed`) from its home slot, wrapping around within its half: the
    /// slot that holds it (found), or the empty slot where it would go. `keyOf` is the code that a
    /// slot's low half (an id + 1, or a candidate's position + 1) stands for.
    @inline(__always)
    private static func probe(
        _ table: UnsafeBufferPointer<UInt64>, mask: Int, mixed: UInt64, key: UInt128, keyOf: (Int) -> UInt128
    ) -> (slot: Int, found: Bool) {
        let fingerprint = mixed & 0xFFFF_FFFF
        let halfMask = mask &>> 1
        var i = home(mixed, mask: mask)
        while table[i] != 0 {
            if table[i] >> 32 == fingerprint && keyOf(Int(table[i] & 0xFFFF_FFFF)) == key { return (i, true) }
            i = ((i &+ 1) & halfMask) | (i & ~halfMask)
        }
        return (i, false)
    }

    /// The id of `key`, whose code is `codes[id]`.
    func id(of key: UInt128, in codes: [USCC]) -> Int? {
        let mixed = CodeIndex.hash(key)
        return slots.withUnsafeBufferPointer { table in
            let (i, found) = CodeIndex.probe(table, mask: mask, mixed: mixed, key: key) { codes[$0 - 1].key }
            return found ? Int(table[i] & 0xFFFF_FFFF) - 1 : nil
        }
    }

    /// The index of `candidates` entered in order, where a code already entered is not (first row
    /// wins, appendix 10): which were entered, and the index of those, each by its place among
    /// them (the registry's ids).
    ///
    /// Each half of the table is filled by a thread of its own, taking the candidates whose home
    /// slot is in it, in order: equal codes share a home, so the first of them is the one entered
    /// either way. The slots hold candidate positions at first and are renumbered to ids once the
    /// entered ones are known. The table is the same whatever the thread count.
    static func entering(_ candidates: [USCC]) -> (index: CodeIndex, entered: [Bool]) {
        var capacity = 64
        while candidates.count * 2 > capacity { capacity *= 2 }
        var index = CodeIndex()
        // Cleared on every thread: at a million codes the table is 16 MB of fresh pages.
        index.slots = Parallel.array(capacity, minimum: 1 << 16) { _ in 0 }
        index.mask = capacity - 1
        let mask = index.mask
        let half = (mask &+ 1) &>> 1
        var entered = [Bool](repeating: false, count: candidates.count)
        candidates.withUnsafeBufferPointer { codes in
            entered.withUnsafeMutableBufferPointer { entered in
                index.slots.withUnsafeMutableBufferPointer { table in
                    _ = Parallel.map(2) { h in
                        let upper = h == 1
                        for k in codes.indices {
                            // The slot of the candidate 32 ahead is fetched while this one is entered.
                            if k + 32 < codes.count, let base = table.baseAddress {
                                let ahead = home(hash(codes[k + 32].key), mask: mask)
                                if (ahead >= half) == upper { mujun_prefetch_for_write(base + ahead) }
                            }
                            let key = codes[k].key
                            let mixed = hash(key)
                            guard (home(mixed, mask: mask) >= half) == upper else { continue }
                            let (i, found) = probe(UnsafeBufferPointer(table), mask: mask, mixed: mixed, key: key) {
                                codes[$0 - 1].key
                            }
                            if !found {
                                table[i] = (mixed & 0xFFFF_FFFF) << 32 | UInt64(k + 1)
                                entered[k] = true
                            }
                        }
                    }
                }
            }
        }
        // Ids: a candidate's place among the entered ones.
        var ids = [UInt32](repeating: 0, count: candidates.count)
        var count = 0
        for k in candidates.indices where entered[k] {
            ids[k] = UInt32(count)
            count += 1
        }
        index.slots.withUnsafeMutableBufferPointer { table in
            Parallel.forEachRange(table.count, minimum: 1 << 16) { range in
                for i in range where table[i] != 0 {
                    table[i] = table[i] & 0xFFFF_FFFF_0000_0000 | UInt64(ids[Int(table[i] & 0xFFFF_FFFF) - 1] + 1)
                }
            }
        }
        index.count = count
        return (index, entered)
    }
}
