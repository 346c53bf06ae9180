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
        let rows = r.allocation.rows
        // The registry columns gathered into row order first (one random read each, then sequential).
        let codes = rows.map { r.inputs.registry.codes[$0.enterprise] }
        let names = rows.map { r.inputs.registry.names[$0.enterprise] }
        let reasons = rows.map { r.classes.reason[$0.enterprise] }
        let groupIDs = r.pipeline.groups.map(\.id)
        return TableWriter.table(header: header, excel: excel, rows: rows.count) { w, i in
            let row = rows[i]
            w.code(codes[i])
            w.text(names[i])
            w.text(groupIDs[row.group])
            w.text(row.enterpriseClass.rawValue)
            w.text(reasons[i])
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
