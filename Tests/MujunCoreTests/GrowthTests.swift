import Testing
@testable import MujunCore

@Suite struct GrowthTests {
    /// Economy rows (revenue only) for the given years; nil revenue writes an empty cell.
    static func revenue(_ f: inout EvaluationFixture, _ n: Int, _ byYear: [Int: Double?]) {
        for (year, rev) in byYear.sorted(by: { $0.key < $1.key }) {
            f.economy.append("\(EvaluationFixture.code(n)),\(year),\(rev.map { "\($0)" } ?? ""),,,")
        }
    }

    static func gazelles() throws -> RunResult {
        var f = EvaluationFixture()
        for n in 1...7 { f.firm(n, tax: 50) }
        // G1: 1000 → 2197 over 3 years: (2197 / 1000)^(1/3) − 1 = 1.3 − 1 = 30 %.
        revenue(&f, 1, [2021: 1000, 2022: 1100, 2023: 1500, 2024: 2197])
        // G2: 2000 → 3456: 1.728^(1/3) = 1.2, exactly 20 % passes the 0.20 minimum; 2023's revenue is
        // empty but the row is there.
        revenue(&f, 2, [2021: 2000, 2022: 2500, 2023: nil, 2024: 3456])
        // G3: 2000 → 3455: 1.7275^(1/3) − 1 = 0.199884… < 0.20.
        revenue(&f, 3, [2021: 2000, 2022: 2500, 2023: 3000, 2024: 3455])
        // G4: no 2022 row.
        revenue(&f, 4, [2021: 1000, 2023: 1500, 2024: 2197])
        // G5: 30 % but 219.7 万元 < 2000 in the evaluation year.
        revenue(&f, 5, [2021: 100, 2022: 110, 2023: 150, 2024: 219.7])
        // G6: starts from 0.
        revenue(&f, 6, [2021: 0, 2022: 110, 2023: 150, 2024: 2500])
        // G7: the same 30 % as G1: after it by code.
        revenue(&f, 7, [2021: 1000, 2022: 1000, 2023: 1000, 2024: 2197])
        return try f.run()
    }

    @Test func cagrOfThreeYears() {
        // (2197 / 1000)^(1/3) − 1 = 0.3.
        #expect(formatMeasure(Growth.cagr(from: 1000, to: 2197, years: 3)!) == "0.300000")
        #expect(formatMeasure(Growth.cagr(from: 2000, to: 3456, years: 3)!) == "0.200000")
        #expect(Growth.cagr(from: 0, to: 10, years: 3) == nil)
        #expect(Growth.cagr(from: .nan, to: 10, years: 3) == nil)
        #expect(Growth.cagr(from: 10, to: .nan, years: 3) == nil)
    }

    @Test func gazellesMeetBothMinimumsAsPrinted() throws {
        let r = try Self.gazelles()
        let rows = RunResult.parseCSV(GazellesTable.write(r))
        #expect(rows.map { $0["uscc"]! } == [1, 7, 2].map(EvaluationFixture.code))
        #expect(rows[0]["cagr"] == "0.300000")
        #expect(rows[0]["revenue_y_minus_3_wan"] == "1000.000000")
        #expect(rows[0]["revenue_y_minus_2_wan"] == "1100.000000")
        #expect(rows[0]["revenue_y_minus_1_wan"] == "1500.000000")
        #expect(rows[0]["revenue_wan"] == "2197.000000")
        #expect(rows[0]["class"] == "C")   // tax 50 on 10 mu: total 50 → C (any class qualifies)
        #expect(rows[2]["cagr"] == "0.200000")
        #expect(rows[2]["revenue_y_minus_1_wan"] == "")
    }

    /// T1 10 mu and T2 30 mu scored, T4 20 mu scored without tax or value added, T3 new (not scored);
    /// X a landless tenant of T1 whose tax 50 is merged into T1's.
    static func zone() throws -> RunResult {
        var f = EvaluationFixture()
        f.firm(1, industry: "C3670", region: "东城", landMu: 10, tax: 200, coalTonnes: 100, valueAdded: 400)
        f.firm(2, industry: "3611", region: "西城", landMu: 30, tax: 400, coalTonnes: 300, valueAdded: 600)
        f.firm(3, established: "2024-05-01", industry: "C3670", region: "东城", landMu: 10, tax: 1000)
        f.firm(4, industry: "", region: "东城", landMu: 20, coalTonnes: 50)
        let x = f.firm(5, industry: "C2210", region: "西城", landMu: nil, tax: 50)
        f.lease(EvaluationFixture.code(1), x, mu: 2)
        return try f.run(
            pipeline: EvaluationFixture.pipelineText(
                extra: """
                    targets: {
                      tax_per_mu: { baseline_year: 2017, baseline: 12, multiplier: 2, target_year: 2020 },
                      energy_intensity_reference: 0.5,
                    },
                    """))
    }

    @Test func zoneTargets() throws {
        let r = try Self.zone()
        let rows = RunResult.parseCSV(TargetsTable.write(r))
        #expect(rows.count == 2)
        // Tax per mu over the scored: (250 + 400 + 0) / (10 + 30 + 20) = 650 / 60 = 10.833333;
        // goal 12 × 2 = 24; 10.833333 / 24 = 0.451389; not met.
        #expect(rows[0]["target"] == "tax_per_mu")
        #expect(rows[0]["year"] == "2024")
        #expect(rows[0]["value"] == "10.833333")
        #expect(rows[0]["baseline_year"] == "2017" && rows[0]["baseline"] == "12.000000")
        #expect(rows[0]["multiplier"] == "2.000000" && rows[0]["target_year"] == "2020")
        #expect(rows[0]["goal"] == "24.000000")
        #expect(rows[0]["direction"] == "at_least")
        #expect(rows[0]["value_to_goal"] == "0.451389")
        #expect(rows[0]["met"] == "false")
        // Energy intensity over the scored with value added (T1, T2): (100 + 300) / (400 + 600) = 0.4
        // ≤ 0.5: met; 0.4 / 0.5 = 0.8.
        #expect(rows[1]["target"] == "energy_intensity")
        #expect(rows[1]["value"] == "0.400000")
        #expect(rows[1]["goal"] == "0.500000")
        #expect(rows[1]["baseline"] == "" && rows[1]["target_year"] == "")
        #expect(rows[1]["direction"] == "at_most")
        #expect(rows[1]["value_to_goal"] == "0.800000")
        #expect(rows[1]["met"] == "true")
    }

    @Test func omittedTargetsAreNotReported() throws {
        let r = try Self.gazelles()
        #expect(RunResult.parseCSV(TargetsTable.write(r)).isEmpty)
    }

    @Test func industryAndRegionSummaries() throws {
        let r = try Self.zone()
        let industries = RunResult.parseCSV(AreaSummaryTable.write(r, by: .industry))
        // Zone totals (merged tenant X counted inside T1): area 10 + 30 + 10 + 20 = 70,
        // tax 250 + 400 + 1000 = 1650.
        #expect(industries.map { $0["industry"]! } == ["", "22", "36"])
        // "": T4 alone, D (total 0): tax 0 / 20 mu = 0; no value added: intensity empty; land 20 / 70.
        #expect(industries[0]["d"] == "1" && industries[0]["enterprises"] == "1")
        #expect(industries[0]["tax_per_mu"] == "0.000000")
        #expect(industries[0]["energy_intensity"] == "")
        #expect(industries[0]["land_share"] == "0.285714")
        // "22": the tenant X, class A from T1, its sums inside T1's: area 0 → tax per mu empty.
        #expect(industries[1]["a"] == "1" && industries[1]["area_mu"] == "0.000000")
        #expect(industries[1]["tax_per_mu"] == "")
        // "36": T1 A (tax 250 / 10 mu = 25 → total 250), T2 A (13.3 → 133), T3 T.
        // area 50, tax 1650, VA 1000, tce 400: 33 万元/亩, 2.5 万元/tce, 0.4 tce/万元, tax share 1, land 50 / 70.
        let row = industries[2]
        #expect(row["enterprises"] == "3" && row["a"] == "2" && row["t"] == "1" && row["b"] == "0")
        #expect(row["area_mu"] == "50.000000" && row["tax_wan"] == "1650.000000")
        #expect(row["value_added_wan"] == "1000.000000" && row["energy_tce"] == "400.000000")
        #expect(row["tax_per_mu"] == "33.000000")
        #expect(row["va_per_energy"] == "2.500000")
        #expect(row["energy_intensity"] == "0.400000")
        #expect(row["tax_share"] == "1.000000")
        #expect(row["land_share"] == "0.714286")

        let regions = RunResult.parseCSV(AreaSummaryTable.write(r, by: .region))
        #expect(regions.map { $0["region"]! } == ["东城", "西城"])
        // 东城: T1 A, T3 T, T4 D; area 40, tax 250 + 1000 = 1250 → 31.25 万元/亩; tax share 1250 / 1650.
        #expect(regions[0]["a"] == "1" && regions[0]["d"] == "1" && regions[0]["t"] == "1")
        #expect(regions[0]["tax_per_mu"] == "31.250000")
        #expect(regions[0]["tax_share"] == "0.757576")
        // 西城: T2 A and the tenant X (A by tenant_of); area 30, tax 400.
        #expect(regions[1]["a"] == "2" && regions[1]["area_mu"] == "30.000000" && regions[1]["tax_wan"] == "400.000000")
    }
}
