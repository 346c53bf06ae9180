/// gazelles.csv (SPEC §12, §13): gazelle candidates by CAGR descending (as printed), then uscc.
public enum GazellesTable {
    /// The columns of gazelles.csv, in order.
    public static let header = [
        "uscc", "name", "industry", "region", "group", "class", "revenue_y_minus_3_wan", "revenue_y_minus_2_wan",
        "revenue_y_minus_1_wan", "revenue_wan", "cagr",
    ]

    /// The table as bytes (SPEC §13 format).
    public static func write(_ r: RunResult, excel: Bool = false) -> [UInt8] {
        let reg = r.inputs.registry
        var w = TableWriter(header: header, excel: excel)
        for row in r.gazelles.rows {
            let id = row.enterprise
            w.text(reg.codes[id].description)
            w.text(reg.names, id)
            w.text(reg.industries[id])
            w.text(reg.regions[id])
            w.text(r.joined.group[id].map { r.pipeline.groups[$0].id } ?? "")
            w.text(r.classes.enterpriseClass[id]?.rawValue ?? "")
            for v in row.revenue { w.measure(v) }
            w.measure(row.cagr)
            w.endRow()
        }
        return w.bytes
    }
}
