import Foundation

/// report.html (SPEC §13): one self-contained page for people — inline CSS and SVG, no scripts,
/// no fonts or anything else fetched, so it opens from a file or an e-mail attachment.
///
/// It is drawn from the same `RunResult` values the tables print. Numbers may be rounded for
/// display; every one then carries the exact table cell in `data-value` (with the table, row key
/// and column beside it) and in `title`, so a reader and a test can check it against the CSVs.
public enum ReportHTML {
    /// Points drawn per chart at most; beyond this every k-th enterprise is shown (and the page says so).
    public static let maxPoints = 3000

    /// The page as UTF-8 bytes.
    ///
    /// - Parameters:
    ///   - r: the finished evaluation.
    ///   - runID: the run's id, shown in the header (nil outside a published run).
    public static func write(_ r: RunResult, runID: String? = nil) -> [UInt8] {
        write(r, runID: runID, areas: AreaTotals(r))
    }

    /// The page, with the area totals the report's summary tables share.
    static func write(_ r: RunResult, runID: String?, areas: AreaTotals) -> [UInt8] {
        // Computed once: two charts read the class summary and two the scored members.
        let summary = ClassSummaryTable.rows(r)
        let scored = r.classes.rankedByGroup
        var body = header(r, runID: runID)
        body += classShares(r, summary)
        body += scoreDistributions(r, summary, scored)
        body += taxByIndustry(r, areas)
        body += taxAgainstEnergy(r)
        body += regionTable(r, areas)
        body += movers(r, scored)
        body += dataQuality(r)
        let title = "亩均效益评价 \(SVG.escape(r.pipeline.name)) \(r.year)"
        let page = """
            <!DOCTYPE html>
            <html lang="zh-CN">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>\(title)</title>
            <style>\(style)</style>
            </head>
            <body>
            \(body)
            <footer>mujun \(MujunCLI.version) · 数字与各表一致，鼠标悬停可见精确值 (hover for the exact table value)</footer>
            </body>
            </html>

            """
        return Array(page.utf8)
    }

    static let style = """
        body{font-family:"Noto Sans CJK SC","Source Han Sans SC","PingFang SC","Microsoft YaHei",sans-serif;\
        margin:24px auto;max-width:1180px;color:#222;background:#fff;line-height:1.45}
        h1{font-size:24px;margin:0 0 4px} h2{font-size:18px;margin:28px 0 6px;border-bottom:2px solid #ddd;padding-bottom:3px}
        h3{font-size:14px;margin:10px 0 2px;color:#444} .en{color:#777;font-weight:normal;font-size:.85em}
        .meta{color:#555;font-size:13px} .note{color:#666;font-size:12px;margin:2px 0 6px}
        table{border-collapse:collapse;font-size:12.5px;margin:6px 0} th,td{border:1px solid #ddd;padding:3px 7px}
        th{background:#f3f4f6;font-weight:600} td.n{text-align:right;font-variant-numeric:tabular-nums}
        svg{display:block;margin:4px 0} svg text{font-size:11px;fill:#333} .axis line{stroke:#888}
        .axis line.grid{stroke:#e6e6e6} .caption{fill:#555} .legend span{display:inline-block;margin-right:14px;font-size:12px}
        .sw{display:inline-block;width:11px;height:11px;margin-right:4px;vertical-align:-1px}
        footer{margin-top:30px;color:#888;font-size:11px}
        """

    static func legend(_ classes: [EnterpriseClass] = EnterpriseClass.allCases) -> String {
        "<div class=\"legend\">"
            + classes.map { "<span><i class=\"sw\" style=\"background:\(SVG.colour($0))\"></i>\($0.rawValue)</span>" }.joined()
            + "</div>"
    }

    /// A table cell holding a measure: rounded text, the exact cell in the attributes.
    static func measureCell(_ table: String, _ key: String, _ column: String, _ x: Double?, decimals: Int = 2) -> String {
        guard let x, x.isFinite else { return "<td class=\"n\" \(SVG.cell(table, key, column, ""))></td>" }
        let exact = formatMeasure(x)
        return "<td class=\"n\" title=\"\(exact)\" \(SVG.cell(table, key, column, exact))>\(SVG.short(x, decimals: decimals))</td>"
    }

    /// A table cell holding an integer (shown exactly).
    static func integerCell(_ table: String, _ key: String, _ column: String, _ v: Int?) -> String {
        let s = v.map(String.init) ?? ""
        return "<td class=\"n\" \(SVG.cell(table, key, column, s))>\(s)</td>"
    }

    static func header(_ r: RunResult, runID: String?) -> String {
        let n = r.inputs.registry.count
        let ranked = r.classes.rank.reduce(0) { $0 + ($1 == nil ? 0 : 1) }
        var s = "<header><h1>亩均效益综合评价 <span class=\"en\">Per-mu (亩均) evaluation report</span></h1>"
        s += "<p class=\"meta\">评价方案 pipeline <b>\(SVG.escape(r.pipeline.name))</b> · 评价年度 year <b>\(r.year)</b>"
        if let runID { s += " · 运行 run <code>\(SVG.escape(runID))</code>" }
        s += " · 企业 enterprises <b>\(n)</b> · 参评 scored <b>\(ranked)</b></p>"
        let groups = r.pipeline.groups.map { "\(SVG.escape($0.id))\($0.name.isEmpty ? "" : " " + SVG.escape($0.name))" }
        s += "<p class=\"meta\">评价组 groups: \(groups.joined(separator: "；"))</p></header>\n"
        return s
    }
}
