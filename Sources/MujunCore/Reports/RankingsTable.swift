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
        let codes = r.inputs.registry.codes
        let groupCount = r.pipeline.groups.count
        return r.joined.group.indices.sorted { a, b in
            let ga = r.joined.group[a] ?? groupCount
            let gb = r.joined.group[b] ?? groupCount
            if ga != gb { return ga < gb }
            switch (r.classes.rank[a], r.classes.rank[b]) {
            case let (ra?, rb?): return ra < rb
            case (.some, nil): return true
            case (nil, .some): return false
            case (nil, nil): return codes[a] < codes[b]
            }
        }
    }

    public static func write(_ r: RunResult, excel: Bool = false, extra: RankingExtras? = nil) -> [UInt8] {
        let reg = r.inputs.registry
        let s = r.joined.sums
        let scored = scoredIndicators(r.pipeline)
        let rows = order(r)
        let sums = [s.areaMu, s.tax, s.revenue, s.valueAdded, s.energyTce, s.electricity10kKwh, s.employees, s.emissionEq]
        let missing = [Double](repeating: .nan, count: reg.count)
        let values = IndicatorID.allCases.map { r.indicators.values[$0] ?? missing }
        let scoreColumns = scored.map { r.scores.scores[$0] ?? missing }
        let groupIDs = r.pipeline.groups.map(\.id)
        let codes = reg.codes.map(\.description)
        return TableWriter.table(header: header(r.pipeline), excel: excel, rows: rows.count) { w, i in
            let id = rows[i]
            let merged = r.joined.mergedInto[id] != nil
            w.integer(r.year)
            w.text(r.joined.group[id].map { groupIDs[$0] } ?? "")
            w.integer(r.classes.rank[id])
            w.text(codes[id])
            w.text(reg.names[id])
            w.text(reg.industries[id])
            w.text(reg.regions[id])
            w.text(reg.scales[id].rawValue)
            for column in sums { w.measure(column[id]) }
            for column in values { w.measure(merged ? nil : column[id]) }
            for column in scoreColumns { w.measure(column[id]) }
            w.measure(r.scores.adjustments[id])
            w.measure(r.scores.total[id])
            w.text(r.classes.enterpriseClass[id]?.rawValue ?? "")
            w.text(r.classes.reason[id])
            if let extra {
                w.text(extra.flags[id])
                w.text(extra.prevClass[id]?.rawValue ?? "")
                w.integer(extra.prevRank[id])
                w.integer(extra.rankChange[id])
                w.integer(extra.consecutiveDYears[id])
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
