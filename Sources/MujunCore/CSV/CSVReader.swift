import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// What a finished read learnt about the file as a whole (for the manifest).
public struct FileFacts: Equatable, Sendable {
    /// `utf-8`, `utf-8-bom` or `gb18030`.
    public var encoding: String
    public var sha256: String
    public var bytes: Int
}

/// Reads one CSV file in large blocks and hands each non-blank record to a callback (SPEC §2).
///
/// Encoding: a UTF-8 BOM means UTF-8; otherwise bytes that are valid UTF-8 mean UTF-8; otherwise
/// GB18030. Detection streams: the file is read as UTF-8 until the first invalid byte, and only
/// then read again from the start as GB18030, so the callback must tolerate being restarted —
/// `read` takes a closure that builds a fresh consumer for each attempt.
public struct CSVReader {
    public var path: String
    /// How messages name the file (the path as the user gave it).
    public var displayPath: String
    public var encoding: TextEncoding
    public var blockSize = 4 << 20
    /// `readChunked`: the smallest chunk worth a thread of its own.
    var chunkBytes = 64 << 10
    /// `readChunked`: chunks per worker that parses a window at the same time.
    static let chunksPerWorker = 16
    /// `readChunked`: split a window only into as many chunks as there are threads free to take
    /// them (while every thread is busy with other files, splitting would only add the boundary
    /// pass). Results never depend on it; tests turn it off so that every window splits.
    var splitOnlyForIdleThreads = true
    /// A record longer than this is a fatal error rather than an unbounded buffer.
    public var maxRecordBytes = 64 << 20
    public var maxFields = 10_000

    public init(path: String, displayPath: String? = nil, encoding: TextEncoding = .auto) {
        self.path = path
        self.displayPath = displayPath ?? path
        self.encoding = encoding
    }

    private struct RestartAsGB18030: Error {}
    /// `Parallel.map` runs every index; this only stands in for a result before it has.
    private struct SkippedTask: Error {}

    /// Reads the file; `makeConsumer` is called once per attempt and its result receives the records.
    /// The first non-blank record is the header.
    /// `fast` is the consumer's fast path for a clean one-line record (see `RecordLoop.run`).
    public func read<Consumer>(
        makeConsumer: () -> Consumer,
        fast: (inout Consumer, UnsafeMutablePointer<UInt8>, Int, Int, Int) throws -> Int = { _, _, _, _, _ in -1 },
        consume: (inout Consumer, CSVRecord) throws -> Void
    ) throws -> (Consumer, FileFacts) {
        try attempts { mode, allowFallback in
            var consumer = makeConsumer()
            var records = RecordLoop(base: nil, maxFields: maxFields, path: displayPath)
            let facts = try readWindows(mode: mode, allowFallback: allowFallback) { p, filled, atEOF, readAhead in
                let consumed = try alongside(readAhead) {
                    try records.run(
                        p, from: 0, end: filled, atEOF: atEOF, fast: { try fast(&consumer, $0, $1, $2, $3) }
                    ) {
                        try consume(&consumer, $0)
                        return true
                    }
                }
                return WindowProgress(consumed: consumed, line: records.tokenizer.line)
            }
            return (consumer, facts)
        }
    }

    /// Reads the file with its data records spread over workers that run at the same time (issue #3).
    ///
    /// The header (the first non-blank record) goes to `start`, which returns the workers for this
    /// attempt (at least one; called again if the file is restarted as GB18030). Each window of
    /// bytes after it is split at exact record boundaries (`CSVChunkSplitter`) into many chunks
    /// (`chunksPerWorker` per worker that can parse at the same time, one per free thread; at least
    /// `chunkBytes` each), and each chunk is tokenized by whichever thread takes it, on whichever
    /// worker is free then. Every record reaches exactly one worker with its true physical line,
    /// and a chunk's records reach their worker in file order, but which worker gets which record
    /// (and whether a worker's chunks come in file order) depends on the tuning and on timing:
    /// callers combine the workers with order-independent sums (and sort anything kept by line).
    ///
    /// Hashing, encoding detection and the errors are those of `read`. An error thrown by `consume`
    /// is the one from the earliest chunk, as a sequential read would have met first. With no header
    /// the result has no workers.
    ///
    /// `fast` is each worker's fast path for a clean one-line data record (see `RecordLoop.run`).
    func readChunked<Worker>(
        start: (CSVRecord) throws -> [Worker],
        fast: (inout Worker, UnsafeMutablePointer<UInt8>, Int, Int, Int) throws -> Int = { _, _, _, _, _ in -1 },
        consume: (inout Worker, CSVRecord) throws -> Void
    ) throws -> ([Worker], FileFacts) {
        try attempts { mode, allowFallback in
            var workers: [Worker] = []
            var sawHeader = false
            // The header, windows too small to split, and the line count across windows.
            var records = RecordLoop(base: nil, maxFields: maxFields, path: displayPath)
            let splitter = CSVChunkSplitter(maxFields: maxFields)
            let minimumChunk = Swift.max(1, chunkBytes)
            let facts = try readWindows(mode: mode, allowFallback: allowFallback) { p, filled, atEOF, readAhead in
                var position = 0
                if !sawHeader {
                    position = try records.run(p, from: 0, end: filled, atEOF: atEOF) { header in
                        workers = try start(header)
                        sawHeader = true
                        return false
                    }
                    if !sawHeader {
                        readAhead()
                        return WindowProgress(consumed: position, line: records.tokenizer.line)
                    }
                }
                // Workers that parse at the same time: one per free thread at most.
                var busy = Swift.min(workers.count, (filled - position) / minimumChunk)
                if splitOnlyForIdleThreads && busy > 1 { busy = Swift.min(busy, 1 + Parallel.idleThreads) }
                if busy <= 1 {
                    // Not worth splitting; the records go to worker 0 (none without workers),
                    // reached through a pointer so that no record pays for the array's checks.
                    position = try workers.withUnsafeMutableBufferPointer { slots in
                        try alongside(readAhead) {
                            try records.run(
                                p, from: position, end: filled, atEOF: atEOF,
                                fast: { p, i, end, line in
                                    guard let first = slots.baseAddress else { return -1 }
                                    return try fast(&first.pointee, p, i, end, line)
                                }
                            ) { record in
                                if let first = slots.baseAddress { try consume(&first.pointee, record) }
                                return true
                            }
                        }
                    }
                    return WindowProgress(consumed: position, line: records.tokenizer.line)
                }
                // Many more chunks than workers, each taken by whichever thread is free (with
                // whichever worker is free): the threads then finish the window within a small
                // chunk of each other, whatever the read of the next block or a page fault takes.
                let k = Swift.min(busy * CSVReader.chunksPerWorker, (filled - position) / minimumChunk)
                let cuts = CSVChunkSplitter.equalCuts(start: position, end: filled, parts: k)
                let split = splitter.split(p, start: position, end: filled, atEOF: atEOF, cuts: cuts)
                let line = records.tokenizer.line
                let free = FreeWorkers(count: busy)
                let outcomes = workers.withUnsafeMutableBufferPointer { slots -> [Error?] in
                    guard let base = slots.baseAddress else { return [] }
                    // Index 0 reads the next block (the one part that cannot be split, so it
                    // goes first); 1…k parse the chunks.
                    return Parallel.map(k + 1) { task -> Error? in
                        guard task > 0 else {
                            readAhead()
                            return nil
                        }
                        let chunk = split.chunks[task - 1]
                        guard chunk.start < chunk.end else { return nil }
                        let j = free.take()
                        defer { free.give(j) }
                        // The worker is moved out for the chunk and back after it: neighbouring
                        // workers' counters would otherwise share cache lines between cores.
                        var worker = (base + j).move()
                        defer { (base + j).initialize(to: worker) }
                        // Verified chunks are disjoint, so unescaping in place touches only this
                        // chunk's bytes. Every record in it is complete and ends before
                        // `chunk.end`, so the chunk's end may stand for the end of the input: the
                        // tokenizer then never looks past the chunk, not even a word at a time.
                        var chunkRecords = RecordLoop(base: p, maxFields: maxFields, path: displayPath)
                        chunkRecords.tokenizer.line = line + chunk.newlinesBefore
                        do {
                            _ = try chunkRecords.run(
                                p, from: chunk.start, end: chunk.end, atEOF: true,
                                fast: { try fast(&worker, $0, $1, $2, $3) }
                            ) {
                                try consume(&worker, $0)
                                return true
                            }
                        } catch {
                            return error
                        }
                        return nil
                    }
                }
                for case let error? in outcomes { throw error }
                if split.tooManyFields {
                    throw CSVError.tooManyColumns(path: displayPath, count: maxFields + 1, limit: maxFields)
                }
                records.tokenizer.line = line + split.newlines
                return WindowProgress(consumed: split.complete, line: records.tokenizer.line)
            }
            return (workers, facts)
        }
    }

    /// Runs `parse` and `readAhead` at the same time when a thread is free; returns or throws what
    /// `parse` does.
    private func alongside<T>(_ readAhead: () -> Void, _ parse: () throws -> T) throws -> T {
        var result: Result<T, Error> = .failure(SkippedTask())
        _ = Parallel.map(2) { task in
            if task == 0 { readAhead() } else { result = Result { try parse() } }
        }
        return try result.get()
    }

    /// Runs `body` as UTF-8 (or the pinned encoding), and once more as GB18030 if auto-detection
    /// meets bytes that are not UTF-8.
    private func attempts<T>(_ body: (_ mode: TextEncoding, _ allowFallback: Bool) throws -> T) throws -> T {
        do {
            return try body(encoding, encoding == .auto)
        } catch is RestartAsGB18030 {
            return try body(.gb18030, false)
        }
    }

    /// Reads, hashes and decodes the file block by block, handing each window of decoded UTF-8
    /// bytes (`p[0..<filled]`, starting at a record boundary) to `window`, which tokenizes the
    /// complete records and says where they stop; the rest waits for the next block.
    private func readWindows(
        mode: TextEncoding, allowFallback: Bool,
        _ window: (
            _ p: UnsafeMutablePointer<UInt8>, _ filled: Int, _ atEOF: Bool, _ readAhead: () -> Void
        ) throws -> WindowProgress
    ) throws -> FileFacts {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else {
            let reason = errno == ENOENT ? "no such file" : String(cString: strerror(errno)).lowercased()
            throw CSVError.unreadable(path: displayPath, reason: reason)
        }
        var info = stat()
        if fstat(fd, &info) == 0 && (info.st_mode & S_IFMT) == S_IFDIR {
            close(fd)
            throw CSVError.unreadable(path: displayPath, reason: "is a directory, not a file")
        }
        defer { close(fd) }

        var utf8 = UTF8Validator()
        var gb = GB18030Validator()
        var totalBytes = 0
        var sawBOM = false
        let gbMode = mode == .gb18030

        // UTF-8 blocks are read straight into the buffer of the window after next (`buffers`), right
        // behind where the unfinished record of the current window will go: no block is copied.
        let step = Swift.max(blockSize, 3)
        var buffers = WindowBuffers(step: step, leftoverRoom: blockSize / 4)
        defer { buffers.deallocate() }
        // GB18030 input is read here and decoded into an array instead.
        let raw = gbMode ? UnsafeMutablePointer<UInt8>.allocate(capacity: step) : nil
        defer { raw?.deallocate() }
        // GB18030 bytes waiting for a line end before they can be decoded.
        var gbPending: [UInt8] = []
        var gbDecoder = GB18030Decoder()
        // The last window's decoded array, once its bytes are in the window: decoded into again,
        // so that each block does not fault in fresh memory.
        var spareDecoded: [UInt8] = []
        // Each block is handed to the hash and hashed later (`HashStream`), before its window is
        // tokenized (which unescapes quoted fields in place) and before its buffer is reused.
        // Closed after the buffers are declared, so before they are freed: no block may be left
        // waiting to be hashed from freed memory (an error or a restart as GB18030 ends the read).
        let hashing = HashStream()
        defer { hashing.close() }

        // Physical line of the unfinished record at the front of the next window, for `recordTooLarge`.
        var pendingLine = 1
        var first = true
        // The first reads are smaller (256 KiB, then 1 MiB, then whole blocks): nothing of a window
        // is tokenized before its block is read, hashed and validated, so a whole first block kept
        // the other cores idle ~5 ms at the start of enterprises.csv, which is read alone.
        var readSize = Swift.min(step, 256 << 10)

        /// Reads, hashes and validates the next block, leaving its UTF-8 bytes where the next
        /// window will take them (UTF-8 input) or decoding them (GB18030 input). It touches nothing
        /// of the current window, so it can run while `window` tokenizes it.
        func fetch() throws -> Fetched {
            let target = raw ?? buffers.readTarget
            var n: Int
            repeat {
                n = posixRead(fd, target, readSize)
            } while n < 0 && errno == EINTR
            readSize = Swift.min(blockSize, readSize * 4)
            if n < 0 { throw CSVError.unreadable(path: displayPath, reason: String(cString: strerror(errno))) }
            let atEOF = n == 0
            var block = UnsafeBufferPointer(start: target, count: n)
            hashing.add(UnsafeRawBufferPointer(block))
            let blockOffset = totalBytes
            totalBytes += n
            if first && n > 0 {
                first = false
                if !gbMode && n >= 3 && target[0] == 0xEF && target[1] == 0xBB && target[2] == 0xBF {
                    sawBOM = true
                    block = UnsafeBufferPointer(rebasing: block[3...])
                    _ = utf8.feed(UnsafeBufferPointer(start: target, count: 3))
                }
            }
            guard gbMode else {
                if let bad = utf8.feed(block) ?? (atEOF ? utf8.finish() : nil) {
                    if allowFallback && !sawBOM { throw RestartAsGB18030() }
                    throw CSVError.undecodable(path: displayPath, offset: bad, encoding: "UTF-8")
                }
                return Fetched(atEOF: atEOF, utf8: block)
            }
            if let bad = gb.feed(block) ?? (atEOF ? gb.finish() : nil) {
                throw CSVError.undecodable(path: displayPath, offset: bad, encoding: "GB18030")
            }
            gbPending.append(contentsOf: block)
            // Decode up to the last line end (never inside a multi-byte sequence); undecoded
            // bytes wait in `gbPending`.
            var cut = gbPending.count
            if !atEOF {
                cut = 0
                if let lastNewline = gbPending.lastIndex(of: newlineByte) { cut = lastNewline + 1 }
                if cut == 0 && gb.atBoundary && gbPending.count > blockSize { cut = gbPending.count }
            }
            var fetched = Fetched(atEOF: atEOF, utf8: UnsafeBufferPointer(start: nil, count: 0))
            if cut > 0 {
                var decoded: [UInt8] = []
                swap(&decoded, &spareDecoded)
                decoded.removeAll(keepingCapacity: true)
                let ok = gbPending.withUnsafeBufferPointer {
                    gbDecoder.decode(UnsafeBufferPointer(rebasing: $0[0..<cut]), appendingTo: &decoded)
                }
                guard ok else {
                    throw CSVError.undecodable(path: displayPath, offset: blockOffset, encoding: "GB18030")
                }
                fetched.decoded = decoded
                gbPending.removeSubrange(0..<cut)
            }
            return fetched
        }

        var fetched = try fetch()
        // The bytes of the last window not yet tokenized (in the buffer the next block is not read into).
        var leftover = UnsafeBufferPointer<UInt8>(start: nil, count: 0)
        while true {
            hashing.settle()
            // One of the two is empty: raw bytes for UTF-8 input, decoded ones for GB18030.
            let added = fetched.decoded.isEmpty ? fetched.utf8.count : fetched.decoded.count
            if leftover.count + added > maxRecordBytes + step * 2 {
                throw CSVError.recordTooLarge(path: displayPath, line: pendingLine, limit: maxRecordBytes)
            }
            let current = fetched.decoded.withUnsafeBufferPointer { decoded in
                buffers.window(leftover: leftover, block: decoded.isEmpty ? fetched.utf8 : decoded)
            }
            if !fetched.decoded.isEmpty { swap(&spareDecoded, &fetched.decoded) }
            let atEOF = fetched.atEOF

            // The next block is read while this window is tokenized. Its errors wait until the
            // window is done: an error of the window's own records comes first, as it would in
            // a strictly sequential read.
            var next: Result<Fetched, Error>? = nil
            let progress = try window(current.base, current.count, atEOF) {
                if !atEOF && next == nil { next = Result { try fetch() } }
            }
            pendingLine = progress.line
            // Only an unfinished record is left over (never at EOF): a bounded one.
            leftover = UnsafeBufferPointer(
                start: current.base + progress.consumed, count: current.count - progress.consumed)
            if leftover.count > maxRecordBytes {
                throw CSVError.recordTooLarge(path: displayPath, line: pendingLine, limit: maxRecordBytes)
            }
            if atEOF { break }
            fetched = try (next ?? Result { try fetch() }).get()
        }
        let encodingName = gbMode ? "gb18030" : (sawBOM ? "utf-8-bom" : "utf-8")
        return FileFacts(encoding: encodingName, sha256: SHA256.hex(hashing.finalize()), bytes: totalBytes)
    }
}

/// The two buffers `readWindows` alternates between: while a window of one is tokenized, the next
/// block is read into the other, at its end, and the window's unfinished record is then copied in
/// front of the block. Only that record moves; a leftover longer than the room in front (a record
/// longer than a quarter block) or a decoded GB18030 block takes the slow way, a copy of both.
private struct WindowBuffers {
    private var bases: [UnsafeMutablePointer<UInt8>]
    private var capacities: [Int]
    /// The most bytes one block may hold.
    private let step: Int
    /// The buffer the next block goes into.
    private var next = 0

    init(step: Int, leftoverRoom: Int) {
        self.step = step
        capacities = [step + leftoverRoom, step + leftoverRoom]
        bases = capacities.map { UnsafeMutablePointer<UInt8>.allocate(capacity: $0) }
    }

    func deallocate() {
        for base in bases { base.deallocate() }
    }

    /// Where the next block is read: room for `step` bytes at the end of the buffer not being tokenized.
    var readTarget: UnsafeMutablePointer<UInt8> { bases[next] + capacities[next] - step }

    /// The next window: `leftover` (from the other buffer), then `block` — read at `readTarget`
    /// (perhaps less a BOM), or decoded elsewhere. Afterwards the next block goes into the other buffer.
    mutating func window(
        leftover: UnsafeBufferPointer<UInt8>, block: UnsafeBufferPointer<UInt8>
    ) -> (base: UnsafeMutablePointer<UInt8>, count: Int) {
        defer { next = 1 - next }
        let base = bases[next]
        let total = leftover.count + block.count
        if let address = block.baseAddress, case let blockStart = UnsafeMutablePointer(mutating: address),
            blockStart >= base, blockStart < base + capacities[next], blockStart - base >= leftover.count
        {
            // The common case: the block is in place and its unfinished predecessor fits in front.
            let start = blockStart - leftover.count
            if let from = leftover.baseAddress { start.update(from: from, count: leftover.count) }
            return (start, total)
        }
        // Both copied to the front, into a larger buffer if need be (the old one may hold `block`).
        var target = base
        if total + step > capacities[next] {
            let capacity = Swift.max(capacities[next] * 2, total + step)
            target = UnsafeMutablePointer<UInt8>.allocate(capacity: capacity)
            capacities[next] = capacity
        }
        if let from = block.baseAddress { memmove(target + leftover.count, from, block.count) }
        if let from = leftover.baseAddress { target.update(from: from, count: leftover.count) }
        if target != base {
            base.deallocate()
            bases[next] = target
        }
        return (target, total)
    }
}

/// The workers of a chunked read not parsing a chunk right now: a chunk takes one and gives it
/// back. As many as threads may parse at once, so one is nearly always free.
private final class FreeWorkers: @unchecked Sendable {
    private let condition = NSCondition()
    private var free: [Int]

    init(count: Int) { free = Array((0..<count).reversed()) }

    func take() -> Int {
        condition.lock()
        defer { condition.unlock() }
        while true {
            if let j = free.popLast() { return j }
            condition.wait()
        }
    }

    func give(_ j: Int) {
        condition.lock()
        free.append(j)
        condition.signal()
        condition.unlock()
    }
}

/// One block of input, read, hashed and validated.
private struct Fetched {
    var atEOF: Bool
    /// UTF-8 input: the block's bytes (after any BOM), where the next window takes them.
    var utf8: UnsafeBufferPointer<UInt8>
    /// GB18030 input: the bytes decoded so far, as UTF-8.
    var decoded: [UInt8] = []
}

/// What a window's tokenizing reports back to the block loop.
private struct WindowProgress {
    /// Where the complete records stop.
    var consumed: Int
    /// Physical line of the first byte not consumed.
    var line: Int
}

/// Tokenizes the complete records of a stretch of bytes in order and hands the non-blank ones on.
struct RecordLoop {
    var tokenizer = CSVTokenizer()
    private var record: CSVRecord?
    private let path: String

    init(base: UnsafeMutablePointer<UInt8>?, maxFields: Int, path: String) {
        tokenizer.maxFields = maxFields
        record = base.map { CSVRecord(base: $0) }
        self.path = path
    }

    /// Tokenizes `p[from..<end]` until the bytes run out, a record is unfinished, or `body` returns
    /// false; returns where the records it took stop. Blank records are skipped unless malformed.
    ///
    /// `fast` may take a whole one-line record starting at a position itself (a reader's fast path
    /// for the common clean row): it returns where the next record starts, just past the record's
    /// line feed, or -1 to leave the record to the tokenizer and `body`.
    mutating func run(
        _ p: UnsafeMutablePointer<UInt8>, from: Int, end: Int, atEOF: Bool,
        fast: (UnsafeMutablePointer<UInt8>, Int, Int, Int) throws -> Int = { _, _, _, _ in -1 },
        _ body: (CSVRecord) throws -> Bool
    ) throws -> Int {
        var current = record ?? CSVRecord(base: p)
        defer { record = current }
        var i = from
        while i < end {
            let next = try fast(p, i, end, tokenizer.line)
            if next >= 0 {
                i = next
                tokenizer.line += 1
                continue
            }
            switch tokenizer.next(p, start: i, end: end, atEOF: atEOF, into: &current) {
            case .incomplete:
                return i
            case .tooManyFields:
                throw CSVError.tooManyColumns(path: path, count: tokenizer.maxFields + 1, limit: tokenizer.maxFields)
            case .record(let next):
                i = next
                if !current.isBlank || current.isMalformed {
                    if try !body(current) { return i }
                }
            }
        }
        return i
    }
}

/// read(2), named apart from `CSVReader.read`.
private func posixRead(_ fd: Int32, _ buffer: UnsafeMutableRawPointer, _ count: Int) -> Int {
    read(fd, buffer, count)
}

private let newlineByte = UInt8(ascii: "\n")
/// Foundation's GB18030 (kCFStringEncodingGB_18030_2000).
let gb18030Encoding = String.Encoding(rawValue: 0x8000_0632)
