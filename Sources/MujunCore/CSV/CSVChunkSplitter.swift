import CIntrinsics

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Splits a stretch of UTF-8 CSV bytes into chunks that start and end on record boundaries, so
/// that each chunk can be tokenized on its own thread (issue #3).
///
/// The boundaries are exact, not heuristic. Given a true record start `start` and nominal cuts
/// `b_1 < … < b_(k-1)`, chunk `j` runs from the first true record start at or after `b_j` to the
/// first one at or after `b_(j+1)`, where the true record starts are those a sequential
/// tokenization from `start` finds. A cut inside a quoted field (even one holding line breaks), in
/// a CRLF pair or in a multi-byte character therefore moves to the next real record.
///
/// Finding that sequentially would cost a whole tokenizing pass on one thread, so the splitter
/// speculates and then verifies:
/// 1. In parallel, each chunk after the first guesses that the first line start at or after its
///    cut is a record start, and skims records from there (without unescaping, so a wrong guess
///    writes nothing) up to the next cut.
/// 2. Sequentially, each guess is checked against where the previous, already verified chunk
///    really ended; only a wrong guess (rare: a cut inside a quoted line break) is skimmed again
///    from the right place.
///
/// In practice the splitter does not skim at all: one pass over the window's line feeds and quotes
/// (`mujun_scan_records`, many times faster than skimming records) finds the same record starts,
/// unless a record is long enough that only counting its fields can say where the split must stop.
struct CSVChunkSplitter {
    var maxFields = 10_000

    struct Chunk: Equatable {
        var start: Int
        var end: Int
        /// `\n` bytes between the splitter's `start` and this chunk's start, for physical line numbers.
        var newlinesBefore: Int
    }

    struct Split: Equatable {
        /// One per cut plus one, in order, contiguous; some may be empty.
        var chunks: [Chunk]
        /// Where the complete records stop: the bytes from here on (an unfinished record) wait for
        /// more input. `end` when everything was complete.
        var complete: Int
        /// `\n` bytes in `start..<complete`.
        var newlines: Int
        /// The record at `complete` has more than `maxFields` fields: an error for the caller to
        /// report once the records before it have been handled.
        var tooManyFields: Bool
    }

    /// How one skim stopped.
    private enum Stop {
        /// At the first record starting at or after the limit, or at the end of the bytes.
        case limit
        case incomplete
        case tooManyFields
    }

    private struct Skim {
        var start: Int
        var end: Int
        var newlines: Int
        var stop: Stop
    }

    /// Splits `p[start..<end]` at the record boundaries nearest after `cuts`, which must increase
    /// and lie in `start + 1 ..< end`. `atEOF` says whether `end` is the end of the input.
    func split(_ p: UnsafeMutablePointer<UInt8>, start: Int, end: Int, atEOF: Bool, cuts: [Int]) -> Split {
        splitByScanning(p, start: start, end: end, atEOF: atEOF, cuts: cuts)
            ?? splitBySkimming(p, start: start, end: end, atEOF: atEOF, cuts: cuts)
    }

    /// `split` for any bytes: speculative skims, verified.
    func splitBySkimming(_ p: UnsafeMutablePointer<UInt8>, start: Int, end: Int, atEOF: Bool, cuts: [Int]) -> Split {
        let k = cuts.count + 1
        func limit(_ j: Int) -> Int { j + 1 < k ? cuts[j] : end }
        // Phase 1: every chunk from a guessed start, at the same time. Chunk 0's start is known.
        let guesses = Parallel.map(k) { j in
            skim(p, from: j == 0 ? start : lineStart(p, atOrAfter: cuts[j - 1], end: end), limit: limit(j), end: end,
                atEOF: atEOF)
        }
        // Phase 2: keep the guesses that start where the previous chunk truly ended.
        var chunks: [Chunk] = []
        chunks.reserveCapacity(k)
        var position = start
        var newlines = 0
        var stopped: Stop? = nil
        for j in 0..<k {
            if stopped != nil {
                chunks.append(Chunk(start: position, end: position, newlinesBefore: newlines))
                continue
            }
            var s = guesses[j]
            if s.start != position { s = skim(p, from: position, limit: limit(j), end: end, atEOF: atEOF) }
            chunks.append(Chunk(start: position, end: s.end, newlinesBefore: newlines))
            position = s.end
            newlines += s.newlines
            // A verified chunk that stopped early stops everything after it: the rest of the
            // bytes waits for more input, or the record is an error.
            if s.stop != .limit { stopped = s.stop }
        }
        return Split(chunks: chunks, complete: position, newlines: newlines, tooManyFields: stopped == .tooManyFields)
    }

    /// `split` in one sequential pass over the bytes (`mujun_scan_records`), which finds every
    /// record's end by its line feed outside quotes: chunks start at the first record start at or
    /// after each cut, and the complete records stop after the last record's line feed (at the end
    /// of the input, at the end). Nil, for `split` to skim instead, when a record is long enough to
    /// hold more than `maxFields` fields (never in practice: if it has too many, the split must
    /// stop at it, and only the skim counts fields).
    func splitByScanning(
        _ p: UnsafeMutablePointer<UInt8>, start: Int, end: Int, atEOF: Bool, cuts: [Int]
    ) -> Split? {
        guard start < end else { return nil }
        let relative = cuts.map { $0 - start }
        var starts = [Int](repeating: 0, count: cuts.count)
        var before = [Int](repeating: 0, count: cuts.count)
        let scan = relative.withUnsafeBufferPointer { cuts in
            starts.withUnsafeMutableBufferPointer { starts in
                before.withUnsafeMutableBufferPointer { before in
                    mujun_scan_records(
                        p + start, end - start, maxFields, cuts.baseAddress, cuts.count, starts.baseAddress,
                        before.baseAddress)
                }
            }
        }
        // A record shorter than `maxFields` bytes has fewer separators than that.
        guard scan.has_long_record == 0 else { return nil }
        // Every record's line feed is before `complete`; a chunk starting past it starts there instead.
        let complete = atEOF ? end : start + scan.after_last
        let newlines = atEOF ? scan.newlines : scan.newlines_before_last
        var chunkStarts = [start]
        var newlinesBefore = [0]
        for j in cuts.indices {
            let at = start + starts[j]
            chunkStarts.append(Swift.min(at, complete))
            newlinesBefore.append(at < complete ? before[j] : newlines)
        }
        let chunks = chunkStarts.indices.map { j in
            Chunk(
                start: chunkStarts[j], end: j + 1 < chunkStarts.count ? chunkStarts[j + 1] : complete,
                newlinesBefore: newlinesBefore[j])
        }
        return Split(chunks: chunks, complete: complete, newlines: newlines, tooManyFields: false)
    }

    /// `parts - 1` cut positions that split `start..<end` into `parts` nearly equal parts, increasing
    /// and inside `start + 1 ..< end`. `end - start` must be at least `parts`.
    static func equalCuts(start: Int, end: Int, parts: Int) -> [Int] {
        let total = end - start
        return (1..<Swift.max(parts, 1)).map { j in start + Swift.min(Swift.max(total * j / parts, j), total - parts + j) }
    }

    /// The byte after the first `\n` at or after `cut - 1` (so `cut` itself when a line starts
    /// there), or `end`.
    private func lineStart(_ p: UnsafeMutablePointer<UInt8>, atOrAfter cut: Int, end: Int) -> Int {
        let from = cut - 1
        guard from < end, let hit = memchr(p + from, Int32(UInt8(ascii: "\n")), end - from) else { return end }
        return hit.assumingMemoryBound(to: UInt8.self) - p + 1
    }

    /// Skims records from `from` while they start before `limit`, without writing to `p`.
    private func skim(_ p: UnsafeMutablePointer<UInt8>, from: Int, limit: Int, end: Int, atEOF: Bool) -> Skim {
        var tokenizer = CSVTokenizer()
        tokenizer.maxFields = maxFields
        // Counting from 0 makes the tokenizer's line the number of `\n` bytes it passed.
        tokenizer.line = 0
        var record = CSVRecord(base: p)
        var i = from
        while i < limit && i < end {
            switch tokenizer.next(p, start: i, end: end, atEOF: atEOF, into: &record, unescape: false) {
            case .record(let next): i = next
            case .incomplete: return Skim(start: from, end: i, newlines: tokenizer.line, stop: .incomplete)
            case .tooManyFields: return Skim(start: from, end: i, newlines: tokenizer.line, stop: .tooManyFields)
            }
        }
        return Skim(start: from, end: i, newlines: tokenizer.line, stop: .limit)
    }
}
