/// History: earlier years' classes and ranks (history.csv, or an earlier run's rankings.csv) against
/// this year's classes — previous class and rank, rank change, and the years an enterprise has been in
/// its current class, which the surcharge schedule counts (SPEC §10, §12, appendix 31).
public enum History {
    /// History columns for every registry enterprise.
    ///
    /// - Parameters:
    ///   - digest: what the history rows say about each enterprise (`HistoryDigest`).
    ///   - classes: this year's classes and ranks.
    public static func run(_ digest: HistoryDigest, _ classes: Classes) -> HistoryColumns {
        let n = digest.prevClass.count
        // Each column is filled in parallel ranges: they are fresh megabytes at province scale, and
        // a single thread would first-touch every page of them alone.
        let yearsInClass = Parallel.array(n) { id -> Int? in
            guard let current = classes.enterpriseClass[id] else { return nil }
            // This year, plus the unbroken run of earlier years in the same class.
            return current == digest.prevClass[id] ? 1 + Int(digest.prevClassYears[id]) : 1
        }
        return HistoryColumns(
            prevClass: digest.prevClass, prevRank: digest.prevRank,
            rankChange: Parallel.array(n) { id in
                guard let before = digest.prevRank[id], let now = classes.rank[id] else { return nil }
                return before - now
            },
            yearsInClass: yearsInClass,
            consecutiveDYears: Parallel.array(n) { id in
                yearsInClass[id].map { classes.enterpriseClass[id] == .d ? $0 : 0 }
            })
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

/// What the history rows (history.csv and any `--history` file) say about each registry enterprise,
/// as far as this year's classes need it: the previous year's class and rank, and for how many
/// years in a row, back from the previous one, the enterprise was in that class.
///
/// Taken as soon as the rows are read, so that the rows themselves (2.9 million at province scale)
/// are not kept through join, score and classify, where the run's memory peaks.
public struct HistoryDigest: Sendable {
    public var prevClass: [EnterpriseClass?]
    public var prevRank: [Int?]
    /// Unbroken years, from the previous year back, with the class `prevClass` (0 without one).
    public var prevClassYears: [Int32]

    /// The digest of `inputs.history` for `inputs.registry` and `inputs.year`.
    public init(_ inputs: Inputs) { self.init(inputs.history, registry: inputs.registry, year: inputs.year) }

    /// A digest of no enterprises, to let a used one go.
    static var empty: HistoryDigest { HistoryDigest([], registry: Registry(), year: 0) }

    /// The digest of history rows for a registry and an evaluation year.
    init(_ entries: [HistoryEntry], registry: Registry, year: Int) {
        let n = registry.count
        // Each row's enterprise id (-1: a closed firm, not in the registry, or a row for the evaluation
        // year or later, which a re-run must not count): the reader's look-up, or for rows made
        // without one, looked up here. In parallel chunks; an enterprise's rows usually come
        // together, so a repeated code reuses the last look-up.
        let ranges = Parallel.ranges(entries.count)
        let idChunks = Parallel.map(ranges.count) { c -> [Int32] in
            var out = [Int32]()
            out.reserveCapacity(ranges[c].count)
            var lastKey: UInt128? = nil
            var lastID: Int32 = -1
            for e in ranges[c] {
                let entry = entries[e]
                let id: Int32
                if let known = entry.lookedUpRegistryID {
                    id = known.map { Int32(truncatingIfNeeded: $0) } ?? -1
                } else {
                    if entry.code.key != lastKey {
                        lastKey = entry.code.key
                        lastID = registry.id(of: entry.code).map { Int32($0) } ?? -1
                    }
                    id = lastID
                }
                out.append(entry.year < year ? id : -1)
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
        var prevClass = Parallel.array(n) { _ -> EnterpriseClass? in nil }
        var prevRank = Parallel.array(n) { _ -> Int? in nil }
        var prevClassYears = Parallel.array(n) { _ -> Int32 in 0 }
        // Each enterprise on its own, in parallel ranges of ids (each writes only its own slots).
        // Everything is read through buffer pointers: a slice or an element of a shared array per
        // enterprise retains and releases it, and two threads doing that bounce one counter.
        withUnsafeMutableBuffers(&prevClass, &prevRank, &prevClassYears) { prevClass, prevRank, prevClassYears in
            entries.withUnsafeBufferPointer { entries in
                rows.withUnsafeBufferPointer { rows in
                    first.withUnsafeBufferPointer { first in
                        Parallel.forEachRange(n) { range in
                            for id in range {
                                let mine = rows[Int(first[id])..<Int(first[id + 1])]
                                guard !mine.isEmpty else { continue }
                                func entry(_ y: Int) -> HistoryEntry? {
                                    for i in mine.reversed() where entries[Int(i)].year == y { return entries[Int(i)] }
                                    return nil
                                }
                                guard let previous = entry(year - 1) else { continue }
                                prevClass[id] = previous.enterpriseClass
                                prevRank[id] = previous.rank
                                var run: Int32 = 1
                                var y = year - 2
                                while entry(y)?.enterpriseClass == previous.enterpriseClass {
                                    run += 1
                                    y -= 1
                                }
                                prevClassYears[id] = run
                            }
                        }
                    }
                }
            }
        }
        self.prevClass = prevClass
        self.prevRank = prevRank
        self.prevClassYears = prevClassYears
    }
}
