import Foundation

/// The charts of report.html: class shares, score distributions with the cut lines, tax per mu by
/// industry pool, and tax per mu against energy intensity.
extension ReportHTML {
    /// Stacked bars: each group's enterprises by class (class_summary.csv's `enterprises` and `share`).
    static func classShares(_ r: RunResult, _ rows: [ClassSummaryTable.Row]) -> String {
        let width = 1100.0, barLeft = 150.0, barWidth = 900.0, barHeight = 26.0, gap = 16.0
        let height = Double(r.pipeline.groups.count) * (barHeight + gap) + 10
        var s = "<section><h2>各组等级分布 <span class=\"en\">Class shares per group</span></h2>" + legend()
        s += "<svg width=\"\(Int(width))\" height=\"\(Int(height))\" viewBox=\"0 0 \(Int(width)) \(Int(height))\" role=\"img\">"
        for (g, group) in r.pipeline.groups.enumerated() {
            let y = 5 + Double(g) * (barHeight + gap)
            let members = rows.filter { $0.group == g }.reduce(0) { $0 + $1.enterprises }
            s += "<text x=\"\(SVG.px(barLeft - 8))\" y=\"\(SVG.px(y + barHeight / 2 + 4))\" text-anchor=\"end\">\(SVG.escape(group.id)) (\(members))</text>"
            var x = barLeft
            for row in rows where row.group == g && row.enterprises > 0 {
                let share = row.share ?? 0
                let w = share * barWidth
                let key = "\(group.id)|\(row.enterpriseClass.rawValue)"
                let exact = formatMeasure(share)
                s += "<rect x=\"\(SVG.px(x))\" y=\"\(SVG.px(y))\" width=\"\(SVG.px(w))\" height=\"\(SVG.px(barHeight))\" fill=\"\(SVG.colour(row.enterpriseClass))\" \(SVG.cell("class_summary", key, "share", exact))>"
                s += "<title>\(SVG.escape(group.id)) \(row.enterpriseClass.rawValue): \(row.enterprises) enterprises, share \(exact)</title></rect>"
                if w > 80 {
                    s += "<text x=\"\(SVG.px(x + w / 2))\" y=\"\(SVG.px(y + barHeight / 2 + 4))\" text-anchor=\"middle\" style=\"fill:#fff\" \(SVG.cell("class_summary", key, "enterprises", String(row.enterprises)))>\(row.enterpriseClass.rawValue) \(row.enterprises) · \(SVG.short(share * 100, decimals: 1))%</text>"
                }
                x += w
            }
        }
        return s + "</svg></section>\n"
    }

    /// Per group, a histogram of the total score with a vertical line at each class's lowest total
    /// (class_summary.csv's `min_total`: the quota cut).
    static func scoreDistributions(_ r: RunResult, _ summary: [ClassSummaryTable.Row], _ scored: [[Int]]) -> String {
        var s = "<section><h2>总分分布与分档线 <span class=\"en\">Total score distribution and class cut lines</span></h2>"
        s += "<p class=\"note\">竖线为各等级最低总分 (vertical lines: each class's min_total in class_summary.csv)；末柱含更高分 (the last bar holds everything above).</p>"
        for (g, group) in r.pipeline.groups.enumerated() {
            let ids = scored[g]
            let totals = ids.map { r.scores.total[$0] }.filter(\.isFinite)
            s += "<h3>\(SVG.escape(group.id))\(group.name.isEmpty ? "" : " " + SVG.escape(group.name)) · \(totals.count) scored</h3>"
            guard let lo = totals.min(), let hiAll = totals.max() else {
                s += "<p class=\"note\">无参评企业 (no scored enterprises)</p>"
                continue
            }
            let cuts = summary.filter { $0.group == g && $0.enterpriseClass != .t }
            // The top 2 % would stretch the axis; cuts must stay in view.
            let sorted = totals.sorted()
            let p98 = sorted[Swift.min(sorted.count - 1, Int(Double(sorted.count) * 0.98))]
            let cutMax = cuts.compactMap(\.minTotal).max() ?? lo
            var hi = Swift.min(hiAll, Swift.max(p98, cutMax * 1.1))
            if hi <= lo { hi = lo + 1 }
            let bins = 40
            let width = 1100.0, left = 60.0, right = 1080.0, top = 12.0, bottom = 190.0
            let binWidth = (hi - lo) / Double(bins)
            var counts = [Int](repeating: 0, count: bins)
            for t in totals { counts[Swift.min(bins - 1, Swift.max(0, Int((t - lo) / binWidth)))] += 1 }
            let x = SVG.Scale(lo: lo, hi: hi, from: left, to: right, log: false)
            let y = SVG.Scale(lo: 0, hi: Double(counts.max() ?? 1) * 1.1, from: bottom, to: top, log: false)
            s += "<svg width=\"\(Int(width))\" height=\"235\" viewBox=\"0 0 \(Int(width)) 235\" role=\"img\">"
            s += SVG.xAxis(x, y: bottom, gridTop: top, caption: "总分 total score")
            s += SVG.yAxis(y, x: left, gridRight: right, caption: "企业数 count")
            for (i, c) in counts.enumerated() where c > 0 {
                let a = lo + Double(i) * binWidth
                let b = i == bins - 1 ? hiAll : a + binWidth
                let x0 = x(a), x1 = x(lo + Double(i + 1) * binWidth)
                s += "<rect x=\"\(SVG.px(x0 + 0.5))\" y=\"\(SVG.px(y(Double(c))))\" width=\"\(SVG.px(Swift.max(1, x1 - x0 - 1)))\" height=\"\(SVG.px(bottom - y(Double(c))))\" fill=\"#90a4ae\" data-bin-group=\"\(SVG.escape(group.id))\" data-count=\"\(c)\">"
                s += "<title>\(SVG.short(a)) – \(SVG.short(b)): \(c)</title></rect>"
            }
            for cut in cuts {
                guard let m = cut.minTotal else { continue }
                let exact = formatMeasure(m)
                let cx = x(m)
                let key = "\(group.id)|\(cut.enterpriseClass.rawValue)"
                s += "<line x1=\"\(SVG.px(cx))\" y1=\"\(SVG.px(top))\" x2=\"\(SVG.px(cx))\" y2=\"\(SVG.px(bottom))\" stroke=\"\(SVG.colour(cut.enterpriseClass))\" stroke-width=\"2\" stroke-dasharray=\"5 3\" \(SVG.cell("class_summary", key, "min_total", exact))><title>\(cut.enterpriseClass.rawValue) min_total \(exact)\(m > hi ? " (beyond the axis)" : "")</title></line>"
                // Cuts can sit close together: each class's label gets its own line.
                let row = Double(EnterpriseClass.allCases.firstIndex(of: cut.enterpriseClass) ?? 0)
                s += "<text x=\"\(SVG.px(cx + 3))\" y=\"\(SVG.px(top + 10 + 12 * row))\" style=\"fill:\(SVG.colour(cut.enterpriseClass));font-weight:bold\">\(cut.enterpriseClass.rawValue) ≥ \(SVG.short(m))</text>"
            }
            s += "</svg>"
        }
        return s + "</section>\n"
    }

    /// A strip per industry pool: each scored enterprise's tax per mu (log scale), with the pool's
    /// aggregate (industry_summary.csv's `tax_per_mu`) as a black tick.
    static func taxByIndustry(_ r: RunResult, _ areas: AreaTotals) -> String {
        var s = "<section><h2>各行业亩均税收 <span class=\"en\">Tax per mu by industry pool (万元/亩, log scale)</span></h2>"
        let reg = r.inputs.registry
        let missing = [Double](repeating: .nan, count: reg.count)
        let taxPerMu = r.indicators.values[.taxPerMu] ?? missing
        let summary = areas.by(.industry)
        // Taken out of the tuple once: `summary.keyOf[id]` in the loop copied the whole tuple (five
        // arrays retained and released) for every enterprise.
        let poolOf = summary.keyOf
        let rank = r.classes.rank
        // Per industry pool (by its place among the sorted pools), the scored members with tax per mu > 0.
        var pools = [[Int]](repeating: [], count: summary.keys.count)
        var all: [Int] = []
        var nonPositive = 0
        for id in 0..<reg.count where rank[id] != nil {
            let v = taxPerMu[id]
            guard !v.isNaN else { continue }
            guard v > 0 else {
                nonPositive += 1
                continue
            }
            pools[Int(poolOf[id])].append(id)
            all.append(id)
        }
        func poolRow(_ p: Int) -> AreaSummaryTable.Row? { summary.rowOfKey[p].map { summary.rows[$0] } }
        guard !all.isEmpty else { return s + "<p class=\"note\">无数据 (no scored enterprise has tax per mu)</p></section>\n" }
        let values = all.map { taxPerMu[$0] }
        let used = pools.indices.filter { !pools[$0].isEmpty }
        let poolValues = used.compactMap { p -> Double? in
            guard let row = poolRow(p), row.areaMu != 0 else { return nil }
            let v = row.taxWan / row.areaMu
            return v > 0 ? v : nil
        }
        let lo = min(values.min() ?? .infinity, poolValues.min() ?? .infinity)
        let hi = max(values.max() ?? -.infinity, poolValues.max() ?? -.infinity)
        let keys = used.map { summary.keys[$0] }
        let rowHeight = 30.0, top = 10.0, left = 120.0, right = 1080.0
        let bottom = top + Double(keys.count) * rowHeight
        let x = SVG.Scale(lo: lo * 0.9, hi: hi * 1.1, from: left, to: right, log: true)
        let shownPerPool = Swift.max(50, maxPoints / Swift.max(1, keys.count))
        s += legend(Array(EnterpriseClass.allCases.dropLast())) + "<p class=\"note\">点为参评企业 (dots: scored enterprises, coloured by class)；黑线为行业合计亩均税收 (black tick: the pool's Σtax ÷ Σarea, industry_summary.csv)"
        if nonPositive > 0 { s += "；\(nonPositive) 家税收 ≤ 0 未画出 (not drawn: tax per mu ≤ 0)" }
        s += "</p><svg width=\"1100\" height=\"\(Int(bottom + 42))\" viewBox=\"0 0 1100 \(Int(bottom + 42))\" role=\"img\">"
        s += SVG.xAxis(x, y: bottom, gridTop: top, caption: "亩均税收 tax per mu (万元/亩)")
        for (i, key) in keys.enumerated() {
            let cy = top + Double(i) * rowHeight + rowHeight / 2
            let members = pools[used[i]]
            let shown = SVG.thin(members, limit: shownPerPool)
            let label = key.isEmpty ? "(none)" : "\(key) 行业"
            s += "<text x=\"\(SVG.px(left - 8))\" y=\"\(SVG.px(cy + 4))\" text-anchor=\"end\">\(SVG.escape(label)) (\(members.count)\(shown.count < members.count ? ", \(shown.count) shown" : ""))</text>"
            // Each point as bytes (see `HTMLBytes`); its cell's table, key and column need no escaping.
            var points = HTMLBytes(capacity: shown.count * 320)
            var exact: [UInt8] = []
            for (j, id) in shown.enumerated() {
                let v = taxPerMu[id]
                guard !v.isNaN, let cls = r.classes.enterpriseClass[id] else { continue }
                // A small deterministic jitter so equal values stay visible.
                let jitter = Double((j * 7919) % 17) - 8
                exact.removeAll(keepingCapacity: true)
                appendMeasure(v, to: &exact)
                points.addRankingsPoint(
                    cx: x(v), cy: cy + jitter, radius: "3", colour: SVG.colour(cls), opacity: "0.7", code: reg.codes[id],
                    column: "tax_per_mu", value: exact)
                points.addTitle(name: reg.names, id, code: reg.codes[id])
                points.add(": ")
                points.add(raw: exact)
                points.add("</title></circle>")
            }
            s += points.string
            if let row = poolRow(used[i]), row.areaMu != 0 {
                let v = row.taxWan / row.areaMu
                let exact = formatMeasure(v)
                s += "<line x1=\"\(SVG.px(x(v)))\" y1=\"\(SVG.px(cy - 12))\" x2=\"\(SVG.px(x(v)))\" y2=\"\(SVG.px(cy + 12))\" stroke=\"#000\" stroke-width=\"2.5\" \(SVG.cell("industry_summary", key, "tax_per_mu", exact))><title>\(SVG.escape(label)) Σtax/Σarea \(exact)</title></line>"
            }
        }
        return s + "</svg></section>\n"
    }

    /// Scatter of tax per mu against energy per value added (log–log), coloured by class.
    static func taxAgainstEnergy(_ r: RunResult) -> String {
        var s = "<section><h2>亩均税收与单位增加值能耗 <span class=\"en\">Tax per mu against energy intensity (log–log)</span></h2>"
        let reg = r.inputs.registry
        let missing = [Double](repeating: .nan, count: reg.count)
        let taxPerMu = r.indicators.values[.taxPerMu] ?? missing
        let intensity = r.indicators.values[.energyIntensity] ?? missing
        let rank = r.classes.rank
        // The enterprises drawn are counted and their ranges taken in one pass, the ones shown
        // picked in a second (as `SVG.thin` picks them), without listing them all: at a province
        // scale that list and its values were ~30 MB, made while the run's memory peaks.
        func plotted(_ id: Int) -> Bool? {
            guard rank[id] != nil, !taxPerMu[id].isNaN, !intensity[id].isNaN else { return nil }
            return taxPerMu[id] > 0 && intensity[id] > 0
        }
        var count = 0
        var skipped = 0
        var (tLo, tHi, eLo, eHi) = (Double.infinity, -Double.infinity, Double.infinity, -Double.infinity)
        for id in 0..<reg.count {
            guard let drawn = plotted(id) else { continue }
            guard drawn else {
                skipped += 1
                continue
            }
            count += 1
            (tLo, tHi) = (Swift.min(tLo, taxPerMu[id]), Swift.max(tHi, taxPerMu[id]))
            (eLo, eHi) = (Swift.min(eLo, intensity[id]), Swift.max(eHi, intensity[id]))
        }
        guard count > 0 else { return s + "<p class=\"note\">无数据 (no scored enterprise has both)</p></section>\n" }
        var shown: [Int] = []
        let limit = Swift.min(count, maxPoints)
        var drawnSoFar = 0
        for id in 0..<reg.count where shown.count < limit && plotted(id) == true {
            if drawnSoFar == SVG.thinnedPosition(shown.count, of: count, limit: limit) { shown.append(id) }
            drawnSoFar += 1
        }
        let left = 80.0, right = 1080.0, top = 10.0, bottom = 420.0
        let x = SVG.Scale(lo: eLo * 0.9, hi: eHi * 1.1, from: left, to: right, log: true)
        let y = SVG.Scale(lo: tLo * 0.9, hi: tHi * 1.1, from: bottom, to: top, log: true)
        s += legend(Array(EnterpriseClass.allCases.dropLast()))
        s += "<p class=\"note\">\(count) 家参评企业 (scored enterprises with both indicators)"
        if shown.count < count { s += "，显示 \(shown.count) 家 (every \(count / shown.count)th shown)" }
        if skipped > 0 { s += "；\(skipped) 家有非正值未画出 (not drawn: a value ≤ 0)" }
        s += "。右下方为高能耗低税收 (bottom right: high energy, low tax).</p>"
        s += "<svg width=\"1100\" height=\"465\" viewBox=\"0 0 1100 465\" role=\"img\">"
        s += SVG.xAxis(x, y: bottom, gridTop: top, caption: "单位增加值能耗 energy intensity (tce/万元)")
        s += SVG.yAxis(y, x: left, gridRight: right, caption: "亩均税收 (万元/亩)")
        // Each point as bytes (see `HTMLBytes`); its cell's table, key and column need no escaping.
        var points = HTMLBytes(capacity: shown.count * 420)
        var (te, ee): ([UInt8], [UInt8]) = ([], [])
        for id in shown {
            let (t, e) = (taxPerMu[id], intensity[id])
            guard !t.isNaN, !e.isNaN, let cls = r.classes.enterpriseClass[id] else { continue }
            te.removeAll(keepingCapacity: true)
            ee.removeAll(keepingCapacity: true)
            appendMeasure(t, to: &te)
            appendMeasure(e, to: &ee)
            points.addRankingsPoint(
                cx: x(e), cy: y(t), radius: "3.5", colour: SVG.colour(cls), opacity: "0.75", code: reg.codes[id],
                column: "energy_intensity", value: ee)
            points.add(" data-tax-per-mu=\"")
            points.add(raw: te)
            points.add("\"")
            points.addTitle(name: reg.names, id, code: reg.codes[id])
            points.add(" ")
            points.add(raw: cls.rawValue)
            points.add(": tax_per_mu ")
            points.add(raw: te)
            points.add(", energy_intensity ")
            points.add(raw: ee)
            points.add("</title></circle>")
        }
        return s + points.string + "</svg></section>\n"
    }
}
