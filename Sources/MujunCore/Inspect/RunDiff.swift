/// What changed between two finished runs (`mujun diff`): classes, the largest rank movers within a
/// group, enterprises that appeared or vanished, and benchmarks that moved. Read from the runs'
/// rankings.csv and benchmarks.csv; cells are compared as printed.
public struct RunDiff: Sendable {
    /// One line of the diff; which fields are filled depends on `change`.
    public struct Change: Sendable, Equatable {
        public enum Kind: String, Sendable, CaseIterable {
            case classChanged = "class_changed"
            case rankMoved = "rank_moved"
            case new
            case vanished
            case benchmarkChanged = "benchmark_changed"
        }
        public var kind: Kind
        public var uscc = ""
        public var name = ""
        public var group = ""
        public var oldClass = ""
        public var newClass = ""
        public var oldRank = ""
        public var newRank = ""
        /// Old rank − new rank (positive = moved up), for ranked enterprises of the same group.
        public var rankChange = ""
        public var indicator = ""
        public var industry = ""
        public var oldBenchmark = ""
        public var newBenchmark = ""
    }

    /// Rank movers shown per direction.
    public static let moversPerDirection = 10

    public var oldRun: String
    public var newRun: String
    /// In the order of ``Change/Kind``, each kind in its own deterministic order.
    public var changes: [Change]

    public static let csvHeader = [
        "change", "uscc", "name", "group", "old_class", "new_class", "old_rank", "new_rank", "rank_change",
        "indicator", "industry", "old_benchmark", "new_benchmark",
    ]

    struct Entry {
        var uscc: String
        var name: String
        var group: String
        var rank: String
        var enterpriseClass: String
        /// Row position in rankings.csv: the pipeline's group order, then rank.
        var position: Int
    }

    static func entries(_ run: FinishedRun) throws -> [String: Entry] {
        let t = try run.table("rankings.csv")
        let (u, n, g, r, c) = (try t.column("uscc"), try t.column("name"), try t.column("group"), try t.column("rank"),
                               try t.column("class"))
        var out: [String: Entry] = [:]
        for (i, row) in t.rows.enumerated() {
            out[row[u]] = Entry(uscc: row[u], name: row[n], group: row[g], rank: row[r], enterpriseClass: row[c], position: i)
        }
        return out
    }

    /// Compares two runs.
    ///
    /// - Throws: ``RunReadError`` when a folder or table is missing or does not parse.
    public init(old: FinishedRun, new: FinishedRun) throws {
        oldRun = old.directory
        newRun = new.directory
        let before = try Self.entries(old)
        let after = try Self.entries(new)
        var changes: [Change] = []

        // Class changes, in the new run's row order (group, then rank), so a reader sees them by group.
        let common = after.values.filter { before[$0.uscc] != nil }.sorted { $0.position < $1.position }
        for e in common {
            guard let o = before[e.uscc], o.enterpriseClass != e.enterpriseClass else { continue }
            changes.append(
                Change(
                    kind: .classChanged, uscc: e.uscc, name: e.name, group: e.group, oldClass: o.enterpriseClass,
                    newClass: e.enterpriseClass, oldRank: o.rank, newRank: e.rank,
                    rankChange: Self.rankChange(o, e)))
        }

        // Rank movers within the same group: the largest rises, then the largest falls; ties by code.
        var moved: [(change: Int, entry: Entry, old: Entry)] = []
        for e in common {
            guard let o = before[e.uscc], o.group == e.group, let a = Int(o.rank), let b = Int(e.rank), a != b else { continue }
            moved.append((a - b, e, o))
        }
        let up = moved.filter { $0.change > 0 }.sorted { $0.change != $1.change ? $0.change > $1.change : $0.entry.uscc < $1.entry.uscc }
        let down = moved.filter { $0.change < 0 }.sorted { $0.change != $1.change ? $0.change < $1.change : $0.entry.uscc < $1.entry.uscc }
        for m in up.prefix(Self.moversPerDirection) + down.prefix(Self.moversPerDirection) {
            changes.append(
                Change(
                    kind: .rankMoved, uscc: m.entry.uscc, name: m.entry.name, group: m.entry.group,
                    oldClass: m.old.enterpriseClass, newClass: m.entry.enterpriseClass, oldRank: m.old.rank,
                    newRank: m.entry.rank, rankChange: String(m.change)))
        }

        for e in after.values.filter({ before[$0.uscc] == nil }).sorted(by: { $0.uscc < $1.uscc }) {
            changes.append(
                Change(kind: .new, uscc: e.uscc, name: e.name, group: e.group, newClass: e.enterpriseClass, newRank: e.rank))
        }
        for o in before.values.filter({ after[$0.uscc] == nil }).sorted(by: { $0.uscc < $1.uscc }) {
            changes.append(
                Change(kind: .vanished, uscc: o.uscc, name: o.name, group: o.group, oldClass: o.enterpriseClass, oldRank: o.rank))
        }

        // Benchmarks keyed by (group, indicator, industry): the new run's order, then rows only the old run has.
        let oldBench = try old.table("benchmarks.csv").records
        let newBench = try new.table("benchmarks.csv").records
        func key(_ r: [String: String]) -> String { [r["group"] ?? "", r["indicator"] ?? "", r["industry"] ?? ""].joined(separator: "\u{1F}") }
        let oldByKey = Dictionary(oldBench.map { (key($0), $0) }, uniquingKeysWith: { a, _ in a })
        let newKeys = Set(newBench.map(key))
        func benchmarkChange(_ r: [String: String], old: String, new: String) -> Change {
            Change(
                kind: .benchmarkChanged, group: r["group"] ?? "", indicator: r["indicator"] ?? "",
                industry: r["industry"] ?? "", oldBenchmark: old, newBenchmark: new)
        }
        for r in newBench {
            let o = oldByKey[key(r)]
            let oldValue = o?["benchmark"] ?? ""
            let newValue = r["benchmark"] ?? ""
            // A pool only one run has counts as changed even when both cells are empty.
            if o == nil || oldValue != newValue { changes.append(benchmarkChange(r, old: oldValue, new: newValue)) }
        }
        for r in oldBench where !newKeys.contains(key(r)) {
            changes.append(benchmarkChange(r, old: r["benchmark"] ?? "", new: ""))
        }
        self.changes = changes
    }

    static func rankChange(_ o: Entry, _ e: Entry) -> String {
        guard o.group == e.group, let a = Int(o.rank), let b = Int(e.rank) else { return "" }
        return String(a - b)
    }

    /// The diff as one CSV table (SPEC §13 format) on the columns of ``csvHeader``.
    public func csv() -> [UInt8] {
        var w = TableWriter(header: Self.csvHeader)
        for c in changes {
            for cell in [
                c.kind.rawValue, c.uscc, c.name, c.group, c.oldClass, c.newClass, c.oldRank, c.newRank, c.rankChange,
                c.indicator, c.industry, c.oldBenchmark, c.newBenchmark,
            ] { w.text(cell) }
            w.endRow()
        }
        return w.bytes
    }
}
