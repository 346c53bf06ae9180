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
        // One pass over the registry into per (group, class) accumulators, in id order.
        let classCount = EnterpriseClass.allCases.count
        let cells = r.pipeline.groups.count * classCount
        var count = [Int](repeating: 0, count: cells)
        var scored = count
        var area = [ExactSum](repeating: ExactSum(), count: cells)
        var tax = area
        var minTotal = [Double?](repeating: nil, count: cells)
        var maxTotal = minTotal
        let s = r.joined.sums
        for id in r.joined.group.indices {
            guard let g = r.joined.group[id], let cls = r.classes.enterpriseClass[id] else { continue }
            let c = g * classCount + cls.ordinal
            count[c] += 1
            // Merged tenants' sums are already inside their landlord's.
            if r.joined.mergedInto[id] == nil {
                if !s.areaMu[id].isNaN { area[c].add(s.areaMu[id]) }
                if !s.tax[id].isNaN { tax[c].add(s.tax[id]) }
            }
            guard r.classes.rank[id] != nil else { continue }
            scored[c] += 1
            // As `min()` and `max()` over the totals in id order would pick them.
            let t = r.scores.total[id]
            if let m = minTotal[c] { if t < m { minTotal[c] = t } } else { minTotal[c] = t }
            if let m = maxTotal[c] { if m < t { maxTotal[c] = t } } else { maxTotal[c] = t }
        }
        var members = [Int](repeating: 0, count: r.pipeline.groups.count)
        for id in r.joined.group.indices { if let g = r.joined.group[id] { members[g] += 1 } }
        var out: [Row] = []
        for g in r.pipeline.groups.indices {
            for cls in EnterpriseClass.allCases {
                let c = g * classCount + cls.ordinal
                out.append(
                    Row(
                        group: g, enterpriseClass: cls, enterprises: count[c],
                        share: members[g] == 0 ? nil : Double(count[c]) / Double(members[g]),
                        scored: scored[c], areaMu: area[c].value, taxWan: tax[c].value,
                        taxPerMu: area[c].value == 0 ? nil : tax[c].value / area[c].value, minTotal: minTotal[c],
                        maxTotal: maxTotal[c]))
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
