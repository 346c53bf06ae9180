/// How much of each group an indicator covers, and the warnings a silent gap deserves: an input
/// with no rows in the evaluation year (a wrong year or file zeroes an indicator otherwise), and an
/// indicator missing for more than half of a group.
public enum Coverage {
    /// One group's indicator coverage: members scored, and how many of them have each of its indicators.
    public struct GroupCoverage: Equatable, Sendable {
        public var group: String
        public var scored: Int
        public var having: [(indicator: IndicatorID, count: Int)]

        public static func == (a: GroupCoverage, b: GroupCoverage) -> Bool {
            a.group == b.group && a.scored == b.scored
                && a.having.map(\.indicator) == b.having.map(\.indicator) && a.having.map(\.count) == b.having.map(\.count)
        }
    }

    /// One pass over the enterprises, in parallel ranges (at province scale, a filter per group and
    /// per indicator was half a second of a single core).
    public static func table(_ joined: Joined, _ indicators: IndicatorTable, _ pipeline: Pipeline) -> [GroupCoverage] {
        let groups = pipeline.groups
        // Every group's indicators in one flat list of counters, group g's from `first[g]`, each
        // with its column (nil: the indicator has no column, so nobody has it): the loop below reads
        // plain arrays rather than an array per group, which every thread would retain per row.
        var first = [0]
        for group in groups { first.append(first[first.count - 1] + group.indicators.count) }
        let columns = groups.flatMap { group in group.indicators.map { indicators.values[$0.id] } }
        // Parallel ranges count apart; their counts are added.
        let ranges = Parallel.ranges(joined.group.count)
        let parts = Parallel.map(ranges.count) { r -> (scored: [Int], having: [Int]) in
            var scored = [Int](repeating: 0, count: groups.count)
            var having = [Int](repeating: 0, count: columns.count)
            for id in ranges[r] where joined.isScored(id) {
                guard let g = joined.group[id] else { continue }
                scored[g] += 1
                for k in first[g]..<first[g + 1] where columns[k].map({ !$0[id].isNaN }) ?? false { having[k] += 1 }
            }
            return (scored, having)
        }
        var scored = [Int](repeating: 0, count: groups.count)
        var having = [Int](repeating: 0, count: columns.count)
        for part in parts {
            for g in groups.indices { scored[g] += part.scored[g] }
            for k in columns.indices { having[k] += part.having[k] }
        }
        return groups.enumerated().map { g, group in
            GroupCoverage(
                group: group.id, scored: scored[g],
                having: group.indicators.enumerated().map { k, spec in (spec.id, having[first[g] + k]) })
        }
    }

    static let datedFiles: Set<InputFile> = [.tax, .energy, .economy, .emissions, .violations]

    public static func warnings(
        _ inputs: Inputs, _ joined: Joined, _ indicators: IndicatorTable, _ pipeline: Pipeline
    ) -> [Warning] {
        var result: [Warning] = []
        for f in inputs.files where f.present && datedFiles.contains(f.file) && f.rowsInYear == 0 {
            // A zone without violations is normal: an empty violations.csv is no gap.
            if f.file == .violations && f.rowsRead == 0 { continue }
            result.append(
                Warning(SourceLocation(path: f.path), "no accepted rows in the evaluation year \(inputs.year)"))
        }
        for c in table(joined, indicators, pipeline) where c.scored > 0 {
            for (k, count) in c.having where (c.scored - count) * 2 > c.scored {
                result.append(
                    Warning(
                        nil,
                        "group '\(c.group)': \(k.rawValue) is missing for \(c.scored - count) of \(c.scored) scored enterprises"
                    ))
            }
        }
        return result
    }
}
