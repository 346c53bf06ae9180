import Foundation

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

    /// The rows by key (code-point order, so the empty key comes first) and the zone's totals, with
    /// each enterprise's key position (`keyOf`), the keys (sorted) and each key's row (nil when no
    /// row shows it).
    typealias Totals = (rows: [Row], zone: Row, keyOf: [Int32], keys: [String], rowOfKey: [Int?])

    /// The ``Totals`` of `r` by `key`.
    static func totals(_ r: RunResult, by key: Key) -> Totals {
        let s = r.joined.sums
        let (keyOf, keys) = keyIDs(r.inputs.registry, by: key)
        let k = keys.count
        let classCount = EnterpriseClass.allCases.count
        // Dense per-key accumulators (the keys are few, so they stay in cache); slot k is the zone.
        var counts = [Int](repeating: 0, count: (k + 1) * classCount)
        var area = [ExactSum](repeating: ExactSum(), count: k + 1)
        var (tax, valueAdded, tce) = (area, area, area)
        let classes = r.classes.enterpriseClass
        let merged = r.joined.mergedInto
        for id in 0..<keyOf.count {
            let g = Int(keyOf[id])
            if let cls = classes[id] { counts[g * classCount + cls.ordinal] += 1 }
            // Merged tenants' sums are already inside their landlord's: counted once.
            guard merged[id] == nil else { continue }
            if !s.areaMu[id].isNaN { area[g].add(s.areaMu[id]) }
            if !s.tax[id].isNaN { tax[g].add(s.tax[id]) }
            if !s.valueAdded[id].isNaN { valueAdded[g].add(s.valueAdded[id]) }
            if !s.energyTce[id].isNaN { tce[g].add(s.energyTce[id]) }
        }
        // The zone is the sum of the keys (exact sums add up to the same bits in any grouping).
        for g in 0..<k {
            for c in 0..<classCount { counts[k * classCount + c] += counts[g * classCount + c] }
            area[k].add(area[g])
            tax[k].add(tax[g])
            valueAdded[k].add(valueAdded[g])
            tce[k].add(tce[g])
        }
        func row(_ slot: Int, _ key: String) -> Row {
            Row(
                key: key, classCounts: Array(counts[slot * classCount..<(slot + 1) * classCount]),
                areaMu: area[slot].value, taxWan: tax[slot].value, valueAddedWan: valueAdded[slot].value,
                energyTce: tce[slot].value)
        }
        // A key appears when one of its enterprises has a class or is not merged (as a Dictionary of
        // accumulators would have it).
        var seen = [Bool](repeating: false, count: k)
        for id in 0..<keyOf.count where classes[id] != nil || merged[id] == nil { seen[Int(keyOf[id])] = true }
        var rowOfKey = [Int?](repeating: nil, count: k)
        var rows: [Row] = []
        for i in keys.indices where seen[i] {
            rowOfKey[i] = rows.count
            rows.append(row(i, keys[i]))
        }
        return (rows, row(k, ""), keyOf, keys, rowOfKey)
    }

    /// Each enterprise's industry pool or region as a dense id, and the keys by id in code-point order.
    ///
    /// Keys are compared as `String`s do (canonically equivalent spellings are one key, shown as the
    /// first enterprise's), but only once per distinct value of the registry's column, not per enterprise.
    static func keyIDs(_ reg: Registry, by key: Key) -> (ids: [Int32], keys: [String]) {
        // Each distinct value's key, in the order of its first enterprise; an industry's key is its
        // pool (appendix 26), equal for many values and merged below like any equal keys.
        let column = key == .industry ? reg.industries : reg.regions
        let texts = key == .industry ? column.values.map(Score.industryPool) : column.values
        // Canonically equivalent texts are one key (first seen wins); then ids follow the sorted keys.
        var canonical: [String: Int] = [:]
        var distinct: [String] = []
        let merged = texts.map { t -> Int in
            if let c = canonical[t] { return c }
            canonical[t] = distinct.count
            distinct.append(t)
            return distinct.count - 1
        }
        let sorted = distinct.indices.sorted { distinct[$0] < distinct[$1] }
        var position = [Int32](repeating: 0, count: distinct.count)
        for (p, d) in sorted.enumerated() { position[d] = Int32(p) }
        let ids = column.valueIDs.map { position[merged[Int($0)]] }
        return (ids, sorted.map { distinct[$0] })
    }

    /// The table as bytes (SPEC §13 format): one row per key, ratios empty when their denominator is 0.
    public static func write(_ r: RunResult, by key: Key, excel: Bool = false) -> [UInt8] {
        write(totals(r, by: key), by: key, excel: excel)
    }

    /// The table of totals already summed.
    static func write(_ totals: Totals, by key: Key, excel: Bool) -> [UInt8] {
        var w = TableWriter(header: header(key), excel: excel)
        let (rows, zone) = (totals.rows, totals.zone)
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

/// The area totals of one report: industry_summary.csv and report.html's chart show the industry
/// pools', region_summary.csv and report.html's table the regions'. Each is summed once, by the
/// first writer to ask (a million enterprises' exact sums); a writer asking meanwhile waits for it.
final class AreaTotals: @unchecked Sendable {
    private let r: RunResult
    private let locks = [NSLock(), NSLock()]
    private var summed: [AreaSummaryTable.Totals?] = [nil, nil]

    init(_ r: RunResult) { self.r = r }

    func by(_ key: AreaSummaryTable.Key) -> AreaSummaryTable.Totals {
        let slot = key == .industry ? 0 : 1
        return locks[slot].withLock {
            if let totals = summed[slot] { return totals }
            let totals = AreaSummaryTable.totals(r, by: key)
            summed[slot] = totals
            return totals
        }
    }
}
