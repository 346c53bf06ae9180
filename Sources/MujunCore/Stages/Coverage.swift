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

    public static func table(_ joined: Joined, _ indicators: IndicatorTable, _ pipeline: Pipeline) -> [GroupCoverage] {
        pipeline.groups.enumerated().map { g, group in
            let members = joined.group.indices.filter { joined.group[$0] == g && joined.isScored($0) }
            let having = group.indicators.map { spec in
                (spec.id, members.filter { indicators.value(spec.id, $0) != nil }.count)
            }
            return GroupCoverage(group: group.id, scored: members.count, having: having)
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
