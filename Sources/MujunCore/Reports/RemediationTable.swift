/// remediation.csv (SPEC §11, §13): every enterprise with a remediation category, by priority.
public enum RemediationTable {
    /// The columns of remediation.csv, in order.
    public static let header = [
        "priority", "category", "category_name", "uscc", "name", "group", "class", "total", "rental_status",
        "self_problem", "tenant_problem", "tenants", "own_area_mu", "leased_out_mu", "flags", "recommended_action",
    ]

    /// The table as bytes (SPEC §13 format).
    public static func write(_ r: RunResult, excel: Bool = false) -> [UInt8] {
        var w = TableWriter(header: header, excel: excel)
        for (position, row) in r.remediation.rows.enumerated() {
            let id = row.enterprise
            w.integer(position + 1)
            w.integer(row.category.rawValue)
            w.text(row.category.chineseName)
            w.text(r.inputs.registry.codes[id].description)
            w.text(r.inputs.registry.names[id])
            w.text(r.joined.group[id].map { r.pipeline.groups[$0].id } ?? "")
            w.text(r.classes.enterpriseClass[id]?.rawValue ?? "")
            w.measure(r.scores.total[id])
            w.text(row.rentalStatus.rawValue)
            w.text(row.selfProblem.name)
            w.text(row.tenantProblem.name)
            w.integer(row.tenants)
            w.measure(r.joined.ownAreaMu[id])
            // Leased-out area is a sum over lease rows: empty without any (appendix 24).
            w.measure(row.tenants == 0 ? nil : r.joined.leasedOutMu[id])
            w.text(r.remediation.flagsCell(id))
            w.text(r.pipeline.diagnosis.actions[row.category.rawValue] ?? "")
            w.endRow()
        }
        return w.bytes
    }
}
