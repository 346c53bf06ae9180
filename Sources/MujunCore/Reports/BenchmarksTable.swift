/// benchmarks.csv (SPEC §13): each group's benchmark per indicator, and per industry pool with
/// `by_industry`; `explain` and `diff` read it rather than recompute.
public enum BenchmarksTable {
    public static let header = [
        "group", "industry", "indicator", "weight", "benchmark", "source", "min", "max", "mean_score",
    ]

    public static func write(_ r: RunResult, excel: Bool = false) -> [UInt8] {
        var w = TableWriter(header: header, excel: excel)
        for row in r.scores.benchmarks {
            w.text(r.pipeline.groups[row.group].id)
            w.text(row.industry ?? "")
            w.text(row.indicator.rawValue)
            w.measure(row.weight)
            w.measure(row.benchmark)
            w.text(row.source.rawValue)
            w.measure(row.min)
            w.measure(row.max)
            w.measure(row.meanScore)
            w.endRow()
        }
        return w.bytes
    }
}
