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
        // Per enterprise, its rows by year; rows of closed firms (not in the registry) are unused, and
        // rows for the evaluation year or later are ignored (a re-run must not count itself).
        var byYear = [[Int: HistoryEntry]](repeating: [:], count: n)
        for entry in inputs.history where entry.year < year {
            guard let id = inputs.registry.id(of: entry.code) else { continue }
            byYear[id][entry.year] = entry
        }
        var result = HistoryColumns(
            prevClass: Array(repeating: nil, count: n), prevRank: Array(repeating: nil, count: n),
            rankChange: Array(repeating: nil, count: n), yearsInClass: Array(repeating: nil, count: n),
            consecutiveDYears: Array(repeating: nil, count: n))
        for id in 0..<n {
            let previous = byYear[id][year - 1]
            result.prevClass[id] = previous?.enterpriseClass
            result.prevRank[id] = previous?.rank
            if let before = previous?.rank, let now = classes.rank[id] { result.rankChange[id] = before - now }
            guard let current = classes.enterpriseClass[id] else { continue }
            let years = yearsInClass(current, year: year, history: byYear[id])
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
