/// class_summary.csv (SPEC §13): per group and class, counts, land, tax and the class's cut scores.
public enum ClassSummaryTable {
    public static let header = [
        "group", "class", "enterprises", "share", "scored", "area_mu", "tax_wan", "tax_per_mu", "min_total", "max_total",
    ]

    /// One group and class: the values of one row, nil where the cell is empty.
    public struct Row: Equatable, Sendable {
        public var group: Int
        public var enterpriseClass: EnterpriseClass
        public var enterprises: Int
        public var share: Double?
        public var scored: Int
        public var areaMu: Double
        public var taxWan: Double
        public var taxPerMu: Double?
        public var minTotal: Double?
        public var maxTotal: Double?
    }

    /// The rows in table order: groups in pipeline order, classes A, B, C, D, T (also when empty).
    public static func rows(_ r: RunResult) -> [Row] {
        var out: [Row] = []
        for g in r.pipeline.groups.indices {
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
                out.append(
                    Row(
                        group: g, enterpriseClass: cls, enterprises: inClass.count,
                        share: members.isEmpty ? nil : Double(inClass.count) / Double(members.count),
                        scored: scored.count, areaMu: area.value, taxWan: tax.value,
                        taxPerMu: area.value == 0 ? nil : tax.value / area.value, minTotal: totals.min(),
                        maxTotal: totals.max()))
            }
        }
        return out
    }

    public static func write(_ r: RunResult, excel: Bool = false) -> [UInt8] {
        var w = TableWriter(header: header, excel: excel)
        for row in rows(r) {
            w.text(r.pipeline.groups[row.group].id)
            w.text(row.enterpriseClass.rawValue)
            w.integer(row.enterprises)
            w.measure(row.share)
            w.integer(row.scored)
            w.measure(row.areaMu)
            w.measure(row.taxWan)
            w.measure(row.taxPerMu)
            w.measure(row.minTotal)
            w.measure(row.maxTotal)
            w.endRow()
        }
        return w.bytes
    }
}
