#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Per-enterprise sums on memory that starts as zeros without being written (issue #3): one reader
/// worker's, or join's leased areas.
///
/// A worker of a chunked file needs a sum per registry id, but it adds to only the ids of the rows
/// in its own chunks — for a file ordered by enterprise, about one page in `workers` (and only the
/// few enterprises in a lease have a leased area). A zero-filled array writes (and the kernel
/// first clears) every page; `calloc` hands out fresh zero pages that cost nothing until a sum
/// lands on them. All-zero bits are `ExactSum()`.
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

    /// Adds an exact sum to enterprise `id`'s.
    func add(_ id: Int, _ sum: ExactSum) {
        precondition(id >= 0 && id < count, "registry id out of range")
        base[id].add(sum)
    }

    /// Adds another worker's sums, enterprise by enterprise, in parallel ranges. An empty sum adds
    /// nothing, so it is skipped: this worker's pages that no sum lands on stay untouched (a
    /// sparse column, such as the land-use tax, would otherwise be written whole).
    func add(_ other: ZeroedSums) {
        let base = base
        let otherBase = other.base
        Parallel.forEachRange(Swift.min(count, other.count), minimum: 1 << 16) { range in
            for id in range where !otherBase[id].isEmpty { base[id].add(otherBase[id]) }
        }
    }

    /// Enterprise `id`'s sum.
    @inline(__always)
    subscript(id: Int) -> ExactSum {
        precondition(id >= 0 && id < count, "registry id out of range")
        return base[id]
    }
}

/// Per-enterprise exact sums, indexed by registry id, as the readers' workers summed them: the
/// first worker's zeroed memory, the others' merged into it, handed on as it is. An `Array` would
/// copy it (24 MB a column at a million enterprises) into pages the kernel first has to clear.
///
/// Read-only: nothing holds the workers' memory once ingest returns, so sharing it is safe.
public struct SumColumn: RandomAccessCollection, Equatable, Sendable, ExpressibleByArrayLiteral {
    private let sums: ZeroedSums

    init(_ sums: ZeroedSums) { self.sums = sums }

    /// `count` empty sums.
    public init(count: Int) { sums = ZeroedSums(count: count) }

    public init(_ elements: [ExactSum]) {
        sums = ZeroedSums(count: elements.count)
        for (id, sum) in elements.enumerated() { sums.add(id, sum) }
    }

    public init(arrayLiteral elements: ExactSum...) { self.init(elements) }

    public var startIndex: Int { 0 }
    public var endIndex: Int { sums.count }

    public subscript(id: Int) -> ExactSum { sums[id] }

    public static func == (a: SumColumn, b: SumColumn) -> Bool { a.elementsEqual(b) }
}
