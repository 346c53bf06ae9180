/// class_summary.csv (SPEC §13): per group and class, counts, land, tax and the class's cut scores.
public enum ClassSummaryTable {
    public static let header = [
        "group", "class", "enterprises", "share", "scored", "area_mu", "tax_wan", "tax_per_mu", "min_total", "max_total",
    ]

    public static func write(_ r: RunResult, excel: Bool = false) -> [UInt8] {
        var w = TableWriter(header: header, excel: excel)
        for (g, group) in r.pipeline.groups.enumerated() {
            let members = r.joined.group.indices.filter { r.joined.group[$0] == g }
            for cls in EnterpriseClass.allCases {
                let inClass = members.filter { r.classes.enterpriseClass[$0] == cls }
                var area = ExactSum()
                var tax = ExactSum()
                // Merged tenants' sums are already inside their landlord's.
                for id in inClass where r.joined.mergedInto[id] == nil {
                    let a = r.joined.sums.areaMu[id]
                    let t = r.joined.sums.tax[id]
                    if !a.isNaN { area.add(a) }
                    if !t.isNaN { tax.add(t) }
                }
                let scored = inClass.filter { r.classes.rank[$0] != nil }
                let totals = scored.map { r.scores.total[$0] }
                w.text(group.id)
                w.text(cls.rawValue)
                w.integer(inClass.count)
                w.measure(members.isEmpty ? nil : Double(inClass.count) / Double(members.count))
                w.integer(scored.count)
                w.measure(area.value)
                w.measure(tax.value)
                w.measure(area.value == 0 ? nil : tax.value / area.value)
                w.measure(totals.min())
                w.measure(totals.max())
                w.endRow()
            }
        }
        return w.bytes
    }
}
