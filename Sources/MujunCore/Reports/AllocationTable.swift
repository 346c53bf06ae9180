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
        var w = TableWriter(header: header, excel: excel)
        for row in r.allocation.rows {
            let id = row.enterprise
            w.text(r.inputs.registry.codes[id].description)
            w.text(r.inputs.registry.names[id])
            w.text(r.pipeline.groups[row.group].id)
            w.text(row.enterpriseClass.rawValue)
            w.text(r.classes.reason[id])
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
        return w.bytes
    }
}
