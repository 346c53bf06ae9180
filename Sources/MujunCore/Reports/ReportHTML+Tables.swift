/// The tables of report.html: regions, the largest rank movers and the data-quality accounting.
extension ReportHTML {
    /// region_summary.csv as a table.
    static func regionTable(_ r: RunResult, _ areas: AreaTotals) -> String {
        let t = "region_summary"
        var s = "<section><h2>各区域汇总 <span class=\"en\">Regions (region_summary.csv)</span></h2><table><tr>"
        s += "<th>区域 region</th><th>企业 enterprises</th><th>A</th><th>B</th><th>C</th><th>D</th><th>T</th>"
        s += "<th>用地 area (亩)</th><th>税收 tax (万元)</th><th>亩均税收 tax/mu</th><th>单位增加值能耗 tce/万元</th><th>税收占比 tax share</th><th>用地占比 land share</th></tr>"
        let regions = areas.by(.region)
        let (rows, zone) = (regions.rows, regions.zone)
        func ratio(_ a: Double, _ b: Double) -> Double? { b == 0 ? nil : a / b }
        for row in rows {
            let k = row.key
            s += "<tr><td>\(row.key.isEmpty ? "(none)" : SVG.escape(row.key))</td>"
            s += integerCell(t, k, "enterprises", row.enterprises)
            for (c, column) in zip(row.classCounts, ["a", "b", "c", "d", "t"]) { s += integerCell(t, k, column, c) }
            s += measureCell(t, k, "area_mu", row.areaMu)
            s += measureCell(t, k, "tax_wan", row.taxWan)
            s += measureCell(t, k, "tax_per_mu", ratio(row.taxWan, row.areaMu))
            s += measureCell(t, k, "energy_intensity", ratio(row.energyTce, row.valueAddedWan), decimals: 4)
            s += measureCell(t, k, "tax_share", ratio(row.taxWan, zone.taxWan), decimals: 4)
            s += measureCell(t, k, "land_share", ratio(row.areaMu, zone.areaMu), decimals: 4)
            s += "</tr>"
        }
        return s + "</table></section>\n"
    }

    /// The ten largest rises and falls per group (rankings.csv's `rank_change`), when history exists.
    static func movers(_ r: RunResult, _ scored: [[Int]]) -> String {
        var s = "<section><h2>排名变动 <span class=\"en\">Top movers (rank_change = previous rank − rank)</span></h2>"
        let reg = r.inputs.registry
        guard r.history.rankChange.contains(where: { $0 != nil }) else {
            return s + "<p class=\"note\">无上年排名 (no previous ranks in the history)</p></section>\n"
        }
        for (g, group) in r.pipeline.groups.enumerated() {
            // The ten first by change, then code: kept while scanning instead of sorting everyone.
            var up: [(Int, Int)] = []
            var down: [(Int, Int)] = []
            for id in scored[g] {
                guard let change = r.history.rankChange[id], change != 0 else { continue }
                if change > 0 {
                    keepFirst(10, (id, change), in: &up) { $0.1 != $1.1 ? $0.1 > $1.1 : reg.codes[$0.0] < reg.codes[$1.0] }
                } else {
                    keepFirst(10, (id, change), in: &down) { $0.1 != $1.1 ? $0.1 < $1.1 : reg.codes[$0.0] < reg.codes[$1.0] }
                }
            }
            guard !up.isEmpty || !down.isEmpty else { continue }
            s += "<h3>\(SVG.escape(group.id))</h3><table><tr><th></th><th>企业 enterprise</th><th>统一社会信用代码 uscc</th><th>上年排名 prev_rank</th><th>排名 rank</th><th>变化 rank_change</th><th>等级 class</th><th>上年 prev_class</th></tr>"
            for (label, list) in [("上升 up", Array(up)), ("下降 down", Array(down))] {
                for (i, (id, _)) in list.enumerated() {
                    let k = reg.codes[id].description
                    s += "<tr><td>\(i == 0 ? label : "")</td><td>\(SVG.escape(reg.names[id]))</td><td>\(k)</td>"
                    s += integerCell("rankings", k, "prev_rank", r.history.prevRank[id])
                    s += integerCell("rankings", k, "rank", r.classes.rank[id])
                    s += integerCell("rankings", k, "rank_change", r.history.rankChange[id])
                    s += "<td>\(r.classes.enterpriseClass[id]?.rawValue ?? "")</td><td>\(r.history.prevClass[id]?.rawValue ?? "")</td></tr>"
                }
            }
            s += "</table>"
        }
        return s + "</section>\n"
    }

    /// Inserts `item` into `list`, kept sorted by `before` and at most `limit` long.
    static func keepFirst<T>(_ limit: Int, _ item: T, in list: inout [T], by before: (T, T) -> Bool) {
        if list.count == limit, let last = list.last, !before(item, last) { return }
        let at = list.firstIndex { before(item, $0) } ?? list.count
        list.insert(item, at: at)
        if list.count > limit { list.removeLast() }
    }

    /// Per input file: rows read, accepted and rejected (the manifest's accounting), and rejects by reason.
    static func dataQuality(_ r: RunResult) -> String {
        var s = "<section><h2>数据质量 <span class=\"en\">Data quality (manifest.json, rejects.csv)</span></h2>"
        s += "<p class=\"note\">质量闸门 quality gate: 每个文件被拒行占比不超过 \(SVG.short(r.pipeline.maxRejectShare * 100, decimals: 2))% (max reject share per file)"
        s += r.gateFailures.isEmpty ? "，通过 passed" : "，未通过 failed: " + r.gateFailures.map { $0.file.rawValue }.joined(separator: ", ")
        s += "</p><table><tr><th>文件 file</th><th>读入 rows_read</th><th>接受 rows_accepted</th><th>拒绝 rows_rejected</th><th>拒绝原因 rejects by reason</th></tr>"
        for f in r.inputs.files {
            let k = f.file.rawValue
            guard f.present else {
                s += "<tr><td>\(k)</td><td colspan=\"4\" class=\"note\">未提供 absent (optional)</td></tr>"
                continue
            }
            s += "<tr><td>\(k)</td>"
            s += integerCell("manifest", k, "rows_read", f.rowsRead)
            s += integerCell("manifest", k, "rows_accepted", f.rowsAccepted)
            s += integerCell("manifest", k, "rows_rejected", f.rowsRejected)
            let reasons = f.rejectsByReason.sorted { $0.key.rawValue < $1.key.rawValue }.map {
                "<span \(SVG.cell("rejects", "\(k)|\($0.key.rawValue)", "count", String($0.value)))>\($0.key.rawValue) \($0.value)</span>"
            }
            s += "<td>\(reasons.isEmpty ? "—" : reasons.joined(separator: "，"))</td></tr>"
        }
        return s + "</table></section>\n"
    }
}
