import Foundation
import Testing
@testable import MujunCore

@Suite struct HistoryTests {
    /// Totals are tax in 万元 (10 mu each): H1 95 → A rank 1, H2 80 → B rank 2, H3 20 → D rank 4,
    /// H4 30 → D rank 3; H5 is new (T, no rank).
    static func fixture() -> EvaluationFixture {
        var f = EvaluationFixture()
        let h1 = f.firm(1, tax: 95)
        let h2 = f.firm(2, tax: 80)
        let h3 = f.firm(3, tax: 20)
        let h4 = f.firm(4, tax: 30)
        let h5 = f.firm(5, established: "2024-02-01", tax: 5)
        f.history(h1, 2023, "B", rank: 3)
        f.history(h1, 2025, "D", rank: 9)   // after the evaluation year: ignored
        f.history(h2, 2022, "B", rank: 2)   // no 2023 row: no previous class, and the run is broken
        f.history(h3, 2023, "D", rank: 2)
        f.history(h3, 2022, "D", rank: 2)
        f.history(h4, 2023, "D")            // no rank in the row
        f.history(h5, 2023, "A", rank: 1)
        return f
    }

    @Test func previousClassRankAndChange() throws {
        let r = try Self.fixture().run()
        let h = r.history
        let id = { r.id(EvaluationFixture.code($0)) }
        // H1: was B rank 3, now rank 1: rank_change = 3 − 1 = 2 (moved up).
        #expect(h.prevClass[id(1)] == .b)
        #expect(h.prevRank[id(1)] == 3)
        #expect(h.rankChange[id(1)] == 2)
        // H2: only 2022 → nothing for year − 1.
        #expect(h.prevClass[id(2)] == nil && h.prevRank[id(2)] == nil && h.rankChange[id(2)] == nil)
        // H3: was rank 2, now rank 4: 2 − 4 = −2.
        #expect(r.classes.rank[id(3)] == 4)
        #expect(h.rankChange[id(3)] == -2)
        // H4: a 2023 row without rank: class yes, rank and change empty.
        #expect(h.prevClass[id(4)] == .d && h.prevRank[id(4)] == nil && h.rankChange[id(4)] == nil)
        // H5: previous rank but none now (T): change empty.
        #expect(h.prevRank[id(5)] == 1 && h.rankChange[id(5)] == nil)
    }

    @Test func consecutiveYearsInClass() throws {
        let r = try Self.fixture().run()
        let h = r.history
        let id = { r.id(EvaluationFixture.code($0)) }
        // H1: A now, B before (and the 2025 D row ignored): 1 year, not D.
        #expect(h.yearsInClass[id(1)] == 1 && h.consecutiveDYears[id(1)] == 0)
        // H2: B now, 2023 missing ends the run although 2022 was B.
        #expect(h.yearsInClass[id(2)] == 1)
        // H3: D in 2022, 2023 and now: 3.
        #expect(h.consecutiveDYears[id(3)] == 3)
        // H4: D in 2023 and now: 2.
        #expect(h.consecutiveDYears[id(4)] == 2)
        #expect(h.consecutiveDYears[id(5)] == 0)
        let row = RunResult.parseCSV(RankingsTable.write(r, extra: RankingExtras(r)))
            .first { $0["uscc"] == EvaluationFixture.code(3) }!
        #expect(row["prev_class"] == "D" && row["prev_rank"] == "2" && row["rank_change"] == "-2")
        #expect(row["consecutive_d_years"] == "3")
    }

    /// `--history` takes an earlier run's rankings.csv; its rows are appended to history.csv's, a
    /// (uscc, year) already read is a duplicate, and the file has its own manifest entry.
    @Test func extraHistoryFileIsAnEarlierRankings() throws {
        let f = Self.fixture()
        var p = try PipelineLoader.parse(Data(EvaluationFixture.pipelineText().utf8), path: "fixture.json5")
        p.year = 2023
        let header = RankingsTable.header(p)
        func rankingsRow(_ n: Int, group: String, rank: String, cls: String) -> String {
            let values = ["year": "2023", "group": group, "rank": rank, "uscc": EvaluationFixture.code(n), "class": cls,
                          "class_reason": "quota", "flags": "idle_land", "prev_class": "C"]
            return header.map { values[$0] ?? "" }.joined(separator: ",")
        }
        let extra = [
            header.joined(separator: ","),
            rankingsRow(2, group: "above", rank: "1", cls: "B"),
            rankingsRow(1, group: "above", rank: "5", cls: "C"),   // history.csv has H1 2023 already
        ]
        let r = try f.run(extraHistory: extra)
        let id = { r.id(EvaluationFixture.code($0)) }
        // H2: 2023 B rank 1 from the extra file, rank 2 now: change −1; B in 2022 too, so 3 years in B.
        #expect(r.history.prevClass[id(2)] == .b && r.history.rankChange[id(2)] == -1)
        #expect(r.history.yearsInClass[id(2)] == 3)
        // H1 keeps history.csv's row.
        #expect(r.history.prevRank[id(1)] == 3)
        let files = r.inputs.files.filter { $0.file == .history }
        #expect(files.count == 2)
        #expect(files[1].path.hasSuffix("previous-rankings.csv"))
        #expect(files[1].rowsRead == 2 && files[1].rowsAccepted == 1)
        #expect(files[1].rejectsByReason == [.duplicateKey: 1])
        #expect(r.inputs.rejects.last?.line == 3)
    }

    @Test func missingExtraHistoryFileIsAnInputError() throws {
        var p = try PipelineLoader.parse(Data(EvaluationFixture.pipelineText().utf8), path: "fixture.json5")
        p.year = 2024
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("mujun-hist-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let f = Self.fixture()
        for (name, lines) in [("enterprises.csv", f.enterprises), ("tax.csv", f.tax), ("energy.csv", f.energy), ("land.csv", f.land)] {
            try (lines.joined(separator: "\n") + "\n").write(to: dir.appendingPathComponent(name), atomically: true, encoding: .utf8)
        }
        let options = Ingest.Options(dataDirectory: dir.path, year: 2024, extraHistory: dir.path + "/nope.csv")
        #expect(throws: CSVError.self) { try Evaluate.run(p, options) }
        do {
            _ = try Evaluate.run(p, options)
        } catch let e as CSVError {
            #expect(e.exitStatus == .noInput)
        }
    }

    @Test func historyEntriesAreCompactAndGiveBackWhatTheyWereGiven() throws {
        #expect(MemoryLayout<HistoryEntry>.stride == 40)
        let code = try #require(USCC(Fixture.code(11, prefix: "91330000MA")))
        let full = HistoryEntry(code: code, year: 2023, enterpriseClass: .b, score: -0.0, rank: 999_999_999_999_999)
        #expect(full.code == code)
        #expect(full.year == 2023)
        #expect(full.enterpriseClass == .b)
        #expect(full.score == 0 && full.score?.sign == .minus)
        #expect(full.rank == 999_999_999_999_999)
        let bare = HistoryEntry(code: code, year: 2019, enterpriseClass: .t, score: nil, rank: nil)
        #expect(bare.score == nil && bare.rank == nil)
        #expect(bare != full)
    }
}

@Suite struct HistoryDigestTests {
    /// The digest keeps only the previous year's row and the run of its class; the history columns
    /// built from it must be those of the rows themselves: per enterprise and year the last row wins,
    /// a missing year ends the run, rows of this year or later and of unknown codes count for nothing.
    @Test func columnsFromTheDigestAreThoseOfTheRows() throws {
        let codes = try (1...30).map { try #require(USCC(Fixture.code($0))) }
        let registry = registry(of: codes)
        let stranger = try #require(USCC(Fixture.code(99)))
        let year = 2024
        var rng = SystemRandomNumberGenerator()
        for _ in 0..<50 {
            var entries: [HistoryEntry] = []
            for _ in 0..<Int.random(in: 0...200, using: &rng) {
                let code = Int.random(in: 0...30, using: &rng) == 30 ? stranger : codes.randomElement(using: &rng) ?? stranger
                entries.append(
                    HistoryEntry(
                        code: code, year: Int.random(in: 2015...2025, using: &rng),
                        enterpriseClass: [.a, .b, .c, .d].randomElement(using: &rng) ?? .a, score: nil,
                        rank: Bool.random(using: &rng) ? Int.random(in: 1...50, using: &rng) : nil))
            }
            let inputs = Inputs(
                year: year, registry: registry, sums: OwnSums(count: 0), leases: [], violations: [], history: entries,
                rejects: [], files: [], warnings: [])
            let now: [EnterpriseClass?] = codes.indices.map { _ in [.a, .b, .c, .d, nil].randomElement(using: &rng) ?? nil }
            let ranks: [Int?] = codes.indices.map { _ in Bool.random(using: &rng) ? Int.random(in: 1...50, using: &rng) : nil }
            let classes = Classes(enterpriseClass: now, reason: InternedText(codes.map { _ in "" }), rank: ranks, rankedByGroup: [])
            let columns = History.run(HistoryDigest(inputs), classes)
            // The same rows as the reader makes them, each with its registry id looked up already:
            // the same digest.
            var looked = inputs
            looked.history = entries.map {
                HistoryEntry(
                    code: $0.code, registryID: registry.id(of: $0.code), year: $0.year,
                    enterpriseClass: $0.enterpriseClass, score: $0.score, rank: $0.rank)
            }
            let (plain, withIDs) = (HistoryDigest(inputs), HistoryDigest(looked))
            #expect(withIDs.prevClass == plain.prevClass && withIDs.prevRank == plain.prevRank)
            #expect(withIDs.prevClassYears == plain.prevClassYears)
            for (id, code) in codes.enumerated() {
                // The rows themselves: the last one of each earlier year.
                var byYear: [Int: HistoryEntry] = [:]
                for e in entries where e.code == code && e.year < year { byYear[e.year] = e }
                let previous = byYear[year - 1]
                #expect(columns.prevClass[id] == previous?.enterpriseClass)
                #expect(columns.prevRank[id] == previous?.rank)
                #expect(columns.rankChange[id] == previous?.rank.flatMap { p in ranks[id].map { p - $0 } })
                let years = now[id].map { History.yearsInClass($0, year: year, history: byYear) }
                #expect(columns.yearsInClass[id] == years)
                #expect(columns.consecutiveDYears[id] == years.map { now[id] == .d ? $0 : 0 })
            }
        }
    }
}

extension HistoryDigestTests {
    /// The digest takes a row's enterprise from the reader's look-up when the row has one (it does
    /// not look the code up again): a row whose stored id names another enterprise counts for that one.
    @Test func theDigestUsesTheReadersLookUp() throws {
        let codes = try (1...3).map { try #require(USCC(Fixture.code($0))) }
        let rows = [
            HistoryEntry(code: codes[0], registryID: 2, year: 2023, enterpriseClass: .c, score: nil, rank: 4),
            HistoryEntry(code: codes[1], registryID: nil, year: 2023, enterpriseClass: .a, score: nil, rank: 1),
        ]
        let inputs = Inputs(
            year: 2024, registry: registry(of: codes), sums: OwnSums(count: 0), leases: [], violations: [],
            history: rows, rejects: [], files: [], warnings: [])
        let digest = HistoryDigest(inputs)
        #expect(digest.prevClass == [nil, nil, .c] && digest.prevRank == [nil, nil, 4])
    }

    @Test func ingestTakesTheDigestOfTheRowsItRead() throws {
        let inputs = try HistoryTests.fixture().ingest()
        let digest = try #require(inputs.historyDigest)
        let fromRows = HistoryDigest(inputs)
        #expect(digest.prevClass == fromRows.prevClass && digest.prevRank == fromRows.prevRank)
        #expect(digest.prevClassYears == fromRows.prevClassYears)
        #expect(digest.prevClass.compactMap { $0 }.count == 4)   // H1, H3, H4, H5 have a 2023 row
    }

    /// A history row stays 40 bytes with its registry id (2.9 million rows at province scale).
    @Test func aHistoryRowIsFortyBytes() {
        #expect(MemoryLayout<HistoryEntry>.stride == 40)
        let row = HistoryEntry(
            code: USCC(key: 12345), registryID: 7, year: 2023, enterpriseClass: .b, score: 61.5, rank: 9)
        #expect(row.lookedUpRegistryID == .some(7) && row.year == 2023 && row.rank == 9 && row.score == 61.5)
        #expect(HistoryEntry(code: USCC(key: 1), registryID: nil, year: 2020, enterpriseClass: .a, score: nil, rank: nil)
            .lookedUpRegistryID == .some(nil))
        #expect(HistoryEntry(code: USCC(key: 1), year: 2020, enterpriseClass: .a, score: nil, rank: nil)
            .lookedUpRegistryID == nil)
    }
}
