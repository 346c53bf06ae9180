import CIntrinsics

/// rankings.csv (SPEC §13): one row per registry enterprise, the dashboard's main table.
public enum RankingsTable {
    /// Indicators that some group scores, in SPEC §7 order (the `score_<id>` columns).
    public static func scoredIndicators(_ pipeline: Pipeline) -> [IndicatorID] {
        IndicatorID.allCases.filter { k in pipeline.groups.contains { $0.indicators.contains { $0.id == k } } }
    }

    public static func header(_ pipeline: Pipeline) -> [String] {
        [
            "year", "group", "rank", "uscc", "name", "industry", "region", "scale", "area_mu", "tax_wan", "revenue_wan",
            "value_added_wan", "energy_tce", "electricity_10k_kwh", "employees", "emission_eq",
        ] + IndicatorID.allCases.map(\.rawValue) + scoredIndicators(pipeline).map { "score_\($0.rawValue)" } + [
            "adjustments", "total", "class", "class_reason", "flags", "prev_class", "prev_rank", "rank_change",
            "consecutive_d_years",
        ]
    }

    /// Row order: groups in pipeline order; within a group ranked rows by rank, then unranked rows by
    /// code; enterprises with no group last, by code.
    public static func order(_ r: RunResult) -> [Int] {
        // The ranked rows are in classify's rank order already; the others are put in code order
        // by one counting sort, a bucket per group and a last one for enterprises with no group.
        let groupCount = r.pipeline.groups.count
        var unrankedCount = [Int](repeating: 0, count: groupCount + 1)
        let bucket = { (id: Int) -> Int? in
            r.classes.rank[id] == nil ? (r.joined.group[id] ?? groupCount) : nil
        }
        for id in 0..<r.inputs.registry.count { if let b = bucket(id) { unrankedCount[b] += 1 } }
        let unranked = r.codeOrder.grouped(buckets: groupCount + 1, bucket)
        var rows: [Int] = []
        rows.reserveCapacity(r.inputs.registry.count)
        var next = 0
        for b in 0...groupCount {
            if b < min(groupCount, r.classes.rankedByGroup.count) { rows += r.classes.rankedByGroup[b] }
            rows += unranked[next..<(next + unrankedCount[b])]
            next += unrankedCount[b]
        }
        return rows
    }

    public static func write(_ r: RunResult, excel: Bool = false, extra: RankingExtras? = nil) -> [UInt8] {
        MemorySink.collect { try write(r, excel: excel, extra: extra, to: $0) }
    }

    /// Rows per chunk of a large streamed table (this one and allocation.csv), written by one
    /// thread: about 16 rounds of a chunk per thread, from 8k to 32k rows a chunk. A round is
    /// handed to the file whole, each with its own handoff: at a million rows, 8k-row chunks (61
    /// rounds) made the report slower than 32k-row ones in each of four interleaved pairs; at
    /// 100k rows, 32k-row chunks made two rounds, the second copied into the file alone at the
    /// end, and 8k-row ones were faster in seven of eight pairs (and ~35 MiB lower at the peak).
    static func rowsPerChunk(rows: Int) -> Int {
        min(32_768, max(8_192, rows / (16 * max(Parallel.threads, 1))))
    }
    /// Gathered batches per table: `BatchGather` sweeps every column the table reads once per batch
    /// (a million-row table's 27 measure columns are 216 MB), so a table is cut into this many
    /// batches (or into rounds of chunks, if those are larger) and the sweeps do not grow with the
    /// table; a batch's gathered cells (about 100 bytes a row) grow with it, as the table does.
    static let batchesPerTable = 8

    /// The table, streamed into `sink` a batch of rows at a time.
    public static func write(
        _ r: RunResult, excel: Bool = false, extra: RankingExtras? = nil, to sink: TableSink
    ) throws {
        let reg = r.inputs.registry
        let s = r.joined.sums
        let scored = scoredIndicators(r.pipeline)
        let rows = order(r)
        let missing = [Double](repeating: .nan, count: reg.count)
        let merged = r.joined.mergedInto
        let measureColumns: [[Double]] =
            [s.areaMu, s.tax, s.revenue, s.valueAdded, s.energyTce, s.electricity10kKwh, s.employees, s.emissionEq]
            + IndicatorID.allCases.map { r.indicators.values[$0] ?? missing }
            + scored.map { r.scores.scores[$0] ?? missing } + [r.scores.adjustments, r.scores.total]
        let valueColumns = 8..<(8 + IndicatorID.allCases.count)
        let width = measureColumns.count
        let groupIDs = r.pipeline.groups.map(\.id)
        let year = r.year
        /// One batch's cells, gathered column by column into row order.
        struct Batch {
            var start: Int
            /// Column-major: measure column c of row i is `measures[c * rows + i]`. The row loop
            /// reads the columns side by side, each front to back.
            var measures: UnsafeBufferPointer<Double>
            var rows: Int
            var codes: [USCC]
            var names: TextColumn
            var industries: [UInt32], regions: [UInt32], scales: [Scale]
            var group: [Int?], rank: [Int?], classes: [EnterpriseClass?], reasons: [UInt32]
            var extras: ([UInt8], [EnterpriseClass?], [Int?], [Int?], [Int?])?
        }
        let matrix = MeasureMatrix()
        // The cells from small vocabularies, laid out once; the last group cell is the empty one.
        let groupCells = PreparedCells(groupIDs + [""], excel: excel)
        let scaleCells = PreparedCells(Scale.allCases.map(\.rawValue), excel: excel)
        let classCells = PreparedCells.classes(excel: excel)
        let flagCells = PreparedCells(DiagnosisFlags.cells, excel: excel)
        let industryCells = PreparedCells(reg.industries.values, excel: excel)
        let regionCells = PreparedCells(reg.regions.values, excel: excel)
        let reasonCells = PreparedCells(r.classes.reason.values, excel: excel)
        try TableWriter.stream(
            header: header(r.pipeline), excel: excel, rows: rows.count, into: sink,
            rowsPerChunk: rowsPerChunk(rows: rows.count),
            rowsPerBatch: (rows.count + batchesPerTable - 1) / batchesPerTable,
            prepare: { range -> Batch in
                let gather = BatchGather(ids: Array(rows[range]))
                let isMerged = gather(merged).map { $0 != nil }
                let n = range.count
                let measures = matrix.cells(n * width)
                // The other columns are gathered by tasks of their own beside the measure columns,
                // names (the largest) first: gathered one after another, they kept one core alone
                // for ~20 ms a batch at a million rows.
                var codes: [USCC] = [], names = TextColumn(), industries: [UInt32] = [], regions: [UInt32] = []
                var scales: [Scale] = [], group: [Int?] = [], rank: [Int?] = [], classes: [EnterpriseClass?] = []
                var reasons: [UInt32] = [], extras: ([UInt8], [EnterpriseClass?], [Int?], [Int?], [Int?])? = nil
                let otherTasks = 4
                _ = Parallel.map(otherTasks + width) { task in
                    switch task {
                    case 0: names = gather(reg.names)
                    case 1:
                        (codes, industries, regions) = (
                            gather(reg.codes), gather(reg.industries.valueIDs), gather(reg.regions.valueIDs)
                        )
                    case 2:
                        (scales, group, rank, classes, reasons) = (
                            gather(reg.scales), gather(r.joined.group), gather(r.classes.rank),
                            gather(r.classes.enterpriseClass), gather(r.classes.reason.valueIDs)
                        )
                    case 3:
                        extras = extra.map { e in
                            (gather(e.flags.bits), gather(e.prevClass), gather(e.prevRank), gather(e.rankChange),
                             gather(e.consecutiveDYears))
                        }
                    default:
                        // Each measure column fills its own slice of the matrix.
                        let c = task - otherTasks
                        let column = UnsafeMutableBufferPointer(rebasing: measures[(c * n)..<(c * n + n)])
                        gather.gather(measureColumns[c], into: column)
                        // A merged tenant's indicators are not its own: empty cells.
                        if valueColumns.contains(c) { for i in 0..<n where isMerged[i] { column[i] = .nan } }
                    }
                }
                return Batch(
                    start: range.lowerBound, measures: UnsafeBufferPointer(measures), rows: n, codes: codes,
                    names: names, industries: industries, regions: regions, scales: scales, group: group, rank: rank,
                    classes: classes, reasons: reasons, extras: extras)
            },
            chunk: { w, b, range in
                // Taken out of the batch once, not per row (each access would retain five arrays).
                let extras = b.extras
                let n = b.rows
                do {
                    let m = b.measures
                    for row in range {
                        let i = row - b.start
                        // The row reads one cell of each of the batch's measure columns: more streams
                        // than the hardware prefetcher follows, so each column's line two lines
                        // ahead is asked for as this row starts a line.
                        if i & 7 == 0, let base = m.baseAddress {
                            let ahead = min(i + 16, n - 1)
                            for c in 0..<width { mujun_prefetch(base + c * n + ahead) }
                        }
                        w.integer(year)
                        w.cell(groupCells, b.group[i] ?? groupIDs.count)
                        w.integer(b.rank[i])
                        w.code(b.codes[i])
                        w.text(b.names, i)
                        w.cell(industryCells, Int(b.industries[i]))
                        w.cell(regionCells, Int(b.regions[i]))
                        w.cell(scaleCells, b.scales[i].ordinal)
                        for c in 0..<width { w.measure(m[c * n + i]) }
                        w.cell(classCells, classCells.index(of: b.classes[i]))
                        w.cell(reasonCells, Int(b.reasons[i]))
                        if let extras {
                            w.cell(flagCells, Int(extras.0[i]))
                            w.cell(classCells, classCells.index(of: extras.1[i]))
                            w.integer(extras.2[i])
                            w.integer(extras.3[i])
                            w.integer(extras.4[i])
                        } else {
                            for _ in 0..<5 { w.empty() }
                        }
                        w.endRow()
                    }
                }
            })
    }
}

/// The measure cells of a batch of rows, column-major, in one buffer that every batch reuses: it is
/// megabytes, so a fresh one per batch would be mapped, faulted in page by page and unmapped again.
/// A batch's cells are only read before the next batch is prepared.
private final class MeasureMatrix {
    private var buffer = UnsafeMutableBufferPointer<Double>(start: nil, count: 0)

    /// The first `count` cells (their values are whatever the last batch left).
    func cells(_ count: Int) -> UnsafeMutableBufferPointer<Double> {
        if buffer.count < count {
            buffer.deallocate()
            buffer = .allocate(capacity: count)
            buffer.initialize(repeating: .nan)
        }
        return UnsafeMutableBufferPointer(rebasing: buffer[0..<count])
    }

    deinit { buffer.deallocate() }
}

/// The flags and history columns of rankings.csv, filled by the diagnose and history stages.
public struct RankingExtras: Sendable {
    public var flags: DiagnosisFlags
    public var prevClass: [EnterpriseClass?]
    public var prevRank: [Int?]
    public var rankChange: [Int?]
    public var consecutiveDYears: [Int?]

    /// The columns as the diagnose and history stages of a finished evaluation computed them.
    public init(_ r: RunResult) {
        flags = r.remediation.flags
        prevClass = r.history.prevClass
        prevRank = r.history.prevRank
        rankChange = r.history.rankChange
        consecutiveDYears = r.history.consecutiveDYears
    }
}
