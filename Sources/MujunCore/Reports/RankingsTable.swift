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
        // A counting sort over the code order: one bucket per (group, rank), then one per group for its
        // unranked rows, and a last one for enterprises without a group.
        let groupCount = r.pipeline.groups.count
        var maxRank = [Int](repeating: 0, count: groupCount)
        for (id, rank) in r.classes.rank.enumerated() {
            if let rank, let g = r.joined.group[id] { maxRank[g] = max(maxRank[g], rank) }
        }
        // Group g's buckets start at base[g]: ranks 1…maxRank (a rank below 1 shares bucket 0), unranked.
        var base = [Int](repeating: 0, count: groupCount + 1)
        for g in 0..<groupCount { base[g + 1] = base[g] + maxRank[g] + 1 }
        return r.codeOrder.grouped(buckets: base[groupCount] + 1) { id in
            guard let g = r.joined.group[id] else { return base[groupCount] }
            guard let rank = r.classes.rank[id] else { return base[g] + maxRank[g] }
            return base[g] + max(rank - 1, 0)
        }
    }

    public static func write(_ r: RunResult, excel: Bool = false, extra: RankingExtras? = nil) -> [UInt8] {
        let sink = MemorySink()
        try? write(r, excel: excel, extra: extra, to: sink)
        return sink.bytes
    }

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
        let sumColumns = 8, valueColumns = IndicatorID.allCases.count
        let width = measureColumns.count
        let groupIDs = r.pipeline.groups.map(\.id)
        let year = r.year
        try TableWriter.stream(header: header(r.pipeline), excel: excel, rows: rows.count, into: sink) { w, range in
            // Each chunk gathers its rows' cells first: reading a few dozen arrays at random positions
            // for every row would miss the cache on each cell. The measures go into a row-major matrix.
            let ids = Array(rows[range])
            func gather<T>(_ column: [T]) -> [T] { ids.map { column[$0] } }
            var matrix = [Double](repeating: .nan, count: ids.count * width)
            matrix.withUnsafeMutableBufferPointer { m in
                for (c, column) in measureColumns.enumerated() {
                    // A merged tenant's indicators are not its own: empty cells.
                    let isValue = c >= sumColumns && c < sumColumns + valueColumns
                    column.withUnsafeBufferPointer { col in
                        for (i, id) in ids.enumerated() where !(isValue && merged[id] != nil) {
                            m[i * width + c] = col[id]
                        }
                    }
                }
            }
            let codes = gather(reg.codes)
            let (names, industries, regions, scales) = (
                gather(reg.names), gather(reg.industries), gather(reg.regions), gather(reg.scales)
            )
            let (group, rank) = (gather(r.joined.group), gather(r.classes.rank))
            let (classes, reasons) = (gather(r.classes.enterpriseClass), gather(r.classes.reason))
            let extras = extra.map { e in
                (gather(e.flags), gather(e.prevClass), gather(e.prevRank), gather(e.rankChange), gather(e.consecutiveDYears))
            }
            matrix.withUnsafeBufferPointer { m in
                for i in ids.indices {
                    w.integer(year)
                    w.text(group[i].map { groupIDs[$0] } ?? "")
                    w.integer(rank[i])
                    w.code(codes[i])
                    w.text(names[i])
                    w.text(industries[i])
                    w.text(regions[i])
                    w.text(scales[i].rawValue)
                    for c in (i * width)..<(i * width + width) { w.measure(m[c]) }
                    w.text(classes[i]?.rawValue ?? "")
                    w.text(reasons[i])
                    if let extras {
                        w.text(extras.0[i])
                        w.text(extras.1[i]?.rawValue ?? "")
                        w.integer(extras.2[i])
                        w.integer(extras.3[i])
                        w.integer(extras.4[i])
                    } else {
                        for _ in 0..<5 { w.empty() }
                    }
                    w.endRow()
                }
            }
        }
    }
}

/// The flags and history columns of rankings.csv, filled by the diagnose and history stages.
public struct RankingExtras: Sendable {
    public var flags: [String]
    public var prevClass: [EnterpriseClass?]
    public var prevRank: [Int?]
    public var rankChange: [Int?]
    public var consecutiveDYears: [Int?]

    /// The columns as the diagnose and history stages of a finished evaluation computed them.
    public init(_ r: RunResult) {
        flags = r.inputs.registry.codes.indices.map { r.remediation.flags.cell($0) }
        prevClass = r.history.prevClass
        prevRank = r.history.prevRank
        rankChange = r.history.rankChange
        consecutiveDYears = r.history.consecutiveDYears
    }
}
