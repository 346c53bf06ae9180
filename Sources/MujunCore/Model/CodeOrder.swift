/// Registry ids in credit-code order, computed once per run: every table and stage that lists rows
/// "then by uscc" walks this instead of comparing codes inside a sort.
public struct CodeOrder: Sendable {
    /// Registry ids by ascending code.
    public let ids: [Int32]
    /// Each id's place in `ids` (the inverse permutation): equal totals rank by it.
    public let positions: [UInt32]

    /// Sorts the codes once.
    ///
    /// - Parameters:
    ///   - codes: the registry's codes, indexed by id.
    public init(_ codes: [USCC]) {
        // A code is below 31^18 < 2^90, so code and id pack into one UInt128 and sort without a comparator;
        // equal codes (never in a checked registry) keep id order.
        let keys = Parallel.array(codes.count) { id in codes[id].key << 32 | UInt128(UInt32(id)) }
        let ids = Parallel.sorted(keys, positionBytes: 4).map { Int32(truncatingIfNeeded: $0 & 0xFFFF_FFFF) }
        self.ids = ids
        // Every id has one place, so the ranges write disjoint slots.
        positions = [UInt32](unsafeUninitializedCapacity: ids.count) { out, initialized in
            Parallel.forEachRange(ids.count, minimum: 1 << 16) { range in
                for k in range { out.initializeElement(at: Int(ids[k]), to: UInt32(truncatingIfNeeded: k)) }
            }
            initialized = ids.count
        }
    }

    /// Stable counting sort: the ids with a bucket (`bucket(id)` in `0..<buckets`, nil = left out), by
    /// bucket, each bucket's ids in code order. Linear in the registry size plus `buckets`; in
    /// parallel ranges of the code order, each counting its own buckets and then writing its ids
    /// where the ranges before it leave off (`bucket` must only read shared state).
    ///
    /// - Parameters:
    ///   - buckets: the number of buckets.
    ///   - bucket: an id's bucket, or nil to leave it out.
    /// - Returns: the ids in bucket order.
    public func grouped(buckets: Int, _ bucket: (Int) -> Int?) -> [Int] {
        let key = Parallel.array(ids.count) { id in bucket(id).map { Int32($0) } ?? -1 }
        let pieces = Parallel.ranges(ids.count, minimum: 1 << 16)
        // Per range of the code order, its ids per bucket; then where each range's ids of each
        // bucket start: after every earlier bucket, then after the earlier ranges' ids of this one.
        var next = Parallel.map(pieces.count) { p -> [Int] in
            var counts = [Int](repeating: 0, count: buckets)
            for position in pieces[p] {
                let b = Int(key[Int(ids[position])])
                if b >= 0 { counts[b] += 1 }
            }
            return counts
        }
        var total = 0
        for b in 0..<buckets {
            for p in pieces.indices {
                let count = next[p][b]
                next[p][b] = total
                total += count
            }
        }
        return [Int](unsafeUninitializedCapacity: total) { out, initialized in
            _ = Parallel.map(pieces.count) { p in
                var at = next[p]
                for position in pieces[p] {
                    let id = Int(ids[position])
                    let b = Int(key[id])
                    guard b >= 0 else { continue }
                    out.initializeElement(at: at[b], to: id)
                    at[b] += 1
                }
            }
            initialized = total
        }
    }
}

extension EnterpriseClass {
    /// Position in `allCases` (A = 0 … T = 4), for arrays indexed by class.
    @inline(__always)
    public var ordinal: Int {
        switch self {
        case .a: return 0
        case .b: return 1
        case .c: return 2
        case .d: return 3
        case .t: return 4
        }
    }
}
