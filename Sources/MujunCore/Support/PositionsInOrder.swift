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
/// are merged instead of sorted. Runs that are not ascending are sorted after all.
///
/// The key range is cut into pieces merged at the same time (a million registry rows merged on one
/// thread kept the other core idle ~10 ms): a piece takes every run's keys from its lower bound up
/// to the next piece's, found by binary search, and writes from the count of keys below it. Equal
/// keys fall in one piece, where the earlier run's come first, as in the concatenation.
func positionsInOrder(runs: [[Int]], minimumPerPiece: Int = 1 << 16) -> [Int] {
    guard runs.allSatisfy({ run in run.indices.dropFirst().allSatisfy { run[$0 - 1] <= run[$0] } }) else {
        return positionsInOrder(Array(runs.joined()))
    }
    var first: [Int] = []
    var total = 0
    for run in runs {
        first.append(total)
        total += run.count
    }
    guard let lowest = runs.compactMap(\.first).min(), let highest = runs.compactMap(\.last).max() else { return [] }
    // Piece bounds by key value; one piece when the keys are few or their span would overflow.
    let (span, overflow) = highest.subtractingReportingOverflow(lowest)
    let pieces = overflow || span >= Int.max / 64 ? 1 : max(1, min(Parallel.threads * 4, total / max(minimumPerPiece, 1), span + 1))
    let bounds = (0...pieces).map { j in j == pieces ? Int.max : lowest + span / pieces * j + min(j, span % pieces) }
    /// Where each run's keys of piece j begin: the first key at or above `bounds[j]`.
    func start(_ run: [Int], _ j: Int) -> Int {
        guard j > 0 else { return 0 }
        guard j < pieces else { return run.count }
        var (low, high) = (0, run.count)
        while low < high {
            let mid = (low + high) / 2
            if run[mid] < bounds[j] { low = mid + 1 } else { high = mid }
        }
        return low
    }
    let starts = runs.map { run in (0...pieces).map { start(run, $0) } }
    return [Int](unsafeUninitializedCapacity: total) { out, initialized in
        guard let base = out.baseAddress else { return }
        _ = Parallel.map(pieces) { j in
            var next = starts.map { $0[j] }
            let ends = starts.map { $0[j + 1] }
            var k = next.reduce(0, +)
            let end = ends.reduce(0, +)
            while k < end {
                // The run with the smallest head; on equal heads the earlier run, as its positions come first.
                var best = -1
                for r in runs.indices where next[r] < ends[r] {
                    if best < 0 || runs[r][next[r]] < runs[best][next[best]] { best = r }
                }
                (base + k).initialize(to: first[best] + next[best])
                next[best] += 1
                k += 1
            }
        }
        initialized = total
    }
}
