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
/// first clears) every page; a fresh mapping (a large column's own, see `init`, or `calloc`'s for a
/// small one) has zero pages that cost nothing until a sum lands on them. All-zero bits are
/// `ExactSum()`.
final class ZeroedSums: @unchecked Sendable {
    private let base: UnsafeMutablePointer<ExactSum>
    let count: Int
    /// Where `base` came from, to give it back the same way.
    private let storage: Storage
    /// A bit per block of 2^`blockShift` bytes from `base`: set once a sum whose first byte is in
    /// that block may have been written. A sum whose block's bit is clear is empty, so it is read
    /// without touching its page: on a shared mapping a read of a page never written takes a
    /// fresh zeroed page, and the merge of a worker's sums and join's leased areas read whole
    /// columns of which few pages were written.
    private let writtenBlocks: UnsafeMutablePointer<UInt64>
    private let blockWords: Int

    /// Bytes per bit of `writtenBlocks` (a page, for a mapped column).
    static let blockShift = 12

    private enum Storage {
        /// A shared anonymous mapping of this many bytes (see `init`).
        case mapped(bytes: Int)
        case calloc
        /// Swift's allocator, filled.
        case allocated
    }

    /// Sums of at least this many bytes get a mapping of their own.
    static let mappedBytes = 1 << 20

    init(count: Int) {
        self.count = count
        let slots = Swift.max(count, 1)
        let bytes = slots * MemoryLayout<ExactSum>.stride
        // A large column is mapped shared: `ExactSum.add` reads a sum before it writes it, and on
        // a private mapping (what calloc hands out) that read maps the kernel's shared zero page,
        // so the write that follows faults a second time and the page's replacement is flushed
        // from every core's TLB — an IPI, costly in a VM (~0.2 s of CPU over tax.csv and
        // energy.csv at a million enterprises). A shared mapping's first touch, read or write,
        // gets its own zeroed, writable page.
        if bytes >= ZeroedSums.mappedBytes,
            let mapped = mmap(nil, bytes, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0),
            mapped != UnsafeMutableRawPointer(bitPattern: -1)
        {
            base = mapped.bindMemory(to: ExactSum.self, capacity: slots)
            storage = .mapped(bytes: bytes)
        } else if let zeroed = calloc(slots, MemoryLayout<ExactSum>.stride) {
            base = zeroed.bindMemory(to: ExactSum.self, capacity: slots)
            storage = .calloc
        } else {
            // No zeroed block to be had: an ordinary allocation, filled (Swift's allocator stops
            // the process if this fails too, as it would for any Array).
            base = UnsafeMutablePointer<ExactSum>.allocate(capacity: slots)
            base.initialize(repeating: ExactSum(), count: slots)
            storage = .allocated
        }
        blockWords = ((bytes >> ZeroedSums.blockShift) + 64) / 64
        writtenBlocks = .allocate(capacity: blockWords)
        writtenBlocks.initialize(repeating: 0, count: blockWords)
    }

    /// Whether the sums are on a mapping of their own (for tests).
    var isMapped: Bool {
        if case .mapped = storage { return true }
        return false
    }

    deinit {
        switch storage {
        case .mapped(let bytes): munmap(base, bytes)
        case .calloc: free(base)
        case .allocated: base.deallocate()
        }
        writtenBlocks.deallocate()
    }

    /// The block of `base` that sum `id`'s first byte is in.
    @inline(__always)
    private static func block(_ id: Int) -> Int { (id &* MemoryLayout<ExactSum>.stride) &>> blockShift }

    /// Notes that sum `id` is written (before it is).
    @inline(__always)
    private func markWritten(_ id: Int) {
        let b = ZeroedSums.block(id)
        writtenBlocks[b &>> 6] |= 1 &<< UInt64(truncatingIfNeeded: b)
    }

    /// Whether sum `id` may be other than empty (false: its block was never written).
    @inline(__always)
    private func mayBeWritten(_ id: Int) -> Bool {
        let b = ZeroedSums.block(id)
        return writtenBlocks[b &>> 6] & (1 &<< UInt64(truncatingIfNeeded: b)) != 0
    }

    /// Adds one addend to enterprise `id`'s sum; `id` must be below `count` (a registry id).
    @inline(__always)
    func add(_ id: Int, _ x: Double) {
        assert(id >= 0 && id < count)
        markWritten(id)
        base[id].add(x)
    }

    /// Adds an exact sum to enterprise `id`'s.
    func add(_ id: Int, _ sum: ExactSum) {
        precondition(id >= 0 && id < count, "registry id out of range")
        markWritten(id)
        base[id].add(sum)
    }

    /// Adds another worker's sums, enterprise by enterprise, in parallel ranges. An empty sum adds
    /// nothing, so it is skipped: this worker's pages that no sum lands on stay untouched (a
    /// sparse column, such as the land-use tax, would otherwise be written whole), and only the
    /// blocks the other worker wrote are read.
    func add(_ other: ZeroedSums) {
        let base = base
        let otherBase = other.base
        let n = Swift.min(count, other.count)
        let (mine, theirs) = (writtenBlocks, other.writtenBlocks)
        // Blocks count bytes from each column's start, so a block is the same sums in both. Each
        // range of bitmap words is one thread's: the bits it sets in `mine` are its own words'.
        let stride = MemoryLayout<ExactSum>.stride
        let words = Swift.min(blockWords, other.blockWords)
        Parallel.forEachRange(words, minimum: 4) { range in
            for w in range {
                var bits = theirs[w]
                mine[w] |= bits
                while bits != 0 {
                    let b = w << 6 | bits.trailingZeroBitCount
                    bits &= bits &- 1
                    // The sums whose first byte is in block b.
                    let first = ((b << ZeroedSums.blockShift) + stride - 1) / stride
                    let end = Swift.min(n, (((b + 1) << ZeroedSums.blockShift) + stride - 1) / stride)
                    guard first < end else { continue }
                    for id in first..<end where !otherBase[id].isEmpty { base[id].add(otherBase[id]) }
                }
            }
        }
    }

    /// Enterprise `id`'s sum.
    @inline(__always)
    subscript(id: Int) -> ExactSum {
        precondition(id >= 0 && id < count, "registry id out of range")
        return mayBeWritten(id) ? base[id] : ExactSum()
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
