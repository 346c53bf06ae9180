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
    return Parallel.sorted(packed, positionBytes: 4).map { Int($0 & 0xFFFF_FFFF) }
}

/// `positionsInOrder` of the runs' concatenation, for runs that are each ascending already (chunk
/// workers' line numbers: each worker's rows are in file order, the workers took turns): the runs
/// are merged in one pass instead of sorted. Runs that are not ascending are sorted after all.
func positionsInOrder(runs: [[Int]]) -> [Int] {
    guard runs.allSatisfy({ run in run.indices.dropFirst().allSatisfy { run[$0 - 1] <= run[$0] } }) else {
        return positionsInOrder(Array(runs.joined()))
    }
    var first: [Int] = []
    var total = 0
    for run in runs {
        first.append(total)
        total += run.count
    }
    var next = [Int](repeating: 0, count: runs.count)
    return [Int](unsafeUninitializedCapacity: total) { out, initialized in
        for k in 0..<total {
            // The run with the smallest head; on equal heads the earlier run, as its positions come first.
            var best = -1
            for r in runs.indices where next[r] < runs[r].count {
                if best < 0 || runs[r][next[r]] < runs[best][next[best]] { best = r }
            }
            out.initializeElement(at: k, to: first[best] + next[best])
            next[best] += 1
        }
        initialized = total
    }
}
