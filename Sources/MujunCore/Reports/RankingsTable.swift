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
        let codes = r.inputs.registry.codes.map(\.key)
        let groupCount = r.pipeline.groups.count
        let group = r.joined.group.map { $0 ?? groupCount }
        // Ranked rows first (by rank), then unranked ones (by code): rank or Int.max.
        let rank = r.classes.rank.map { $0 ?? Int.max }
        return group.indices.sorted { a, b in
            if group[a] != group[b] { return group[a] < group[b] }
            if rank[a] != rank[b] { return rank[a] < rank[b] }
            return codes[a] < codes[b]
        }
    }

    public static func write(_ r: RunResult, excel: Bool = false, extra: RankingExtras? = nil) -> [UInt8] {
        let reg = r.inputs.registry
        let s = r.joined.sums
        let scored = scoredIndicators(r.pipeline)
        let rows = order(r)
        // Columns are gathered into row order first: reading a dozen arrays at random positions for
        // every row would miss the cache on each cell.
        func gather<T>(_ column: [T]) -> [T] { rows.map { column[$0] } }
        let sums = [s.areaMu, s.tax, s.revenue, s.valueAdded, s.energyTce, s.electricity10kKwh, s.employees, s.emissionEq]
            .map(gather)
        let missing = [Double](repeating: .nan, count: reg.count)
        let merged = gather(r.joined.mergedInto.map { $0 != nil })
        let values = IndicatorID.allCases.map { gather(r.indicators.values[$0] ?? missing) }
        let scoreColumns = scored.map { gather(r.scores.scores[$0] ?? missing) }
        let groupIDs = r.pipeline.groups.map(\.id)
        let codes = gather(reg.codes).map(\.description)
        let (names, industries, regions, scales) = (gather(reg.names), gather(reg.industries), gather(reg.regions), gather(reg.scales))
        let (group, rank) = (gather(r.joined.group), gather(r.classes.rank))
        let (adjustments, total) = (gather(r.scores.adjustments), gather(r.scores.total))
        let (classes, reasons, year) = (gather(r.classes.enterpriseClass), gather(r.classes.reason), r.year)
        let extras = extra.map { e in
            (gather(e.flags), gather(e.prevClass), gather(e.prevRank), gather(e.rankChange), gather(e.consecutiveDYears))
        }
        return TableWriter.table(header: header(r.pipeline), excel: excel, rows: rows.count) { w, i in
            w.integer(year)
            w.text(group[i].map { groupIDs[$0] } ?? "")
            w.integer(rank[i])
            w.text(codes[i])
            w.text(names[i])
            w.text(industries[i])
            w.text(regions[i])
            w.text(scales[i].rawValue)
            for column in sums { w.measure(column[i]) }
            for column in values { w.measure(merged[i] ? nil : column[i]) }
            for column in scoreColumns { w.measure(column[i]) }
            w.measure(adjustments[i])
            w.measure(total[i])
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

/// The flags and history columns of rankings.csv, filled by the diagnose and history stages.
public struct RankingExtras: Sendable {
    public var flags: [String]
    public var prevClass: [EnterpriseClass?]
    public var prevRank: [Int?]
    public var rankChange: [Int?]
    public var consecutiveDYears: [Int?]

    /// The columns as the diagnose and history stages of a finished evaluation computed them.
    public init(_ r: RunResult) {
        flags = r.inputs.registry.codes.indices.map { r.remediation.flagsCell($0) }
        prevClass = r.history.prevClass
        prevRank = r.history.prevRank
        rankChange = r.history.rankChange
        consecutiveDYears = r.history.consecutiveDYears
    }
}
