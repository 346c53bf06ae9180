/// History: earlier years' classes and ranks (history.csv, or an earlier run's rankings.csv) against
/// this year's classes — previous class and rank, rank change, and the years an enterprise has been in
/// its current class, which the surcharge schedule counts (SPEC §10, §12, appendix 31).
public enum History {
    /// History columns for every registry enterprise.
    ///
    /// - Parameters:
    ///   - inputs: the history rows (history.csv and any `--history` file) and the registry.
    ///   - classes: this year's classes and ranks.
    public static func run(_ inputs: Inputs, _ classes: Classes) -> HistoryColumns {
        let n = inputs.registry.count
        let year = inputs.year
        let entries = inputs.history
        // Each row's enterprise id (-1: a closed firm, not in the registry, or a row for the evaluation
        // year or later, which a re-run must not count). Looked up in parallel chunks; an enterprise's
        // rows usually come together, so a repeated code reuses the last look-up.
        let ranges = Parallel.ranges(entries.count)
        let idChunks = Parallel.map(ranges.count) { c -> [Int32] in
            var out = [Int32]()
            out.reserveCapacity(ranges[c].count)
            var lastKey: UInt128? = nil
            var lastID: Int32 = -1
            for e in ranges[c] {
                let entry = entries[e]
                if entry.code.key != lastKey {
                    lastKey = entry.code.key
                    lastID = inputs.registry.id(of: entry.code).map { Int32($0) } ?? -1
                }
                out.append(entry.year < year ? lastID : -1)
            }
            return out
        }
        // Per enterprise, its rows in input order (a later row for the same year wins), as one flat list.
        var first = [Int32](repeating: 0, count: n + 1)
        for ids in idChunks { for id in ids where id >= 0 { first[Int(id) + 1] += 1 } }
        for id in 0..<n { first[id + 1] += first[id] }
        var next = first
        var rows = [Int32](repeating: 0, count: Int(first[n]))
        var e: Int32 = 0
        for ids in idChunks {
            for id in ids {
                if id >= 0 {
                    rows[Int(next[Int(id)])] = e
                    next[Int(id)] += 1
                }
                e += 1
            }
        }
        var result = HistoryColumns(
            prevClass: Array(repeating: nil, count: n), prevRank: Array(repeating: nil, count: n),
            rankChange: Array(repeating: nil, count: n), yearsInClass: Array(repeating: nil, count: n),
            consecutiveDYears: Array(repeating: nil, count: n))
        for id in 0..<n {
            let mine = rows[Int(first[id])..<Int(first[id + 1])]
            func entry(_ y: Int) -> HistoryEntry? {
                for i in mine.reversed() where entries[Int(i)].year == y { return entries[Int(i)] }
                return nil
            }
            let previous = mine.isEmpty ? nil : entry(year - 1)
            result.prevClass[id] = previous?.enterpriseClass
            result.prevRank[id] = previous?.rank
            if let before = previous?.rank, let now = classes.rank[id] { result.rankChange[id] = before - now }
            guard let current = classes.enterpriseClass[id] else { continue }
            var years = 1
            var y = year - 1
            while entry(y)?.enterpriseClass == current {
                years += 1
                y -= 1
            }
            result.yearsInClass[id] = years
            result.consecutiveDYears[id] = current == .d ? years : 0
        }
        return result
    }

    /// 1 + the unbroken run of immediately preceding years with `current`; a missing year ends the run.
    ///
    /// - Parameters:
    ///   - current: the class this year.
    ///   - year: the evaluation year.
    ///   - history: the enterprise's history rows by year (years before `year` only).
    /// - Returns: the years in class counting this one.
    public static func yearsInClass(_ current: EnterpriseClass, year: Int, history: [Int: HistoryEntry]) -> Int {
        var years = 1
        var y = year - 1
        while history[y]?.enterpriseClass == current {
            years += 1
            y -= 1
        }
        return years
    }
}
