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
        MemorySink.collect { try write(r, excel: excel, to: $0) }
    }

    /// The table, streamed into `sink` a batch of rows at a time.
    public static func write(_ r: RunResult, excel: Bool = false, to sink: TableSink) throws {
        let rows = r.allocation.rows
        let groupIDs = r.pipeline.groups.map(\.id)
        struct Batch {
            var start: Int
            var codes: [USCC]
            var names: TextColumn
            var reasons: [UInt32]
        }
        let groupCells = PreparedCells(groupIDs, excel: excel)
        let classCells = PreparedCells.classes(excel: excel)
        let reasonCells = PreparedCells(r.classes.reason.values, excel: excel)
        try TableWriter.stream(
            header: header, excel: excel, rows: rows.count, into: sink,
            rowsPerChunk: RankingsTable.rowsPerChunk(rows: rows.count),
            rowsPerBatch: (rows.count + RankingsTable.batchesPerTable - 1) / RankingsTable.batchesPerTable,
            prepare: { range -> Batch in
                // The registry columns gathered in id order (see `BatchGather`).
                let gather = BatchGather(ids: rows[range].map(\.enterprise))
                // Names, the largest, beside the other two (one after another, they kept one core alone).
                let (names, (codes, reasons)) = Parallel.both(
                    { gather(r.inputs.registry.names) },
                    { (gather(r.inputs.registry.codes), gather(r.classes.reason.valueIDs)) })
                return Batch(start: range.lowerBound, codes: codes, names: names, reasons: reasons)
            },
            chunk: { w, b, range in
                for i in range {
                    let row = rows[i]
                    let k = i - b.start
                    w.code(b.codes[k])
                    w.text(b.names, k)
                    w.cell(groupCells, row.group)
                    w.cell(classCells, classCells.index(of: row.enterpriseClass))
                    w.cell(reasonCells, Int(b.reasons[k]))
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
            })
    }
}
