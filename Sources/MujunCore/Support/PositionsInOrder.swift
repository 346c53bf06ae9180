/// The positions of `keys` in ascending key order, equal keys by position (a stable sort of the
/// positions): rows back in line order after chunk workers took turns, a batch's rows in id order.
///
/// Key and position pack into one word and radix-sort as plain integers when both are below 2^32
/// (always, in practice): a comparator reading two arrays would be called ~20 million times for a
/// million rows. Other keys take the comparator.
func positionsInOrder(_ keys: [Int]) -> [Int] {
    guard keys.count < 1 << 32, keys.allSatisfy({ $0 >= 0 && $0 < 1 << 32 }) else {
        return keys.indices.sorted { keys[$0] != keys[$1] ? keys[$0] < keys[$1] : $0 < $1 }
    }
    let packed = keys.enumerated().map { UInt64(truncatingIfNeeded: $0.element) << 32 | UInt64($0.offset) }
    return Parallel.sorted(packed).map { Int($0 & 0xFFFF_FFFF) }
}
