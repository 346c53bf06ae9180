/// Registry ids in credit-code order, computed once per run: every table and stage that lists rows
/// "then by uscc" walks this instead of comparing codes inside a sort.
public struct CodeOrder: Sendable {
    /// Registry ids by ascending code.
    public let ids: [Int32]

    /// Sorts the codes once.
    ///
    /// - Parameters:
    ///   - codes: the registry's codes, indexed by id.
    public init(_ codes: [USCC]) {
        // A code is below 31^18 < 2^90, so code and id pack into one UInt128 and sort without a comparator;
        // equal codes (never in a checked registry) keep id order.
        let keys = Parallel.array(codes.count) { id in codes[id].key << 32 | UInt128(UInt32(id)) }
        ids = Parallel.sorted(keys).map { Int32(truncatingIfNeeded: $0 & 0xFFFF_FFFF) }
    }

    /// Stable counting sort: the ids with a bucket (`bucket(id)` in `0..<buckets`, nil = left out), by
    /// bucket, each bucket's ids in code order. Linear in the registry size plus `buckets`.
    ///
    /// - Parameters:
    ///   - buckets: the number of buckets.
    ///   - bucket: an id's bucket, or nil to leave it out.
    /// - Returns: the ids in bucket order.
    public func grouped(buckets: Int, _ bucket: (Int) -> Int?) -> [Int] {
        var key = [Int32](repeating: -1, count: ids.count)
        var start = [Int](repeating: 0, count: buckets + 1)
        for id in 0..<ids.count {
            guard let b = bucket(id) else { continue }
            key[id] = Int32(b)
            start[b + 1] += 1
        }
        for b in 0..<buckets { start[b + 1] += start[b] }
        var out = [Int](repeating: 0, count: start[buckets])
        for id32 in ids {
            let id = Int(id32)
            let b = Int(key[id])
            guard b >= 0 else { continue }
            out[start[b]] = id
            start[b] += 1
        }
        return out
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
