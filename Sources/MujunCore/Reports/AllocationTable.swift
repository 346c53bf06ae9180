/// allocation.csv (SPEC §10, §13): the policies of every enterprise with class A–D, merged tenants
/// included; by group (pipeline order), class, uscc.
public enum AllocationTable {
    /// The columns of allocation.csv, in order.
    public static let header = [
        "uscc", "name", "group", "class", "class_reason", "consecutive_years_in_class", "electricity_kwh",
        "electricity_surcharge_rate", "electricity_surcharge_yuan", "land_use_tax_wan", "land_use_tax_rebate_share",
        "land_use_tax_rebate_wan", "energy_quota_change", "emission_quota_change",
    ]

    /// The table as bytes (SPEC §13 format).
    public static func write(_ r: RunResult, excel: Bool = false) -> [UInt8] {
        let sink = MemorySink()
        try? write(r, excel: excel, to: sink)
        return sink.bytes
    }

    /// The table, streamed into `sink` a batch of rows at a time.
    public static func write(_ r: RunResult, excel: Bool = false, to sink: TableSink) throws {
        let rows = r.allocation.rows
        let groupIDs = r.pipeline.groups.map(\.id)
        try TableWriter.stream(header: header, excel: excel, rows: rows.count, into: sink) { w, range in
            // The registry columns gathered for this chunk first (one random read each, then sequential).
            let codes = range.map { r.inputs.registry.codes[rows[$0].enterprise] }
            let names = range.map { r.inputs.registry.names[rows[$0].enterprise] }
            let reasons = range.map { r.classes.reason[rows[$0].enterprise] }
            for (k, i) in range.enumerated() {
                let row = rows[i]
                w.code(codes[k])
                w.text(names[k])
                w.text(groupIDs[row.group])
                w.text(row.enterpriseClass.rawValue)
                w.text(reasons[k])
                w.integer(row.yearsInClass)
                w.measure(row.electricityKwh)
                w.measure(row.surchargeRate)
                w.measure(row.surchargeYuan)
                w.measure(row.landUseTaxWan)
                w.measure(row.rebateShare)
                w.measure(row.rebateWan)
                w.measure(row.energyQuotaChange)
                w.measure(row.emissionQuotaChange)
                w.endRow()
            }
        }
    }
}
