#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// One reader worker's per-enterprise sums, on memory that starts as zeros without being written
/// (issue #3).
///
/// A worker of a chunked file needs a sum per registry id, but it adds to only the ids of the rows
/// in its own chunks — for a file ordered by enterprise, about one page in `workers`. A zero-filled
/// array per worker writes (and the kernel first clears) every page of every copy; `calloc` hands
/// out fresh zero pages that cost nothing until a row lands on them. All-zero bits are
/// `ExactSum()`.
final class ZeroedSums: @unchecked Sendable {
    private let base: UnsafeMutablePointer<ExactSum>
    let count: Int
    /// Whether `base` came from `calloc` (else from Swift's allocator).
    private let fromCalloc: Bool

    init(count: Int) {
        self.count = count
        let slots = Swift.max(count, 1)
        if let zeroed = calloc(slots, MemoryLayout<ExactSum>.stride) {
            base = zeroed.bindMemory(to: ExactSum.self, capacity: slots)
            fromCalloc = true
        } else {
            // No zeroed block to be had: an ordinary allocation, filled (Swift's allocator stops
            // the process if this fails too, as it would for any Array).
            base = UnsafeMutablePointer<ExactSum>.allocate(capacity: slots)
            base.initialize(repeating: ExactSum(), count: slots)
            fromCalloc = false
        }
    }

    deinit {
        if fromCalloc { free(base) } else { base.deallocate() }
    }

    /// Adds one addend to enterprise `id`'s sum; `id` must be below `count` (a registry id).
    @inline(__always)
    func add(_ id: Int, _ x: Double) {
        assert(id >= 0 && id < count)
        base[id].add(x)
    }

    /// Adds another worker's sums, enterprise by enterprise.
    func add(_ other: ZeroedSums) {
        for id in 0..<Swift.min(count, other.count) { base[id].add(other.base[id]) }
    }

    /// The sums as an array indexed by id.
    var array: [ExactSum] {
        Array(UnsafeBufferPointer(start: base, count: count))
    }
}
