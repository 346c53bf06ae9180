/// remediation.csv (SPEC §11, §13): every enterprise with a remediation category, by priority.
public enum RemediationTable {
    /// The columns of remediation.csv, in order.
    public static let header = [
        "priority", "category", "category_name", "uscc", "name", "group", "class", "total", "rental_status",
        "self_problem", "tenant_problem", "tenants", "own_area_mu", "leased_out_mu", "flags", "recommended_action",
    ]

    /// The table as bytes (SPEC §13 format).
    public static func write(_ r: RunResult, excel: Bool = false) -> [UInt8] {
        MemorySink.collect { try write(r, excel: excel, to: $0) }
    }

    /// The table, streamed into `sink` a batch of rows at a time.
    public static func write(_ r: RunResult, excel: Bool = false, to sink: TableSink) throws {
        let rows = r.remediation.rows
        let groupIDs = r.pipeline.groups.map(\.id)
        let actions = RemediationCategory.allCases.map { r.pipeline.diagnosis.actions[$0.rawValue] ?? "" }
        try TableWriter.stream(header: header, excel: excel, rows: rows.count, into: sink) { w, range in
            for position in range {
                let row = rows[position]
                let id = row.enterprise
                w.integer(position + 1)
                w.integer(row.category.rawValue)
                w.text(row.category.chineseName)
                w.code(r.inputs.registry.codes[id])
                w.text(r.inputs.registry.names, id)
                w.text(r.joined.group[id].map { groupIDs[$0] } ?? "")
                w.text(r.classes.enterpriseClass[id]?.rawValue ?? "")
                w.measure(r.scores.total[id])
                w.text(row.rentalStatus.rawValue)
                w.text(row.selfProblem.name)
                w.text(row.tenantProblem.name)
                w.integer(row.tenants)
                w.measure(r.joined.ownAreaMu[id])
                // Leased-out area is a sum over lease rows: empty without any (appendix 24).
                w.measure(row.tenants == 0 ? nil : r.joined.leasedOutMu[id])
                w.text(r.remediation.flags.cell(id))
                w.text(actions[row.category.rawValue - 1])
                w.endRow()
            }
        }
    }
}
