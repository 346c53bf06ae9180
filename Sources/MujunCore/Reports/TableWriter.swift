import Foundation

/// Builds one output CSV in memory as bytes, in the format of SPEC §13: UTF-8, `,`, `\n`, measures
/// with exactly 6 decimals, integers for counts, empty cells for missing values.
///
/// The bytes live in memory the writer owns outright (it cannot be copied, and frees them when it
/// ends): every cell of a million-row table is appended here, and an `Array` would check its
/// capacity and uniqueness for each byte appended.
public struct TableWriter: ~Copyable {
    private var base: UnsafeMutablePointer<UInt8>
    private var count = 0
    private var capacity: Int
    /// `--excel`: a BOM up front, and text cells that a spreadsheet would run as a formula are guarded.
    public let excel: Bool
    private var atRowStart = true

    public init(header: [String], excel: Bool = false) {
        self.init(rowsOnly: excel, capacity: 1 << 16)
        if excel { for b: UInt8 in [0xEF, 0xBB, 0xBF] { append(b) } }
        for h in header { text(h) }
        endRow()
    }

    /// A writer for rows only (no BOM, no header), to be appended to another's bytes.
    init(rowsOnly excel: Bool, capacity: Int) {
        self.excel = excel
        (base, self.capacity) = ChunkBufferPool.shared.take(atLeast: max(capacity, 64))
    }

    deinit { ChunkBufferPool.shared.give((base, capacity)) }

    /// The bytes written so far.
    public var bytes: [UInt8] { [UInt8](UnsafeBufferPointer(start: base, count: count)) }

    /// Calls `body` with the bytes written so far, in place.
    public func withBytes<R>(_ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R {
        try body(UnsafeRawBufferPointer(start: base, count: count))
    }

    /// How many bytes have been written.
    public var byteCount: Int { count }

    /// Room for `n` more bytes.
    @inline(__always)
    private mutating func reserve(_ n: Int) {
        if count + n > capacity { grow(to: count + n) }
    }

    @inline(never)
    private mutating func grow(to needed: Int) {
        var bigger = capacity * 2
        while bigger < needed { bigger *= 2 }
        let larger = ChunkBufferPool.shared.take(atLeast: bigger)
        larger.base.initialize(from: base, count: count)
        ChunkBufferPool.shared.give((base, capacity))
        (base, capacity) = larger
    }

    @inline(__always)
    private mutating func append(_ byte: UInt8) {
        reserve(1)
        base[count] = byte
        count += 1
    }

    @inline(__always)
    private mutating func append(_ bytes: UnsafeBufferPointer<UInt8>) {
        guard let source = bytes.baseAddress else { return }
        let n = bytes.count
        reserve(n)
        copyShortBytes(base + count, from: source, count: n)
        count += n
    }

    /// Rows a chunk holds at most (a round is a chunk per thread): a table is written round by
    /// round, so memory stays bounded by this, not by the size of the table.
    public static let rowsPerChunk = 8192

    /// Writes a whole table into `sink`: the header, then the rows in rounds, each round split into
    /// chunks written in parallel and handed to the sink in row order, so the bytes are the same for
    /// any thread count. `chunk` writes the rows of one range and must only read shared state (it
    /// may gather what its rows need first: the range is small).
    public static func stream(
        header: [String], excel: Bool, rows count: Int, into sink: TableSink, rowsPerChunk: Int = rowsPerChunk,
        chunk: (inout TableWriter, Range<Int>) -> Void
    ) throws {
        try stream(
            header: header, excel: excel, rows: count, into: sink, rowsPerChunk: rowsPerChunk, prepare: { _ in () },
            chunk: { w, _, range in chunk(&w, range) })
    }

    /// Like `stream(header:excel:rows:into:rowsPerChunk:chunk:)`, with a `prepare` step per batch
    /// (before its chunks are written) that may gather what the batch's rows need; `chunk` gets it
    /// with its range of rows (positions in the table, within the batch's range). A batch holds
    /// `rowsPerBatch` rows (at least a round of chunks, one per thread), written round by round: a
    /// large batch makes fewer sweeps over the columns it gathers from, while the chunks' buffers
    /// stay the size of a round.
    public static func stream<Batch>(
        header: [String], excel: Bool, rows count: Int, into sink: TableSink, rowsPerChunk: Int = rowsPerChunk,
        rowsPerBatch: Int = 0, prepare: (Range<Int>) -> Batch, chunk: (inout TableWriter, Batch, Range<Int>) -> Void
    ) throws {
        try TableWriter(header: header, excel: excel).withBytes { try sink.write($0) }
        let rounds = RoundWriter(sink, background: Parallel.threads > 1)
        let perRound = max(rowsPerChunk, 1) * max(Parallel.threads, 1)
        let perBatch = max(rowsPerBatch, perRound)
        // Bytes a row takes, as the rounds so far wrote them: each chunk's buffer is sized once.
        var bytesPerRow = 128
        var batchStart = 0
        while batchStart < count {
            let batchEnd = min(count, batchStart + perBatch)
            let batch = prepare(batchStart..<batchEnd)
            var roundStart = batchStart
            while roundStart < batchEnd {
                let roundEnd = min(batchEnd, roundStart + perRound)
                let ranges = Parallel.ranges(roundEnd - roundStart, minimum: min(1024, rowsPerChunk)).map {
                    ($0.lowerBound + roundStart)..<($0.upperBound + roundStart)
                }
                let chunks = Parallel.map(ranges.count) { [bytesPerRow] c -> Chunk in
                    let written = Chunk(TableWriter(rowsOnly: excel, capacity: ranges[c].count * bytesPerRow))
                    chunk(&written.writer, batch, ranges[c])
                    return written
                }
                // The chunks' buffers go to the sink as they are: no copy into an array first.
                try rounds.write(chunks)
                let largest = zip(chunks, ranges).map { $0.writer.byteCount / max($1.count, 1) }.max() ?? 0
                bytesPerRow = max(bytesPerRow, largest + largest / 8 + 16)
                roundStart = roundEnd
            }
            batchStart = batchEnd
        }
        try rounds.finish()
    }

    /// A chunk's writer, kept (it cannot be copied) until its bytes have gone to the sink. It is
    /// written by one thread, then read by the one that hands it to the sink.
    private final class Chunk: @unchecked Sendable {
        var writer: TableWriter
        init(_ writer: consuming TableWriter) { self.writer = writer }
    }

    /// Hands a table's rounds of chunks to its sink in order, on a thread of its own when `background`
    /// (one round in flight): the next round is formatted while the last one is copied into the file.
    /// At the end of a large table, that copy was the only thing running (~0.4 s for rankings.csv at a
    /// million enterprises). The first failure is thrown by the next `write` or by `finish`.
    private final class RoundWriter: @unchecked Sendable {
        private let sink: TableSink
        private let queue: DispatchQueue?
        private let inFlight = DispatchSemaphore(value: 1)
        private let lock = NSLock()
        private var failure: Error?

        init(_ sink: TableSink, background: Bool) {
            self.sink = sink
            queue = background ? DispatchQueue(label: "mujun.table-rounds") : nil
        }

        func write(_ chunks: [Chunk]) throws {
            try rethrowFailure()
            guard let queue else { return try writeNow(chunks) }
            inFlight.wait()
            queue.async { [self] in
                defer { inFlight.signal() }
                guard lock.withLock({ failure == nil }) else { return }
                do { try writeNow(chunks) } catch { lock.withLock { failure = error } }
            }
        }

        /// Waits for the last round; throws the first failure.
        func finish() throws {
            queue?.sync {}
            try rethrowFailure()
        }

        private func writeNow(_ chunks: [Chunk]) throws {
            for c in chunks { try c.writer.withBytes { try sink.write($0) } }
        }

        private func rethrowFailure() throws {
            if let failure = lock.withLock({ failure }) { throw failure }
        }
    }

    /// `stream` into memory, for callers that want the bytes (tests, small tables).
    public static func table(
        header: [String], excel: Bool, rows count: Int, chunk: (inout TableWriter, Range<Int>) -> Void
    ) -> [UInt8] {
        MemorySink.collect { try stream(header: header, excel: excel, rows: count, into: $0, chunk: chunk) }
    }

    @inline(__always)
    private mutating func separator() {
        if !atRowStart { append(UInt8(ascii: ",")) }
        atRowStart = false
    }

    /// A text cell, quoted when it holds a separator, quote or line break.
    public mutating func text(_ s: String) {
        var s = s
        s.withUTF8 { text(bytes: $0) }
    }

    /// Entry `i` of a text column as a text cell, straight from the column's bytes.
    public mutating func text(_ column: TextColumn, _ i: Int) {
        column.withBytes(i) { text(bytes: $0) }
    }

    /// Cell `k` of `prepared`, its bytes as they were laid out (see `PreparedCells`).
    mutating func cell(_ prepared: PreparedCells, _ k: Int) {
        separator()
        prepared.withBytes(k) { append($0) }
    }

    /// A text cell from its UTF-8 bytes.
    private mutating func text(bytes utf8: UnsafeBufferPointer<UInt8>) {
        separator()
        var guardFormula = false
        if excel, let first = utf8.first, TableWriter.formulaStarts.contains(first), parseNumber(utf8) == nil {
            // A leading apostrophe makes spreadsheets show the cell as text instead of evaluating it.
            guardFormula = true
        }
        let needsQuotes = TableWriter.needsQuotes(utf8)
        if needsQuotes {
            append(0x22)
            if guardFormula { append(UInt8(ascii: "'")) }
            for b in utf8 {
                if b == 0x22 { append(0x22) }
                append(b)
            }
            append(0x22)
        } else {
            if guardFormula { append(UInt8(ascii: "'")) }
            append(utf8)
        }
    }

    /// Whether a text cell holds `,` `"` LF or CR. Eight bytes at a time: a word with no byte
    /// below 0x2D (nearly every word of a name or a reason) holds none of them.
    @inline(__always)
    private static func needsQuotes(_ utf8: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let base = utf8.baseAddress else { return false }
        let n = utf8.count
        let ones: UInt64 = 0x0101_0101_0101_0101
        var i = 0
        while i + 8 <= n {
            let w = UnsafeRawPointer(base + i).loadUnaligned(as: UInt64.self)
            // Flags (at least) every byte below 0x2D; a flagged word is checked byte by byte.
            if (w &- ones &* 0x2D) & ~w & (ones &* 0x80) != 0 { break }
            i += 8
        }
        while i < n {
            let b = base[i]
            if b == 0x2C || b == 0x22 || b == 0x0A || b == 0x0D { return true }
            i += 1
        }
        return false
    }

    /// A computed measure with 6 decimals; nil or NaN is an empty cell.
    ///
    /// Inlined into the row loops (a million-row table has tens of millions of measure cells);
    /// the rare exact route stays a call.
    @inline(__always)
    public mutating func measure(_ x: Double?) {
        separator()
        guard let x, x.isFinite else { return }
        if let micros = fastMicros(x) {
            // Straight into the buffer: no stack copy, no closure per cell.
            reserve(maxMicrosLength)
            count += layOutMicros(micros, at: base + count)
        } else {
            describedMeasure(x)
        }
    }

    /// The fast route declined: straight to the exact one (not through `withMeasureBytes`, which
    /// would try the fast route again).
    @inline(never)
    private mutating func describedMeasure(_ x: Double) {
        withDescribedMeasureBytes(x) { append($0) }
    }

    /// An integer cell; nil is empty.
    public mutating func integer(_ v: Int?) {
        separator()
        guard let v else { return }
        reserve(21)
        let sign = v < 0 ? 1 : 0
        if sign == 1 { base[count] = UInt8(ascii: "-") }
        count += sign + layOutDigits(UInt64(v.magnitude), at: base + count + sign)
    }

    /// A credit code cell: its 18 characters, written from the packed key without a `String`
    /// (never quoted or guarded: the alphabet holds no separator and no formula start).
    public mutating func code(_ c: USCC) {
        separator()
        reserve(18)
        c.layOut(at: base + count)
        count += 18
    }

    public mutating func empty() { separator() }

    public mutating func endRow() {
        append(UInt8(ascii: "\n"))
        atRowStart = true
    }

    static let formulaStarts: Set<UInt8> = [
        UInt8(ascii: "="), UInt8(ascii: "+"), UInt8(ascii: "-"), UInt8(ascii: "@"), 0x09, 0x0D,
    ]
}

/// Where a table's bytes go as they are produced: a file in the run's staging folder, or memory.
public protocol TableSink: AnyObject {
    func write(_ bytes: UnsafeRawBufferPointer) throws
}

extension TableSink {
    public func write(_ bytes: [UInt8]) throws { try bytes.withUnsafeBytes { try write($0) } }
}

/// A sink that keeps the bytes (tests, and tables small enough to build whole).
public final class MemorySink: TableSink {
    public private(set) var bytes: [UInt8] = []

    public init() {}

    public func write(_ bytes: UnsafeRawBufferPointer) throws { self.bytes += bytes }

    /// The bytes `write` produces into a fresh memory sink (which cannot fail).
    public static func collect(_ write: (TableSink) throws -> Void) -> [UInt8] {
        let sink = MemorySink()
        try? write(sink)
        return sink.bytes
    }
}

/// Reads per-enterprise columns at the ids of a batch of table rows, in ascending id order.
///
/// A table's rows are in rank or class order, so their ids are scattered over columns of millions of
/// entries: read in row order, nearly every cell is a cache and TLB miss. Visiting the same cells in
/// id order sweeps each column front to back (a batch of 64k rows out of a million touches every
/// 16th entry), and the gathered column, the size of the batch, stays in cache while it is written.
struct BatchGather {
    /// The batch's ids, in row order.
    let ids: [Int]
    /// Row offsets within the batch, ordered by their ids.
    private let byID: [Int]

    init(ids: [Int]) {
        self.ids = ids
        byID = positionsInOrder(ids)
    }

    /// `column[ids[i]]` for every row i of the batch, as a column of the batch's own.
    func callAsFunction(_ column: TextColumn) -> TextColumn { column.gathered(ids, visiting: byID) }

    /// `column[ids[i]]` for every row i of the batch, written into `out[i]`.
    func gather(_ column: [Double], into out: UnsafeMutableBufferPointer<Double>) {
        column.withUnsafeBufferPointer { source in
            for i in byID { out[i] = source[ids[i]] }
        }
    }

    /// `column[ids[i]]` for every row i of the batch.
    func callAsFunction<T>(_ column: [T]) -> [T] {
        let count = ids.count
        guard count > 0 else { return [] }
        return [T](unsafeUninitializedCapacity: count) { buffer, initialized in
            column.withUnsafeBufferPointer { source in
                // `byID` is a permutation of the rows: every slot is written exactly once.
                for i in byID { (buffer.baseAddress.unsafelyUnwrapped + i).initialize(to: source[ids[i]]) }
            }
            initialized = count
        }
    }
}
