/// industry_summary.csv and region_summary.csv (SPEC §13): per industry pool (first two digits of the
/// industry code, appendix 26) or per region, enterprises per class and the zone's land, tax, value
/// added and energy with their aggregate ratios and shares.
public enum AreaSummaryTable {
    /// What a summary row is keyed by.
    public enum Key: String, Sendable {
        case industry
        case region
    }

    /// One industry pool's or region's totals.
    public struct Row: Equatable, Sendable {
        /// Industry pool or region; empty for enterprises without one.
        public var key: String
        /// Registry enterprises per class, in `EnterpriseClass.allCases` order (merged tenants included).
        public var classCounts: [Int]
        public var areaMu: Double
        public var taxWan: Double
        public var valueAddedWan: Double
        public var energyTce: Double

        public var enterprises: Int { classCounts.reduce(0, +) }
    }

    /// The columns, the first named after the key.
    public static func header(_ key: Key) -> [String] {
        [key.rawValue, "enterprises", "a", "b", "c", "d", "t", "area_mu", "tax_wan", "value_added_wan", "energy_tce",
         "tax_per_mu", "va_per_energy", "energy_intensity", "tax_share", "land_share"]
    }

    /// The rows by key (code-point order, so the empty key comes first), and the zone's totals.
    public static func rows(_ r: RunResult, by key: Key) -> (rows: [Row], zone: Row) {
        let reg = r.inputs.registry
        let s = r.joined.sums
        struct Acc {
            var counts = [Int](repeating: 0, count: EnterpriseClass.allCases.count)
            var area = ExactSum()
            var tax = ExactSum()
            var valueAdded = ExactSum()
            var tce = ExactSum()

            mutating func add(_ id: Int, _ s: EvaluatedSums) {
                if !s.areaMu[id].isNaN { area.add(s.areaMu[id]) }
                if !s.tax[id].isNaN { tax.add(s.tax[id]) }
                if !s.valueAdded[id].isNaN { valueAdded.add(s.valueAdded[id]) }
                if !s.energyTce[id].isNaN { tce.add(s.energyTce[id]) }
            }

            func row(_ key: String) -> Row {
                Row(
                    key: key, classCounts: counts, areaMu: area.value, taxWan: tax.value,
                    valueAddedWan: valueAdded.value, energyTce: tce.value)
            }
        }
        var groups: [String: Acc] = [:]
        var zone = Acc()
        for id in 0..<reg.count {
            let k = key == .industry ? Score.industryPool(reg.industries[id]) : reg.regions[id]
            if let cls = r.classes.enterpriseClass[id], let c = EnterpriseClass.allCases.firstIndex(of: cls) {
                groups[k, default: Acc()].counts[c] += 1
                zone.counts[c] += 1
            }
            // Merged tenants' sums are already inside their landlord's: counted once.
            guard r.joined.mergedInto[id] == nil else { continue }
            groups[k, default: Acc()].add(id, s)
            zone.add(id, s)
        }
        return (groups.keys.sorted().map { groups[$0]!.row($0) }, zone.row(""))
    }

    /// The table as bytes (SPEC §13 format): one row per key, ratios empty when their denominator is 0.
    public static func write(_ r: RunResult, by key: Key, excel: Bool = false) -> [UInt8] {
        var w = TableWriter(header: header(key), excel: excel)
        let (rows, zone) = rows(r, by: key)
        func ratio(_ a: Double, _ b: Double) -> Double? { b == 0 ? nil : a / b }
        for row in rows {
            w.text(row.key)
            w.integer(row.enterprises)
            for count in row.classCounts { w.integer(count) }
            w.measure(row.areaMu)
            w.measure(row.taxWan)
            w.measure(row.valueAddedWan)
            w.measure(row.energyTce)
            w.measure(ratio(row.taxWan, row.areaMu))
            w.measure(ratio(row.valueAddedWan, row.energyTce))
            w.measure(ratio(row.energyTce, row.valueAddedWan))
            w.measure(ratio(row.taxWan, zone.taxWan))
            w.measure(ratio(row.areaMu, zone.areaMu))
            w.endRow()
        }
        return w.bytes
    }
}
