import Foundation

/// Ingest: reads the nine department exports (SPEC §2) and, row by row as they stream past,
/// validates each row (`RowCells`, SPEC §3), normalises its units (`Normalize`, SPEC §4) and adds it
/// to its enterprise's sums by dense id. Validation and normalisation are fused into the read so
/// that no input file is ever held whole in memory.
public enum Ingest {
    /// Where the inputs are and how to read them.
    public struct Options: Sendable {
        public var dataDirectory: String
        public var year: Int
        /// `--history FILE`: one more history file (e.g. last year's rankings.csv), read after
        /// history.csv with the same rules; its rows are appended and it has its own manifest entry.
        public var extraHistory: String?

        /// How the files are read; nil: the defaults. Results never depend on it.
        var readTuning: ReadTuning?
        /// Whether `Inputs.history` keeps the history rows. A run reads them only through
        /// `Inputs.historyDigest`, so it lets them go as soon as the digest is taken, while tax
        /// and energy are still being read (2.9 million rows, ~116 MB, at province scale).
        var keepsHistoryRows = true

        public init(dataDirectory: String, year: Int, extraHistory: String? = nil) {
            self.dataDirectory = dataDirectory
            self.year = year
            self.extraHistory = extraHistory
        }
    }

    /// Block and chunk sizes. Tests shrink them so that block and chunk boundaries fall inside
    /// quoted fields, CRLF pairs and multi-byte characters; the results must not change.
    struct ReadTuning: Sendable {
        /// Bytes read at a time, for every file.
        var blockSize = 4 << 20
        /// Files read in parallel chunks (enterprises, tax, energy): the smallest chunk worth a worker.
        var chunkBytes = 64 << 10
        /// Workers per chunked file; nil: `Parallel.threads`.
        var workers: Int?
        /// Split only for threads that are free (see `CSVReader.splitOnlyForIdleThreads`).
        var splitOnlyForIdleThreads = true
        /// Offer clean rows of tax and energy to their fast paths (`FastRow`); tests turn it off to
        /// compare with the generic path.
        var fastRows = true
    }

    public static func run(_ pipeline: Pipeline, _ options: Options) throws -> Inputs {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: options.dataDirectory, isDirectory: &isDirectory),
            isDirectory.boolValue
        else { throw PipelineError.dataFolderMissing(path: options.dataDirectory) }

        var ingest = IngestState(pipeline: pipeline, options: options)
        // The registry's codes first: every other file's rows are looked up in them.
        let registryColumns = try ingest.readRegistry()
        // The other files are independent of each other, so they are read at the same time, each
        // into its own copy of the state; the copies are folded back in SPEC §2 order, so the
        // result is the same whatever finishes first. The files read on one thread go first,
        // slowest first (land.csv is often GB18030, decoded as well as parsed); tax and energy,
        // the largest, come last because they spread their chunks over every thread that runs out
        // of files, so no core waits while one file finishes alone.
        let readers: [(InputFile, (inout IngestState) throws -> Void)] = [
            (.land, { try $0.readLand() }),
            (.economy, { try $0.readEconomy() }),
            (.history, { state in
                try state.readHistory()
                if let extra = options.extraHistory { try state.readHistory(path: extra) }
                // Taken here, while tax and energy are still being read, rather than after ingest
                // with every file done, when part of the machine would wait for it.
                state.historyDigest = HistoryDigest(state.history, registry: state.registry, year: state.year)
                if !options.keepsHistoryRows { state.history = [] }
            }),
            (.emissions, { try $0.readEmissions() }),
            (.leases, { try $0.readLeases() }),
            (.violations, { try $0.readViolations() }),
            (.energy, { try $0.readEnergy() }),
            (.tax, { try $0.readTax() }),
        ]
        let base = ingest.emptyCopy()
        // The registry's other columns are built at the same time, as the first task: the pool
        // hands out a loop's tasks in order, so they are built while the files are read. (As the
        // second half of a `Parallel.both`, they waited until no thread had a file's chunk left to
        // take, and were built at the end of ingest, with part of the machine idle.)
        var parts = Parallel.map(readers.count + 1) { task -> Result<IngestState, Error> in
            var part = base
            guard task > 0 else {
                _ = registryColumns.value()
                return .success(part)  // no file's state: not absorbed
            }
            return Result { try readers[task - 1].1(&part); return part }
        }
        ingest.registry.fill(registryColumns.value())
        let order = readers.indices.sorted { readers[$0].0 < readers[$1].0 }
        var rejects = [ingest.rejects]
        for i in order {
            let part = try parts[i + 1].get()
            ingest.absorb(part, file: readers[i].0)
            rejects.append(part.rejects)
        }
        // Every file's rejects in SPEC §2 order, copied into place in parallel (161k rejects at a
        // million enterprises), and the parts let go in parallel too: each reject holds two
        // strings to release, which kept one core alone for ~35 ms at the end of ingest.
        ingest.rejects = Parallel.concatenated(rejects)
        rejects = []
        parts.withUnsafeMutableBufferPointer { parts in
            _ = Parallel.map(parts.count) { i in parts[i] = .success(base) }
        }
        return ingest.finish()
    }
}

/// One attempt at reading one file (or, for a chunked file, one worker's share of it): its
/// accumulator and accounting, thrown away if the reader restarts the file in another encoding.
private struct FileConsumer<Acc> {
    var acc: Acc
    /// Owns `positions`: the header's column positions as raw memory for `RowCells`.
    private var slots: ColumnSlots?
    /// What `take` needs of the header for every row, as plain values (nil until the header is
    /// read): reading the column map itself per row would retain and release its arrays.
    private(set) var positions: UnsafePointer<Int>?
    private var headerCount = 0
    /// The header is exactly the file's columns in SPEC §2 order, so a fast path may read cell k
    /// of a row as column k.
    private var inSchemaOrder = false

    init(acc: Acc, report: FileReport) {
        self.acc = acc
        self.report = report
    }
    var report: FileReport
    var rejects: [Reject] = []
    var warnings: [Warning] = []
    private let cache = CodeCache.Owner()

    /// The header: how columns map, and (with `warn`) a warning for each header that another one
    /// shadows.
    mutating func header(_ record: CSVRecord, file: InputFile, settings: InputSettings, warn: Bool = true) throws {
        let headers = (0..<record.fieldCount).map { record.string($0) }
        let built = try ColumnMap.build(file: file, headers: headers, mapping: settings.columns, path: report.path)
        for s in built.shadowed where warn {
            warnings.append(
                Warning(
                    SourceLocation(path: report.path, line: record.line),
                    "header '\(s.header)' also maps to '\(s.column)'; the first such column is used"))
        }
        let owner = ColumnSlots(built)
        slots = owner
        positions = UnsafePointer(owner.positions)
        headerCount = built.headerCount
        inSchemaOrder =
            built.headerCount == file.columns.count && built.positions.enumerated().allSatisfy { $0.element == $0.offset }
    }

    /// A data record offered to the file's fast path (`FastRow`). `row` reads the record's cells and,
    /// only once every check has passed, adds it to the sums, returning whether it is dated in the
    /// evaluation year; nil leaves the record (and the sums) to `take`. Returns where the next
    /// record starts, or -1.
    mutating func takeFast(
        _ p: UnsafeMutablePointer<UInt8>, at position: Int, end: Int, line: Int,
        row: (inout Acc, inout FastRow, CodeCache) -> Bool?
    ) -> Int {
        guard inSchemaOrder else { return -1 }
        var cursor = FastRow(p, at: position, end: end, line: line)
        guard let inYear = row(&acc, &cursor, cache.cache) else { return -1 }
        report.rowsRead += 1
        report.rowsAccepted += 1
        if inYear { report.rowsInYear += 1 }
        return cursor.position
    }

    /// One data row: counted, then kept by `row` or rejected with its reason.
    mutating func take(
        _ record: CSVRecord, positions: UnsafePointer<Int>, row: (inout Acc, RowCells) throws -> Bool
    ) throws {
        let file = report.file
        report.rowsRead += 1
        let cells = RowCells(record: record, positions: positions, file: file, cache: cache.cache)
        do {
            if record.isMalformed {
                throw RowReject(.malformedRow, "unbalanced quotes")
            }
            if record.fieldCount != headerCount {
                throw RowReject(.malformedRow, "\(record.fieldCount) fields where the header has \(headerCount)")
            }
            if try row(&acc, cells) { report.rowsInYear += 1 }
            report.rowsAccepted += 1
        } catch let reject as RowReject {
            report.rejectsByReason[reject.reason, default: 0] += 1
            let code = record.fieldCount > 0 && positions[0] >= 0 && positions[0] < record.fieldCount
                ? cells.text(0).uppercased() : ""
            rejects.append(
                Reject(file: file, line: record.line, uscc: code, reason: reject.reason, message: reject.message))
        }
    }

    /// Takes over another worker's share of the same file. The counts and the sums are
    /// order-independent; rejects are put back in file order by the caller.
    mutating func absorb(_ other: FileConsumer, merge: (inout Acc, Acc) -> Void) {
        // A worker that took no row (its file was not split) has nothing to add.
        if other.report.rowsRead > 0 { merge(&acc, other.acc) }
        report.rowsRead += other.report.rowsRead
        report.rowsAccepted += other.report.rowsAccepted
        report.rowsInYear += other.report.rowsInYear
        report.rejectsByReason.merge(other.report.rejectsByReason, uniquingKeysWith: +)
        rejects += other.rejects
        warnings += other.warnings
    }
}

/// Which (enterprise, key) pairs were already accepted, for the duplicate check of rule 10: a bit
/// per pair for keys 0..<64 (recent years), a set for the rest.
struct SeenPairs {
    private struct Pair: Hashable {
        var id: Int
        var key: Int
    }
    private var bits: [UInt64]
    private var others: Set<Pair> = []

    init(count: Int) { bits = Array(repeating: 0, count: count) }

    /// Adds the pair; false when it was already there.
    mutating func insert(_ id: Int, _ key: Int) -> Bool {
        guard key >= 0 && key < 64 else { return others.insert(Pair(id: id, key: key)).inserted }
        let mask = UInt64(1) << UInt64(key)
        if bits[id] & mask != 0 { return false }
        bits[id] |= mask
        return true
    }
}

/// The accumulating state of one ingest.
private struct IngestState {
    let pipeline: Pipeline
    let options: Options
    var year: Int { options.year }
    var registry = Registry()
    var sums = OwnSums(count: 0)
    var leases: [Lease] = []
    var violations: [Violation] = []
    var history: [HistoryEntry] = []
    var historyDigest: HistoryDigest?
    var rejects: [Reject] = []
    var files: [FileReport] = []
    var warnings: [Warning] = []

    typealias Options = Ingest.Options

    init(pipeline: Pipeline, options: Options) {
        self.pipeline = pipeline
        self.options = options
    }

    /// Where `file` is read from: its configured path (default: its canonical name) under `--data`.
    func path(for file: InputFile) -> String {
        let relative = pipeline.settings(for: file).path ?? file.rawValue
        return relative.hasPrefix("/") ? relative : (options.dataDirectory as NSString).appendingPathComponent(relative)
    }

    /// Reads one file through the generic accounting loop; `row` validates and keeps one data row,
    /// returning whether it is dated in the evaluation year. `explicitPath` reads a file named on the
    /// command line instead of the configured one; it must exist even when the file kind is optional.
    ///
    /// With `merge` the file is read in parallel chunks (issue #3), each worker into its own
    /// accumulator, and `merge` folds them together; only files whose rows add up in any order
    /// may be read so, or whose rows are kept with their lines and put back in file order before
    /// anything first-wins is decided (enterprises.csv).
    mutating func read<Acc>(
        _ file: InputFile, explicitPath: String? = nil, initial: @autoclosure () -> Acc,
        merge: ((inout Acc, Acc) -> Void)? = nil,
        fast: (inout Acc, inout FastRow, CodeCache) -> Bool? = { _, _, _ in nil },
        row: (inout Acc, RowCells) throws -> Bool
    ) throws -> Acc? {
        let path = explicitPath ?? path(for: file)
        var report = FileReport(file: file, path: path, present: true)
        if explicitPath == nil && !file.isRequired && !FileManager.default.fileExists(atPath: path) {
            report.present = false
            files.append(report)
            return nil
        }
        let settings = pipeline.settings(for: file)
        let tuning = options.readTuning ?? Ingest.ReadTuning()
        var reader = CSVReader(path: path, encoding: settings.encoding)
        reader.blockSize = tuning.blockSize
        reader.chunkBytes = tuning.chunkBytes
        reader.splitOnlyForIdleThreads = tuning.splitOnlyForIdleThreads
        var consumer: FileConsumer<Acc>
        let facts: FileFacts
        if let merge {
            let workers = max(1, tuning.workers ?? Parallel.threads)
            let (parts, chunkedFacts) = try reader.readChunked(
                start: { header in
                    // Each worker maps the header itself, so that it owns everything its rows
                    // read; the warnings are the first worker's alone.
                    try (0..<workers).map { w in
                        var worker = FileConsumer(acc: initial(), report: report)
                        try worker.header(header, file: file, settings: settings, warn: w == 0)
                        return worker
                    }
                },
                fast: { c, p, i, end, line in
                    tuning.fastRows ? c.takeFast(p, at: i, end: end, line: line, row: fast) : -1
                },
                consume: { c, record in
                    if let positions = c.positions { try c.take(record, positions: positions, row: row) }
                })
            guard var merged = parts.first else { throw CSVError.noHeader(path: path) }
            for part in parts.dropFirst() { merged.absorb(part, merge: merge) }
            // Workers took chunks as they came free: sort by line (a record rejects at most once,
            // so lines are distinct) to restore file order.
            merged.rejects.sort { $0.line < $1.line }
            (consumer, facts) = (merged, chunkedFacts)
        } else {
            (consumer, facts) = try reader.read(
                makeConsumer: { FileConsumer(acc: initial(), report: report) },
                fast: { c, p, i, end, line in
                    tuning.fastRows ? c.takeFast(p, at: i, end: end, line: line, row: fast) : -1
                },
                consume: { c, record in
                    if let positions = c.positions {
                        try c.take(record, positions: positions, row: row)
                    } else {
                        try c.header(record, file: file, settings: settings)
                    }
                })
        }
        if consumer.positions == nil { throw CSVError.noHeader(path: path) }
        var finished = consumer.report
        finished.facts = facts
        files.append(finished)
        // Handed over rather than copied (each file's state starts with none): a copy goes through
        // every reject's two strings.
        if rejects.isEmpty { swap(&rejects, &consumer.rejects) } else { rejects += consumer.rejects }
        warnings += consumer.warnings
        return consumer.acc
    }

    /// The size of a file, 0 if it cannot be read (the reader then says why).
    func bytes(of path: String) -> Int {
        (try? FileManager.default.attributesOfItem(atPath: path)[.size]).flatMap { $0 as? Int } ?? 0
    }

    /// This state without its accounting, as the starting point of one file's reader.
    func emptyCopy() -> IngestState {
        var copy = self
        copy.files = []
        copy.rejects = []
        copy.warnings = []
        return copy
    }

    /// Takes over what a copy learnt from reading `file`, except its rejects (the caller joins
    /// every file's at once).
    mutating func absorb(_ part: IngestState, file: InputFile) {
        files += part.files
        warnings += part.warnings
        switch file {
        case .tax:
            sums.tax = part.sums.tax
            sums.landUseTax = part.sums.landUseTax
        case .energy:
            sums.energyTce = part.sums.energyTce
            sums.electricity10kKwh = part.sums.electricity10kKwh
        case .land:
            sums.landMu = part.sums.landMu
        case .economy:
            sums.economy = part.sums.economy
            sums.earlierRevenue = part.sums.earlierRevenue
            sums.earlierHasRow = part.sums.earlierHasRow
        case .emissions:
            sums.emissionEq = part.sums.emissionEq
        case .leases:
            leases = part.leases
        case .violations:
            violations = part.violations
        case .history:
            history = part.history
            historyDigest = part.historyDigest
        case .enterprises:
            break
        }
    }

    /// The registry id of a fast-path code cell; nil for an invalid or unknown code, which the
    /// generic path then rejects with its reason.
    @inline(__always)
    func enterprise(fast cell: UnsafeBufferPointer<UInt8>, _ cache: CodeCache) -> Int? {
        cache.registeredID(parsing: cell, in: registry)
    }

    /// The enterprise a code belongs to, or `unknown_enterprise`.
    func enterprise(_ code: USCC, _ cells: RowCells) throws -> Int {
        guard let id = cells.cache.id(of: code, in: registry) else {
            throw RowReject(.unknownEnterprise, "\(code) is not in enterprises.csv")
        }
        return id
    }

    // MARK: - The nine files

    /// enterprises.csv. Nothing else can start before it, so it is read in parallel chunks too: the
    /// workers check and keep each row with its line, and the rows are then put in file order and
    /// entered one by one, where the duplicate check (first row wins, appendix 10) happens.
    ///
    /// Returns the registry's other columns (names, industries, …), built from the rows on first
    /// use, after which the rows are let go: the other files need only the codes' ids, so those
    /// columns are built while they are read.
    mutating func readRegistry() throws -> MadeOnce<RegistryColumns> {
        /// Accepted rows, column by column; texts as bytes (no `String` per cell: industries, regions
        /// and exemptions become numbers into their distinct values when the registry is built).
        struct Rows {
            var lines: [Int] = [], codes: [USCC] = [], scales: [Scale] = []
            var established: [CivilDate] = [], highTech: [Bool] = []
            var names = TextColumn(), industries = TextColumn(), regions = TextColumn(), exempt = TextColumn()
            /// Other workers' rows, kept as they are: copying them onto these (60 MB at a million
            /// enterprises) was a third of a second with the other cores idle.
            var others: [Rows] = []

            /// Rows of a file of `bytes` bytes: room for as many as it could hold, so that no
            /// column is copied as it grows (pages no row reaches are never touched, so they take
            /// no memory; growing by doubling faulted in and copied each column about twice).
            init(reservingFor bytes: Int) {
                // Code, scale and date with the separators: no valid row is shorter.
                let rows = bytes / 32
                lines.reserveCapacity(rows)
                codes.reserveCapacity(rows)
                scales.reserveCapacity(rows)
                established.reserveCapacity(rows)
                highTech.reserveCapacity(rows)
                names.reserveCapacity(rows, bytes: bytes)
                industries.reserveCapacity(rows, bytes: bytes)
                regions.reserveCapacity(rows, bytes: bytes)
                exempt.reserveCapacity(rows, bytes: bytes)
            }

            init() {}

            /// One accepted row; `texts` are its name, industry, region and exemption.
            mutating func add(
                line: Int, code: USCC, scale: Scale, established: CivilDate, highTech: Bool,
                texts: (UnsafeBufferPointer<UInt8>, UnsafeBufferPointer<UInt8>, UnsafeBufferPointer<UInt8>,
                    UnsafeBufferPointer<UInt8>)
            ) {
                lines.append(line)
                codes.append(code)
                scales.append(scale)
                self.established.append(established)
                self.highTech.append(highTech)
                names.append(texts.0)
                industries.append(texts.1)
                regions.append(texts.2)
                exempt.append(texts.3)
            }

            /// Takes another worker's rows (and any it took) alongside these.
            mutating func keep(_ other: Rows) {
                var other = other
                let theirs = other.others
                other.others = []
                others.append(other)
                others += theirs
            }
        }
        /// Every worker's rows, numbered one after another: row `p` is row `p - start[k]` of part k.
        struct Parts {
            let parts: [Rows]
            let start: [Int]

            init(_ rows: Rows) {
                var first = rows
                first.others = []
                parts = [first] + rows.others
                start = parts.reduce(into: [0]) { $0.append($0[$0.count - 1] + $1.codes.count) }
            }

            var count: Int { start[parts.count] }

            /// The part holding row `p` and the row's place in it.
            @inline(__always)
            func locate(_ p: Int) -> (part: Int, row: Int) {
                var k = 0
                while p >= start[k + 1] { k += 1 }
                return (k, p - start[k])
            }

            /// Rows `positions` of one column, given as each part's column (in parallel ranges).
            func gather<T>(_ positions: [Int], from columns: [[T]]) -> [T] {
                Parallel.array(positions.count) { i in
                    let (k, r) = locate(positions[i])
                    return columns[k][r]
                }
            }
        }
        let fileBytes = bytes(of: path(for: .enterprises))
        let read = try read(
            .enterprises, initial: Rows(reservingFor: fileBytes), merge: { $0.keep($1) },
            fast: { rows, row, cache in
                // The checks of `row` below, in one pass over a clean row (the exemption may be empty).
                guard let codeCell = row.cell(), let name = row.cell(), let industry = row.cell(),
                    let region = row.cell(), let scaleCell = row.cell(), let establishedCell = row.cell(),
                    let highTechCell = row.cell(), let exempt = row.lastCellOrEmpty(),
                    let code = cache.code(parsing: codeCell), let scale = Scale(bytes: scaleCell),
                    let established = parseDate(establishedCell), let highTech = parseBoolean(bytes: highTechCell)
                else { return nil }
                rows.add(
                    line: row.line, code: code, scale: scale, established: established, highTech: highTech,
                    texts: (name, industry, region, exempt))
                return true
            }
        ) { rows, cells in
            // Every check first: a row is added to all columns or to none.
            let code = try cells.uscc(0)
            let scale = try cells.word(4, .invalidValue, "scale", Scale.init(bytes:))
            let established = try cells.date(5)
            var highTech = false
            if !cells.cell(6).isEmpty {
                guard let b = parseBoolean(cells.text(6)) else {
                    throw RowReject(.invalidValue, "'high_tech' is not a boolean: '\(cells.text(6))'")
                }
                highTech = b
            }
            rows.add(
                line: cells.line, code: code, scale: scale, established: established, highTech: highTech,
                texts: (cells.cell(1), cells.cell(2), cells.cell(3), cells.cell(7)))
            return true
        }
        let rows = Parts(read ?? Rows())
        var registry = Registry()
        var duplicates: [Reject] = []
        // The codes first, in file order: the first row of a code wins (appendix 10).
        // Workers took chunks as they came free: each worker's rows are in file order nearly
        // always (merged, pieces of the line range at the same time), else sorted.
        let order = positionsInOrder(runs: rows.parts.map(\.lines))
        // The codes in file order, entered on two threads (`CodeIndex.entering`).
        let codes = rows.gather(order, from: rows.parts.map(\.codes))
        let entered = registry.enterCodes(codes)
        // The rows kept and the duplicates (few), each found in parallel ranges.
        let kept = Parallel.joinedRanges(order.count, minimum: 1 << 16) { range in
            range.compactMap { k in entered[k] ? order[k] : nil }
        }
        for k in Parallel.indices(order.count, where: { !entered[$0] }) {
            let code = codes[k]
            let (part, row) = rows.locate(order[k])
            duplicates.append(
                Reject(
                    file: .enterprises, line: rows.parts[part].lines[row], uscc: code.description,
                    reason: .duplicateKey, message: "\(code) is listed more than once"))
        }
        if !duplicates.isEmpty, let last = files.indices.last, files[last].file == .enterprises {
            files[last].rowsAccepted -= duplicates.count
            files[last].rowsInYear -= duplicates.count
            files[last].rejectsByReason[.duplicateKey, default: 0] += duplicates.count
            // The registry is read first, so every reject so far is one of its own.
            rejects += duplicates
            rejects.sort { $0.line < $1.line }
        }
        self.registry = registry
        // Each file's reader makes its own sums; finish() fills in those of absent files.
        sums = OwnSums(count: 0)
        // Every other column from the rows kept, in id order, each column on its own thread;
        // industries, regions and exemptions as numbers into their distinct values.
        return MadeOnce {
            let texts = Parallel.map(4) { c -> (names: TextColumn, interned: InternedText) in
                // This task's column of every part, read through views (no column copied per row).
                TextColumn.withViews(rows.parts.map { [$0.names, $0.industries, $0.regions, $0.exempt][c] }) {
                    columns in
                    guard c > 0 else {
                        // Room for every part's names (the kept rows' are at most that): the bytes
                        // are not copied (and faulted in) again and again as they grow.
                        var names = TextColumn()
                        names.reserveCapacity(kept.count, bytes: columns.reduce(0) { $0 + $1.byteCount })
                        for p in kept {
                            let (k, r) = rows.locate(p)
                            columns[k].withBytes(r) { names.append($0) }
                        }
                        return (names, InternedText())
                    }
                    var interner = TextInterner()
                    let valueIDs = kept.map { p in
                        let (k, r) = rows.locate(p)
                        return UInt32(columns[k].withBytes(r) { interner.id(of: $0) })
                    }
                    return (TextColumn(), InternedText(values: interner.texts, valueIDs: valueIDs))
                }
            }
            return RegistryColumns(
                names: texts[0].names, industries: texts[1].interned, regions: texts[2].interned,
                scales: rows.gather(kept, from: rows.parts.map(\.scales)),
                established: rows.gather(kept, from: rows.parts.map(\.established)),
                highTech: rows.gather(kept, from: rows.parts.map(\.highTech)), exempt: texts[3].interned)
        }
    }

    mutating func readTax() throws {
        let n = registry.count
        let unit = pipeline.settings(for: .tax).moneyUnit
        let y = year
        struct Acc {
            var tax: ZeroedSums
            var landUse: ZeroedSums
            var types = WordMemo<Bool>()

            /// Keeps a row that passed every check; whether it is of the evaluation year.
            @_transparent mutating func keep(_ id: Int, _ period: Period, _ y: Int, wan: Double, landUse: Bool) -> Bool {
                guard period.year == y else { return false }
                tax.add(id, wan)
                if landUse { self.landUse.add(id, wan) }
                return true
            }
        }
        guard
            let acc = try read(
                .tax, initial: Acc(tax: ZeroedSums(count: n), landUse: ZeroedSums(count: n)),
                merge: { acc, other in
                    acc.tax.add(other.tax)
                    acc.landUse.add(other.landUse)
                },
                fast: { [self] acc, row, cache in
                    // The checks of `row` below, in one pass over a clean row.
                    guard let codeCell = row.cell(), let periodCell = row.cell(), let amountCell = row.optionalCell(),
                        amountCell.count > 0, let typeCell = row.lastCell(), let period = parsePeriod(periodCell),
                        let amount = parseNumber(amountCell, readableUpTo: row.limit),
                        let id = enterprise(fast: codeCell, cache)
                    else { return nil }
                    let landUse = acc.types.lookup(typeCell, readableUpTo: row.limit) { isLandUseTaxType(bytes: $0) }
                        ?? false
                    return acc.keep(id, period, y, wan: Normalize.wan(amount, unit), landUse: landUse)
                },
                row: { [self] acc, cells in
                    let code = try cells.uscc(0)
                    let period = try cells.period(1)
                    let amount = Normalize.wan(try cells.number(2, .any), unit)
                    let landUse = isLandUseTaxType(bytes: cells.cell(3))
                    let id = try enterprise(code, cells)
                    return acc.keep(id, period, y, wan: amount, landUse: landUse)
                })
        else { return }
        sums.tax = SumColumn(acc.tax)
        sums.landUseTax = SumColumn(acc.landUse)
    }

    mutating func readEnergy() throws {
        let n = registry.count
        let factors = pipeline.energyFactors
        let y = year
        struct Acc {
            var tce: ZeroedSums
            var electricity: ZeroedSums
            var carriers = WordMemo<EnergyCarrier>()
            var units = WordMemo<EnergyUnit>()

            /// Keeps a row that passed every check (`base`: the quantity in the carrier's base unit);
            /// whether it is of the evaluation year.
            @_transparent mutating func keep(
                _ id: Int, _ period: Period, _ y: Int, base: Double, _ carrier: EnergyCarrier, _ factors: EnergyFactors
            ) -> Bool {
                guard period.year == y else { return false }
                tce.add(id, Normalize.tce(base, carrier, factors))
                if carrier == .electricity { electricity.add(id, Normalize.tenThousandKwh(base)) }
                return true
            }
        }
        guard
            let acc = try read(
                .energy, initial: Acc(tce: ZeroedSums(count: n), electricity: ZeroedSums(count: n)),
                merge: { acc, other in
                    acc.tce.add(other.tce)
                    acc.electricity.add(other.electricity)
                },
                fast: { [self] acc, row, cache in
                    // The checks of `row` below, in one pass over a clean row.
                    guard let codeCell = row.cell(), let periodCell = row.cell(), let carrierCell = row.cell(),
                        let quantityCell = row.cell(), let unitCell = row.lastCell(),
                        let period = parsePeriod(periodCell),
                        let carrier = acc.carriers.lookup(carrierCell, readableUpTo: row.limit, EnergyCarrier.init(bytes:)),
                        let quantity = parseNumber(quantityCell, readableUpTo: row.limit), quantity >= 0,
                        let unit = acc.units.lookup(unitCell, readableUpTo: row.limit, EnergyUnit.init(bytes:)),
                        let multiplier = carrier.baseUnitMultiplier(unit),
                        let id = enterprise(fast: codeCell, cache)
                    else { return nil }
                    return acc.keep(id, period, y, base: quantity * multiplier, carrier, factors)
                },
                row: { [self] acc, cells in
                    let code = try cells.uscc(0)
                    let period = try cells.period(1)
                    let carrier = try cells.word(2, .unknownCarrier, "carrier", EnergyCarrier.init(bytes:))
                    let quantity = try cells.number(3, .nonNegative)
                    let unit = try cells.word(4, .unknownUnit, "unit", EnergyUnit.init(bytes:))
                    guard let multiplier = carrier.baseUnitMultiplier(unit) else {
                        throw RowReject(.unknownUnit, "unit '\(cells.text(4))' is not valid for \(carrier.rawValue)")
                    }
                    let id = try enterprise(code, cells)
                    return acc.keep(id, period, y, base: quantity * multiplier, carrier, factors)
                })
        else { return }
        sums.energyTce = SumColumn(acc.tce)
        sums.electricity10kKwh = SumColumn(acc.electricity)
    }

    mutating func readLand() throws {
        let n = registry.count
        struct Acc {
            var area: [ExactSum]
            /// The accepted parcel ids, and per enterprise a list of its own (a firm holds a handful at
            /// most): the position of its newest parcel, then each parcel's previous one; -1 ends it.
            var parcels = TextColumn()
            var newestParcel: [Int]
            var previousParcel: [Int] = []

            /// Sums for `count` enterprises, with room for every parcel a file of `bytes` bytes could
            /// hold: the parcel columns are then never copied as they grow (growing by doubling
            /// faulted in and copied each about twice: ~120 MB at a million enterprises), and pages
            /// no row reaches are never touched, so they take no memory.
            init(count: Int, reservingFor bytes: Int) {
                area = Array(repeating: ExactSum(), count: count)
                newestParcel = Array(repeating: -1, count: count)
                // A code, a parcel id, an area and a unit with their separators: no valid row is
                // shorter. A GB18030 file's text takes up to half as much again as UTF-8.
                let rows = bytes / 25
                parcels.reserveCapacity(rows, bytes: bytes + bytes / 2)
                previousParcel.reserveCapacity(rows)
            }

            func holds(_ id: Int, parcel: UnsafeBufferPointer<UInt8>) -> Bool {
                var k = newestParcel[id]
                while k >= 0 {
                    if parcels.entry(k, equals: parcel) { return true }
                    k = previousParcel[k]
                }
                return false
            }

            mutating func add(_ id: Int, parcel: UnsafeBufferPointer<UInt8>, mu: Double) {
                previousParcel.append(newestParcel[id])
                newestParcel[id] = parcels.count
                parcels.append(parcel)
                area[id].add(mu)
            }
        }
        let fileBytes = bytes(of: path(for: .land))
        guard
            let acc = try read(
                .land, initial: Acc(count: n, reservingFor: fileBytes),
                fast: { [self] acc, row, cache in
                    // The checks of `row` below, in one pass over a clean row; the duplicate check last.
                    guard let codeCell = row.cell(), let parcel = row.cell(), let areaCell = row.cell(),
                        let unitCell = row.lastCell(), let area = parseNumber(areaCell, readableUpTo: row.limit),
                        area > 0, let unit = AreaUnit(bytes: unitCell), let id = enterprise(fast: codeCell, cache),
                        !acc.holds(id, parcel: parcel)
                    else { return nil }
                    acc.add(id, parcel: parcel, mu: Normalize.mu(area, unit))
                    return true
                },
                row: { [self] acc, cells in
                    let code = try cells.uscc(0)
                    let parcel = try cells.required(1)
                    let area = try cells.number(2, .positive)
                    let unit = try cells.word(3, .unknownUnit, "area unit", AreaUnit.init(bytes:))
                    let id = try enterprise(code, cells)
                    if acc.holds(id, parcel: parcel) {
                        let text = String(decoding: parcel, as: UTF8.self)
                        throw RowReject(.duplicateKey, "parcel '\(text)' of \(code) is listed more than once")
                    }
                    acc.add(id, parcel: parcel, mu: Normalize.mu(area, unit))
                    return true
                })
        else { return }
        sums.landMu = acc.area
    }

    mutating func readEconomy() throws {
        let unit = pipeline.settings(for: .economy).moneyUnit
        let y = year
        struct Acc {
            var economy: EconomyColumns
            var earlier: [[Double]]
            var earlierRow: [[Bool]]
            var seen: SeenPairs

            /// Keeps an accepted row (its duplicate check passed); whether it is of the evaluation year.
            mutating func keep(
                _ id: Int, _ rowYear: Int, _ y: Int, revenue: Double?, valueAdded: Double?, employees: Double?,
                rd: Double?
            ) -> Bool {
                if rowYear == y {
                    economy.hasRow[id] = true
                    economy.revenue[id] = revenue ?? .nan
                    economy.valueAdded[id] = valueAdded ?? .nan
                    economy.employees[id] = employees ?? .nan
                    economy.rdExpense[id] = rd ?? .nan
                    return true
                }
                let back = y - rowYear
                if back >= 1 && back <= 3 {
                    earlier[3 - back][id] = revenue ?? .nan
                    earlierRow[3 - back][id] = true
                }
                return false
            }
        }
        let n = registry.count
        guard
            let acc = try read(
                .economy,
                initial: Acc(
                    economy: EconomyColumns(count: n),
                    // Three columns each, not one shared three times: that one would be filled, then
                    // copied by each column's first write.
                    earlier: (0..<3).map { _ in Array(repeating: .nan, count: n) },
                    earlierRow: (0..<3).map { _ in Array(repeating: false, count: n) },
                    seen: SeenPairs(count: n)),
                fast: { [self] acc, row, cache in
                    // The checks of `row` below, in one pass over a clean row (figures may be left
                    // empty or quoted).
                    guard let codeCell = row.cell(), let yearCell = row.cell(), let revenueCell = row.optionalCell(),
                        let valueAddedCell = row.optionalCell(), let employeesCell = row.optionalCell(),
                        let rdCell = row.lastOptionalCell(), let rowYear = parseYear(yearCell),
                        case .some(let revenue) = FastRow.figure(revenueCell, limit: row.limit, nonNegative: true),
                        case .some(let valueAdded) = FastRow.figure(valueAddedCell, limit: row.limit, nonNegative: false),
                        case .some(let employees) = FastRow.figure(employeesCell, limit: row.limit, nonNegative: true),
                        case .some(let rd) = FastRow.figure(rdCell, limit: row.limit, nonNegative: true),
                        let id = enterprise(fast: codeCell, cache),
                        // Last: a row the fast path leaves to `row` must not have been marked as seen.
                        acc.seen.insert(id, y + 1 - rowYear)
                    else { return nil }
                    return acc.keep(
                        id, rowYear, y, revenue: revenue.map { Normalize.wan($0, unit) },
                        valueAdded: valueAdded.map { Normalize.wan($0, unit) }, employees: employees,
                        rd: rd.map { Normalize.wan($0, unit) })
                },
                row: { [self] acc, cells in
                    let code = try cells.uscc(0)
                    let rowYear = try cells.year(1)
                    let revenue = try cells.optionalNumber(2, .nonNegative).map { Normalize.wan($0, unit) }
                    let valueAdded = try cells.optionalNumber(3, .any).map { Normalize.wan($0, unit) }
                    let employees = try cells.optionalNumber(4, .nonNegative)
                    let rd = try cells.optionalNumber(5, .nonNegative).map { Normalize.wan($0, unit) }
                    let id = try enterprise(code, cells)
                    guard acc.seen.insert(id, y + 1 - rowYear) else {
                        throw RowReject(.duplicateKey, "\(code) has more than one row for \(rowYear)")
                    }
                    return acc.keep(id, rowYear, y, revenue: revenue, valueAdded: valueAdded, employees: employees, rd: rd)
                })
        else { return }
        sums.economy = acc.economy
        sums.earlierRevenue = acc.earlier
        sums.earlierHasRow = acc.earlierRow
    }

    mutating func readEmissions() throws {
        let n = registry.count
        let y = year
        struct Acc {
            var eq: [ExactSum]
            var seen: SeenPairs

            /// The duplicate check (rule 10): false when the enterprise already has this pollutant's
            /// row for the year. Recent years fit the bit set: 16 years × 4 pollutants.
            mutating func firstRow(_ id: Int, _ rowYear: Int, _ pollutant: Pollutant, _ y: Int) -> Bool {
                let p = pollutant.ordinal
                let back = y + 1 - rowYear
                return seen.insert(id, back >= 0 && back < 16 ? back * 4 + p : 64 + (rowYear & 0xFFFF) * 4 + p)
            }

            /// Keeps a row that passed every check; whether it is of the evaluation year.
            mutating func keep(_ id: Int, _ rowYear: Int, _ pollutant: Pollutant, _ tonnes: Double, _ y: Int) -> Bool {
                guard rowYear == y else { return false }
                eq[id].add(Normalize.equivalents(tonnes, pollutant))
                return true
            }
        }
        guard
            let acc = try read(
                .emissions, initial: Acc(eq: Array(repeating: ExactSum(), count: n), seen: SeenPairs(count: n)),
                fast: { [self] acc, row, cache in
                    // The checks of `row` below, in one pass over a clean row; the duplicate check last.
                    guard let codeCell = row.cell(), let yearCell = row.cell(), let pollutantCell = row.cell(),
                        let tonnesCell = row.lastCell(), let rowYear = parseYear(yearCell),
                        let pollutant = Pollutant(bytes: pollutantCell),
                        let tonnes = parseNumber(tonnesCell, readableUpTo: row.limit),
                        tonnes >= 0, let id = enterprise(fast: codeCell, cache),
                        acc.firstRow(id, rowYear, pollutant, y)
                    else { return nil }
                    return acc.keep(id, rowYear, pollutant, tonnes, y)
                },
                row: { [self] acc, cells in
                    let code = try cells.uscc(0)
                    let rowYear = try cells.year(1)
                    let pollutant = try cells.word(2, .unknownPollutant, "pollutant", Pollutant.init(bytes:))
                    let tonnes = try cells.number(3, .nonNegative)
                    let id = try enterprise(code, cells)
                    guard acc.firstRow(id, rowYear, pollutant, y) else {
                        throw RowReject(
                            .duplicateKey, "\(code) has more than one \(pollutant.rawValue) row for \(rowYear)")
                    }
                    return acc.keep(id, rowYear, pollutant, tonnes, y)
                })
        else { return }
        sums.emissionEq = acc.eq
    }

    mutating func readLeases() throws {
        guard
            let acc = try read(
                .leases, initial: [Lease](),
                row: { [self] acc, cells in
                    let landlordCode = try cells.uscc(0)
                    let tenantCode = try cells.uscc(1)
                    let area = try cells.number(2, .positive)
                    let unit = try cells.word(3, .unknownUnit, "area unit", AreaUnit.init(bytes:))
                    if landlordCode == tenantCode {
                        throw RowReject(.invalidValue, "\(landlordCode) leases to itself")
                    }
                    let landlord = try enterprise(landlordCode, cells)
                    let tenant = try enterprise(tenantCode, cells)
                    acc.append(Lease(landlord: landlord, tenant: tenant, areaMu: Normalize.mu(area, unit)))
                    return true
                })
        else { return }
        leases = acc
    }

    mutating func readViolations() throws {
        let y = year
        guard
            let acc = try read(
                .violations, initial: [Violation](),
                row: { [self] acc, cells in
                    let code = try cells.uscc(0)
                    let date = try cells.date(1)
                    let kind = try cells.word(2, .unknownKind, "violation kind", ViolationKind.init(bytes:))
                    let severity = try cells.word(3, .unknownSeverity, "severity", Severity.init(bytes:))
                    let id = try enterprise(code, cells)
                    acc.append(Violation(enterprise: id, date: date, kind: kind, severity: severity))
                    return date.year == y
                })
        else { return }
        violations = acc
    }

    /// history.csv, or with `path` one more history file whose rows are appended; a (uscc, year)
    /// already accepted from an earlier history file is a duplicate here too (appendix 10).
    mutating func readHistory(path: String? = nil) throws {
        struct Key: Hashable {
            var code: UInt128
            var year: Int
        }
        struct Acc {
            var entries: [HistoryEntry] = []
            /// Registry enterprises by id and year; codes of closed firms (not in the registry) by key.
            var seen: SeenPairs
            var seenOthers: Set<Key> = []

            /// `id`: the code's registry id when the caller has it (nil: not in the registry).
            mutating func insert(_ code: USCC, id: Int?, _ year: Int, _ evaluationYear: Int) -> Bool {
                if let id {
                    let back = evaluationYear + 1 - year
                    return seen.insert(id, back >= 0 && back < 64 ? back : 64 + (year & 0xFFFF))
                }
                return seenOthers.insert(Key(code: code.key, year: year)).inserted
            }
        }
        let (registry, y) = (self.registry, year)
        var earlier = Acc(entries: history, seen: SeenPairs(count: registry.count))
        // Room for as many rows as the file could hold (no row is shorter than a code, a year and a
        // class with their separators): the buffer is then never copied as it grows, and pages of
        // it that no row reaches are never touched, so they take no memory.
        let shortestRow = 25
        earlier.entries.reserveCapacity(history.count + bytes(of: path ?? self.path(for: .history)) / shortestRow)
        // Rows of an earlier file (history.csv before a `--history` file) carry their look-up.
        for e in history { _ = earlier.insert(e.code, id: e.lookedUpRegistryID ?? registry.id(of: e.code), e.year, y) }
        guard
            let acc = try read(
                .history, explicitPath: path, initial: earlier,
                fast: { acc, row, cache in
                    // The checks of `row` below, in one pass over a clean row (score and rank may
                    // be left empty or quoted); the duplicate check last.
                    guard let codeCell = row.cell(), let yearCell = row.cell(), let classCell = row.cell(),
                        let scoreCell = row.optionalCell(), let rankCell = row.lastOptionalCell(),
                        let code = cache.code(parsing: codeCell), let rowYear = parseYear(yearCell),
                        let cls = EnterpriseClass(bytes: classCell),
                        case .some(let score) = FastRow.figure(scoreCell, limit: row.limit, nonNegative: false),
                        case .some(let r) = FastRow.figure(rankCell, limit: row.limit, nonNegative: false)
                    else { return nil }
                    // A rank is whole: between 0 and 10^15 truncation through Int64 is exact (inlined,
                    // where `rounded()` calls libm). Not through `Optional.map`, which stayed a call
                    // per row in this closure.
                    var rank: Int? = nil
                    if let r {
                        guard r > 0 && r < 1e15 && r == Double(Int64(r)) else { return nil }
                        rank = Int(r)
                    }
                    let id = cache.id(of: code, in: registry)
                    guard acc.insert(code, id: id, rowYear, y) else { return nil }
                    acc.entries.append(
                        HistoryEntry(
                            code: code, registryID: id, year: rowYear, enterpriseClass: cls, score: score,
                            rank: rank))
                    return false
                },
                row: { acc, cells in
                    let code = try cells.uscc(0)
                    let rowYear = try cells.year(1)
                    let cls = try cells.word(2, .unknownClass, "class", EnterpriseClass.init(bytes:))
                    let score = try cells.optionalNumber(3, .any)
                    var rank: Int? = nil
                    if let r = try cells.optionalNumber(4, .positive) {
                        guard r == r.rounded(), r < 1e15 else {
                            throw RowReject(.invalidValue, "'rank' is not a whole number: \(cells.text(4))")
                        }
                        rank = Int(r)
                    }
                    // The code cache: an enterprise's history rows come together.
                    let id = cells.cache.id(of: code, in: registry)
                    guard acc.insert(code, id: id, rowYear, y) else {
                        throw RowReject(.duplicateKey, "\(code) has more than one history row for \(rowYear)")
                    }
                    acc.entries.append(
                        HistoryEntry(
                            code: code, registryID: id, year: rowYear, enterpriseClass: cls, score: score, rank: rank))
                    return false
                })
        else { return }
        history = acc.entries
    }

    func finish() -> Inputs {
        // The history rows were appended one by one, so their buffer may be up to twice their size.
        // It is not copied into one of exactly their size: a buffer that large is mapped memory, whose
        // pages past the last row were never touched and take no RAM, while the copy would briefly
        // hold every row twice (~116 MB more at the end of a province-scale ingest).
        var sums = sums
        sums.fillAbsent(count: registry.count)
        return Inputs(
            year: year, registry: registry, sums: sums, leases: leases, violations: violations, history: history,
            rejects: rejects, files: files, warnings: warnings, historyDigest: historyDigest)
    }
}
