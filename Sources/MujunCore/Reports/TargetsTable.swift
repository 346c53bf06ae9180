/// targets.csv (SPEC §12, §13): one row per configured zone target, tax per mu first.
public enum TargetsTable {
    /// The columns of targets.csv, in order.
    public static let header = [
        "target", "year", "value", "baseline_year", "baseline", "multiplier", "target_year", "goal", "direction",
        "value_to_goal", "met",
    ]

    /// The table as bytes (SPEC §13 format).
    public static func write(_ r: RunResult, excel: Bool = false) -> [UInt8] {
        var w = TableWriter(header: header, excel: excel)
        for row in r.targets.rows {
            w.text(row.kind.rawValue)
            w.integer(row.year)
            w.measure(row.value)
            w.integer(row.baselineYear)
            w.measure(row.baseline)
            w.measure(row.multiplier)
            w.integer(row.targetYear)
            w.measure(row.goal)
            w.text(row.direction.rawValue)
            w.measure(row.valueToGoal)
            w.text(row.met.map { $0 ? "true" : "false" } ?? "")
            w.endRow()
        }
        return w.bytes
    }
}
