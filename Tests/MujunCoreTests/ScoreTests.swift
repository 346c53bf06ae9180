import Testing

@testable import MujunCore

@Suite struct ScoreTests {
    let e = (1...6).map { Fixture.code($0) }

    /// Land (mu) and tax (万元) for each code, all above-scale.
    private func taxAndLand(_ items: [(code: String, tax: Double?, area: Double)], industries: [String]? = nil)
        -> [String: String]
    {
        [
            "enterprises.csv": registry(items.enumerated().map { ($1.code, industries?[$0] ?? "C3670") }),
            "land.csv": rows("uscc,parcel_id,area,unit", items.map { ($0.code, "P,\($0.area),mu") }),
            "tax.csv": rows(
                "uscc,period,amount", items.compactMap { i in i.tax.map { (i.code, "2024-06,\($0)") } }),
        ]
    }

    @Test func huangyanStyleTotalWithFixedBenchmarks() throws {
        // 黄岩 2022: weights 30/20/20/10/10/10, fixed benchmarks 24.097, 136.16, 2.694, 4929.81, 18.14, 0.0302,
        // group mean score for a missing emission.
        var emission = spec(.vaPerEmission, 10, .fixed(4929.81))
        emission.missing = .groupMean
        let p = onePipeline([
            spec(.taxPerMu, 30, .fixed(24.097)), spec(.vaPerMu, 20, .fixed(136.16)),
            spec(.vaPerEnergy, 20, .fixed(2.694)), emission, spec(.laborProductivity, 10, .fixed(18.14)),
            spec(.rdIntensity, 10, .fixed(0.0302)),
        ])
        let r = try evaluate(
            [
                "enterprises.csv": registry([(e[0], "C3670"), (e[1], "C3670")]),
                "land.csv": rows("uscc,parcel_id,area,unit", [(e[0], "P1,20,mu"), (e[1], "P1,10,mu")]),
                "tax.csv": rows("uscc,period,amount", [(e[0], "2024-05,722.91"), (e[1], "2024-05,120.485")]),
                "energy.csv": rows(
                    "uscc,period,carrier,quantity,unit", [(e[0], "2024-01,raw_coal,400,t"), (e[1], "2024-01,raw_coal,1000,t")]),
                "economy.csv": rows(
                    "uscc,year,revenue,value_added,employees,rd_expense",
                    [(e[0], "2024,10000,1361.6,100,302"), (e[1], "2024,5000,2723.2,200,75.5")]),
                "emissions.csv": rows("uscc,year,pollutant,tonnes", [(e[0], "2024,COD,2")]),
            ], pipeline: p)
        // E1: area 20 mu.
        // tax_per_mu   722.91 / 20 = 36.1455;  30 × 36.1455 / 24.097 = 30 × 1.5 = 45
        #expect(close(r.score(.taxPerMu, e[0]), 45))
        // va_per_mu    1361.6 / 20 = 68.08;    20 × 68.08 / 136.16 = 20 × 0.5 = 10
        #expect(close(r.score(.vaPerMu, e[0]), 10))
        // va_per_energy  400 t coal = 400,000 kg × 0.7143 / 1000 = 285.72 tce; 1361.6 / 285.72 = 4.765504690;
        //               20 × 4.765504690 / 2.694 = 20 × 1.768932699 = 35.378653971
        #expect(close(r.score(.vaPerEnergy, e[0]), 35.378653971))
        // va_per_emission  COD 2 t = 2,000 eq = 0.2 万eq; 1361.6 / 0.2 = 6808; 10 × 6808 / 4929.81 = 13.809862855
        #expect(close(r.score(.vaPerEmission, e[0]), 13.809862855))
        // labor_productivity  1361.6 / 100 = 13.616; 10 × 13.616 / 18.14 = 7.506063947
        #expect(close(r.score(.laborProductivity, e[0]), 7.506063947))
        // rd_intensity  302 / 10000 = 0.0302; 10 × 0.0302 / 0.0302 = 10
        #expect(close(r.score(.rdIntensity, e[0]), 10))
        // total 45 + 10 + 35.378653971 + 13.809862855 + 7.506063947 + 10 = 121.694580773
        #expect(close(r.total(e[0]), 121.694580773))

        // E2: area 10 mu, no emissions row.
        // tax 120.485 / 10 = 12.0485 → 30 × 0.5 = 15; va 2723.2 / 10 = 272.32 → 20 × 2 = 40;
        // energy 1000 t × 0.7143 = 714.3 tce; 2723.2 / 714.3 = 3.812403752; 20 × 3.812403752 / 2.694 = 28.302923177;
        // emission missing → group_mean = mean of those that have it = E1's 13.809862855;
        // labor 2723.2 / 200 = 13.616 → 7.506063947; rd 75.5 / 5000 = 0.0151 → 10 × 0.5 = 5.
        #expect(close(r.score(.vaPerEmission, e[1]), 13.809862855))
        // total 15 + 40 + 28.302923177 + 13.809862855 + 7.506063947 + 5 = 109.618849979
        #expect(close(r.total(e[1]), 109.618849979))
        #expect(r.scores.adjustments[r.dense(e[0])] == 0)
        // Ranked by total: E1 first.
        #expect(r.rank(e[0]) == 1 && r.rank(e[1]) == 2)
    }

    @Test func meanBenchmarkIsTheAggregateRatioNotTheMeanOfRatios() throws {
        let p = onePipeline([spec(.taxPerMu, 100)])
        let r = try evaluate(taxAndLand([(e[0], 10, 1), (e[1], 20, 4), (e[2], 30, 5)]), pipeline: p)
        // Σ tax / Σ area = (10 + 20 + 30) / (1 + 4 + 5) = 60 / 10 = 6
        // (the mean of the ratios would be (10 + 5 + 6) / 3 = 7).
        let row = r.scores.benchmarks.first { $0.indicator == .taxPerMu && $0.industry == nil }
        #expect(row?.source == .mean)
        #expect(close(row?.benchmark ?? .nan, 6))
        // 100 × 10 / 6 = 166.666667; 100 × 5 / 6 = 83.333333; 100 × 6 / 6 = 100
        #expect(close(r.total(e[0]), 166.666666667))
        #expect(close(r.total(e[1]), 83.333333333))
        #expect(close(r.total(e[2]), 100))
    }

    @Test func medianOfAnEvenCountIsTheMeanOfTheTwoMiddleValues() throws {
        let p = onePipeline([spec(.taxPerMu, 30, .median)])
        let r = try evaluate(
            taxAndLand([(e[0], 10, 1), (e[1], 1, 1), (e[2], 4, 1), (e[3], 2, 1), (e[4], nil, 1)]), pipeline: p)
        // Values of those that have it: 1, 2, 4, 10 (e5 has no tax row) → median (2 + 4) / 2 = 3.
        let row = r.scores.benchmarks.first { $0.indicator == .taxPerMu }
        #expect(row?.source == .median)
        #expect(row?.benchmark == 3)
        // 30 × 10 / 3 = 100; 30 × 1 / 3 = 10; 30 × 4 / 3 = 40; 30 × 2 / 3 = 20; missing → 0
        #expect(close(r.total(e[0]), 100))
        #expect(close(r.total(e[1]), 10))
        #expect(close(r.total(e[2]), 40))
        #expect(close(r.total(e[3]), 20))
        #expect(close(r.total(e[4]), 0))
    }

    @Test func byIndustryPoolsAndFallbackWhenAPoolBenchmarkIsNotPositive() throws {
        var s = spec(.taxPerMu, 10)
        s.byIndustry = true
        let p = onePipeline([s])
        let r = try evaluate(
            taxAndLand(
                [(e[0], 10, 1), (e[1], 30, 1), (e[2], -10, 1), (e[3], 4, 1), (e[4], 6, 2)],
                industries: ["C3670", "3611", "C2611", "2699", ""]), pipeline: p)
        // Group pool: (10 + 30 − 10 + 4 + 6) / (1 + 1 + 1 + 1 + 2) = 40 / 6 = 6.666667.
        // Pool 36: (10 + 30) / 2 = 20.  Pool 26: (−10 + 4) / 2 = −3 ≤ 0 → falls back to 40 / 6.
        // Empty code, a pool of its own: 6 / 2 = 3.
        let rows = r.scores.benchmarks.filter { $0.indicator == .taxPerMu }
        #expect(close(rows.first { $0.industry == nil }?.benchmark ?? .nan, 40.0 / 6))
        let pool36 = rows.first { $0.industry == "36" }
        #expect(pool36?.source == .mean && pool36?.benchmark == 20)
        let pool26 = rows.first { $0.industry == "26" }
        #expect(pool26?.source == .fallback)
        #expect(close(pool26?.benchmark ?? .nan, 40.0 / 6))
        // e1: 10 × 10 / 20 = 5; e2: 10 × 30 / 20 = 15
        #expect(close(r.total(e[0]), 5))
        #expect(close(r.total(e[1]), 15))
        // e3: 10 × max(0, −10 / 6.666667) = 0; e4: 10 × 4 / (40 / 6) = 10 × 0.6 = 6
        #expect(close(r.total(e[2]), 0))
        #expect(close(r.total(e[3]), 6))
        // e5: 10 × (6 / 2) / 3 = 10
        #expect(close(r.total(e[4]), 10))
    }

    @Test func indicatorCapOverridesTheGroupCap() throws {
        var tax = spec(.taxPerMu, 10, .fixed(10))
        tax.cap = 1.2
        var revenue = spec(.revenuePerMu, 10, .fixed(10))
        revenue.cap = 3
        let p = onePipeline([tax, spec(.vaPerMu, 10, .fixed(10)), revenue], cap: 2)
        var files = taxAndLand([(e[0], 30, 1), (e[1], 5, 1), (e[2], -5, 1)])
        files["economy.csv"] = rows(
            "uscc,year,revenue,value_added,employees,rd_expense",
            [(e[0], "2024,100,50,,"), (e[1], "2024,25,15,,"), (e[2], "2024,5,5,,")])
        let r = try evaluate(files, pipeline: p)
        // e1: tax 30 / 10 = 3 → own cap 1.2 → 12; va 50 / 10 = 5 → group cap 2 → 20;
        //     revenue 100 / 10 = 10 → own cap 3 (looser than the group's 2) → 30.  Total 62.
        #expect(close(r.score(.taxPerMu, e[0]), 12))
        #expect(close(r.score(.vaPerMu, e[0]), 20))
        #expect(close(r.score(.revenuePerMu, e[0]), 30))
        #expect(close(r.total(e[0]), 62))
        // e2: 10 × 0.5 = 5; 10 × 1.5 = 15; 10 × 2.5 = 25.  Total 45.
        #expect(close(r.total(e[1]), 45))
        // e3: negative tax → max(0, −0.5) = 0; 10 × 0.5 = 5; 10 × 0.5 = 5.  Total 10.
        #expect(close(r.score(.taxPerMu, e[2]), 0))
        #expect(close(r.total(e[2]), 10))
    }

    @Test func groupMeanFillsMissingEmissionsWithTheMeanScoreOfThoseThatHaveIt() throws {
        var s = spec(.vaPerEmission, 10, .fixed(50))
        s.missing = .groupMean
        let p = onePipeline([s])
        var files = taxAndLand([(e[0], nil, 1), (e[1], nil, 1), (e[2], nil, 1), (e[3], nil, 1)])
        files["economy.csv"] = rows(
            "uscc,year,revenue,value_added,employees,rd_expense",
            [(e[0], "2024,,100,,"), (e[1], "2024,,100,,"), (e[2], "2024,,100,,")])
        files["emissions.csv"] = rows(
            "uscc,year,pollutant,tonnes", [(e[0], "2024,COD,10"), (e[1], "2024,COD,40"), (e[3], "2024,COD,1")])
        let r = try evaluate(files, pipeline: p)
        // e1: 10 t COD = 10,000 eq = 1 万eq; 100 / 1 = 100; 10 × 100 / 50 = 20
        #expect(close(r.total(e[0]), 20))
        // e2: 40 t = 4 万eq; 100 / 4 = 25; 10 × 25 / 50 = 5
        #expect(close(r.total(e[1]), 5))
        // e3 (no emissions row) and e4 (emissions but no value added): (20 + 5) / 2 = 12.5
        #expect(close(r.total(e[2]), 12.5))
        #expect(close(r.total(e[3]), 12.5))
        #expect(r.scores.benchmarks.first?.meanScore == 12.5)
    }

    @Test func minmaxScoresBetweenTwentyPercentAndFullWeight() throws {
        let p = onePipeline([spec(.taxPerMu, 20)], method: .minmax)
        let r = try evaluate(
            taxAndLand([(e[0], 2, 1), (e[1], 6, 1), (e[2], 10, 1), (e[3], -3, 1), (e[4], nil, 1)]), pipeline: p)
        // Values 2, 6, 10 and −3 raised to 0: min 0, max 10.
        let row = r.scores.benchmarks.first
        #expect(row?.source == .minmax && row?.min == 0 && row?.max == 10)
        // 20 × (0.2 + 0.8 × 2 / 10) = 20 × 0.36 = 7.2
        #expect(close(r.total(e[0]), 7.2))
        // 20 × (0.2 + 0.8 × 6 / 10) = 20 × 0.68 = 13.6
        #expect(close(r.total(e[1]), 13.6))
        // the max: 20 × (0.2 + 0.8) = 20
        #expect(close(r.total(e[2]), 20))
        // −3 → 0, the min: 20 × 0.2 = 4
        #expect(close(r.total(e[3]), 4))
        // no tax row: missing → 0
        #expect(close(r.total(e[4]), 0))
    }

    @Test func minmaxGivesFullWeightWhenMaxEqualsMin() throws {
        let p = onePipeline([spec(.taxPerMu, 20)], method: .minmax)
        let r = try evaluate(taxAndLand([(e[0], 5, 1), (e[1], 10, 2)]), pipeline: p)
        // both 5 per mu: max = min → s = w = 20
        #expect(close(r.total(e[0]), 20))
        #expect(close(r.total(e[1]), 20))
    }

    @Test func highTechBonusIsAddedToTheTotal() throws {
        var p = onePipeline([spec(.taxPerMu, 10, .fixed(10))])
        p.highTechBonus = 3
        var files = taxAndLand([(e[0], 10, 1), (e[1], 10, 1)])
        files["enterprises.csv"] = registry([(e[0], "C3670"), (e[1], "C3670")], highTech: [e[0]])
        let r = try evaluate(files, pipeline: p)
        // e1: 10 × 10 / 10 = 10, + 3 bonus = 13
        #expect(r.scores.adjustments[r.dense(e[0])] == 3)
        #expect(close(r.total(e[0]), 13))
        #expect(close(r.total(e[1]), 10))
    }

    @Test func tenantPenaltyCountsDistinctTenantsBeyondTheFreeOnes() throws {
        for mode in [LeaseMode.combine, .split] {
            var p = onePipeline([spec(.taxPerMu, 10, .fixed(10))])
            p.leases.mode = mode
            // e1 leases to e2, e3, e4 (two rows for e2); each tenant holds land of its own, so none is merged.
            var files = taxAndLand([(e[0], 100, 10), (e[1], 10, 1), (e[2], 10, 1), (e[3], 10, 1)])
            files["leases.csv"] = rows(
                "landlord,tenant,area,unit",
                [(e[0], "\(e[1]),0.5,mu"), (e[0], "\(e[1]),0.5,mu"), (e[0], "\(e[2]),1,mu"), (e[0], "\(e[3]),1,mu")])
            let r = try evaluate(files, pipeline: p)
            // 3 distinct tenants, free 1, 5 points each: −(3 − 1) × 5 = −10
            #expect(r.scores.adjustments[r.dense(e[0])] == -10, "\(mode)")
            #expect(r.scores.adjustments[r.dense(e[1])] == 0, "\(mode)")
            if mode == .combine {
                // 10 × (100 / 10) / 10 = 10, − 10 = 0
                #expect(close(r.total(e[0]), 0))
            } else {
                // split: area 10 − 3 leased out = 7; 10 × (100 / 7) / 10 = 14.285714, − 10 = 4.285714
                #expect(close(r.total(e[0]), 100.0 / 7 - 10))
                // tenant e2: 1 own + 1 leased in = 2 mu; 10 × (10 / 2) / 10 = 5
                #expect(close(r.total(e[1]), 5))
            }
        }
    }
    @Test func nonPositiveComputedBenchmarkScoresZeroWithAWarning() throws {
        let p = onePipeline([spec(.taxPerMu, 10)])
        let r = try evaluate(taxAndLand([(e[0], -10, 1), (e[1], 5, 1)]), pipeline: p)
        // mean = (−10 + 5) / (1 + 1) = −2.5 ≤ 0: everyone with the indicator scores 0 on it.
        #expect(r.scores.benchmarks.first?.benchmark == -2.5)
        #expect(r.total(e[0]) == 0 && r.total(e[1]) == 0)
        #expect(r.scores.warnings.count == 1)
    }

    @Test func noMemberHavingTheIndicatorMeansNoBenchmarkAndTheMissingRule() throws {
        var va = spec(.vaPerMu, 10)
        va.missing = .groupMean
        let p = onePipeline([spec(.taxPerMu, 10, .fixed(10)), va])
        let r = try evaluate(taxAndLand([(e[0], 10, 1), (e[1], 20, 1)]), pipeline: p)
        // No economy rows: va_per_mu has no benchmark; group_mean of nothing is 0.
        let row = r.scores.benchmarks.first { $0.indicator == .vaPerMu }
        #expect(row?.source == BenchmarkRow.Source.none && row?.benchmark == nil)
        #expect(r.score(.vaPerMu, e[0]) == 0)
        // totals: 10 × 10 / 10 = 10 and 10 × 20 / 10 = 20, plus 0
        #expect(close(r.total(e[0]), 10) && close(r.total(e[1]), 20))
    }

    @Test func vetoedEnterprisesStillGetTheBonusAndCountInBenchmarks() throws {
        var p = onePipeline([spec(.taxPerMu, 10)])
        p.highTechBonus = 2
        var files = taxAndLand([(e[0], 30, 1), (e[1], 10, 1)])
        files["enterprises.csv"] = registry([(e[0], "C3670"), (e[1], "C3670")], highTech: [e[0]])
        files["violations.csv"] = rows("uscc,date,kind,severity", [(e[0], "2024-04-01,safety,major")])
        let r = try evaluate(files, pipeline: p)
        // mean benchmark over both, the vetoed included: (30 + 10) / 2 = 20.
        // e1: 10 × 30 / 20 = 15, + 2 bonus = 17; e2: 10 × 10 / 20 = 5.
        #expect(close(r.total(e[0]), 17))
        #expect(close(r.total(e[1]), 5))
        #expect(r.enterpriseClass(e[0]) == .d && r.reason(e[0]) == "veto:safety" && r.rank(e[0]) == 1)
    }
    @Test func industryPoolIsTheFirstTwoAsciiDigits() {
        #expect(Score.industryPool("C3670") == "36")
        #expect(Score.industryPool("3670") == "36")
        #expect(Score.industryPool("c26") == "26")
        #expect(Score.industryPool("") == "")
        // Full-width digits are not ASCII digits.
        #expect(Score.industryPool("Ｃ３６７０") == "")
    }
}

@Suite struct ExactSumConversionTests {
    /// The fast Int128 → Double conversion rounds exactly as the standard library's does.
    @Test func fastConversionMatchesTheStandardLibrary() {
        var generator = SystemRandomNumberGenerator()
        var values: [Int128] = [0, 1, -1, Int128(1) << 64, (Int128(1) << 64) + 1, (Int128(1) << 117) + (Int128(1) << 64) + 1]
        for _ in 0..<100_000 {
            let bits = Int.random(in: 1...125, using: &generator)
            let v = Int128(UInt128.random(in: 0...(UInt128(1) << UInt128(bits)), using: &generator))
            values += [v, -v, (v >> 11) << 11 | (Int128(1) << 10)]
        }
        for v in values { #expect(ExactSum.double(v) == Double(v), "\(v)") }
    }

    /// The bit-pattern conversion agrees with the definition (significand shifted by the exponent)
    /// for random values of every magnitude, and at the edges: zero, subnormals, 2^-64 and just
    /// below, 2^62 and just below, infinities and NaN.
    @Test func fixedPointConversionMatchesItsDefinition() {
        func reference(_ x: Double) -> Int128 {
            guard x.isFinite, x != 0 else { return 0 }
            let magnitude = x.magnitude
            if magnitude >= 0x1p62 { return x < 0 ? -(Int128(1) << 126) : (Int128(1) << 126) }
            let significand = Int128(magnitude.significandBitPattern | (magnitude.isNormal ? 1 << 52 : 0))
            let shift = Int(magnitude.exponent) - 52 + 64
            let v = shift >= 0 ? significand << shift : (shift > -128 ? significand >> -shift : 0)
            return x < 0 ? -v : v
        }
        var generator = SystemRandomNumberGenerator()
        var values: [Double] = [
            0, -0.0, .leastNonzeroMagnitude, .leastNormalMagnitude, 0x1p-64, 0x1p-64.nextDown, 0x1p-65, 0x1p62,
            0x1p62.nextDown, .greatestFiniteMagnitude, .infinity, -.infinity, .nan, 1, 0.1, 123.456,
        ]
        for _ in 0..<100_000 {
            values.append(Double(bitPattern: UInt64.random(in: 0...UInt64.max, using: &generator)))
            values.append(Double.random(in: -1e12...1e12, using: &generator))
        }
        for v in values { #expect(ExactSum.fixed(v) == reference(v), "\(v)") }
    }

    /// The total survives its split into two halves, negative totals and carries included, in 24 bytes.
    @Test func sumsAreExactOrderFreeAndCompact() {
        #expect(MemoryLayout<ExactSum>.stride == 24)
        let values: [Double] = [0.1, -0.3, 1e15, -1e15, 0x1p-60, 123.456, -7, 0x1p61, -0x1p61, 3.25]
        var forward = ExactSum()
        for v in values { forward.add(v) }
        var backward = ExactSum()
        for v in values.reversed() { backward.add(v) }
        #expect(forward == backward)
        #expect(forward.count == values.count)
        var halves = ExactSum()
        var first = ExactSum()
        var second = ExactSum()
        for v in values.prefix(4) { first.add(v) }
        for v in values.dropFirst(4) { second.add(v) }
        halves.add(first)
        halves.add(second)
        #expect(halves == forward)
        // 0.1 − 0.3 + 123.456 − 7 + 3.25 + 2^-60 (the ±1e15 and ±2^61 cancel exactly).
        let small: [Double] = [0.1, -0.3, 123.456, -7, 3.25, 0x1p-60]
        var expected: Int128 = 0
        for v in small { expected += ExactSum.fixed(v) }
        #expect(forward.raw == expected)
        var negative = ExactSum()
        negative.add(-2.5)
        #expect(negative.raw == -(Int128(5) << 63))
        #expect(negative.value == -2.5)
        #expect(ExactSum().isEmpty && ExactSum().optionalValue == nil)
    }
}
