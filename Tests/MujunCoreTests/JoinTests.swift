import Testing

@testable import MujunCore

@Suite struct JoinTests {
    let e = (1...12).map { Fixture.code($0) }

    /// Registry lines: (code, scale, established, exempt).
    private func registryWith(_ rows: [(String, String, String, String)]) -> String {
        csv(["uscc,name,industry,region,scale,established,exempt"] + rows.map { "\($0.0),n,C3670,r,\($0.1),\($0.2),\($0.3)" })
    }

    private func lines(_ header: String, _ rows: [String]) -> String { csv([header] + rows) }

    // MARK: - combine mode

    /// L = e1 and M = e2 hold land; T1, T3, T4, T5, T6 are landless tenants; T2 rents but holds land;
    /// X and Y lease to each other and hold none; Z, landless, rents from X.
    private func combineRun() throws -> RunResult {
        let (l, m, t1, t2, t3, t4, t5, t6, x, y) = (e[0], e[1], e[2], e[3], e[4], e[5], e[6], e[7], e[8], e[9])
        let z = e[10]
        let p = onePipeline([spec(.taxPerMu, 10, .fixed(10))])
        let established = [l: "2015-01-01", t6: "2024-01-01"]
        return try evaluate(
            [
                "enterprises.csv": registryWith(
                    [l, m, t1, t2, t3, t4, t5, t6, x, y, z].map { ($0, "above", established[$0] ?? "2015-01-01", "") }),
                "land.csv": lines("uscc,parcel_id,area,unit", ["\(l),P,10,mu", "\(m),P,10,mu", "\(t2),P,1,mu"]),
                "tax.csv": lines(
                    "uscc,period,amount",
                    ["\(l),2024-01,100", "\(m),2024-01,50", "\(t1),2024-01,20", "\(t2),2024-01,5", "\(t3),2024-01,7",
                     "\(t4),2024-01,3", "\(t5),2024-01,1", "\(t6),2024-01,2", "\(x),2024-01,1", "\(y),2024-01,1"]),
                "economy.csv": lines(
                    "uscc,year,revenue,value_added,employees,rd_expense",
                    ["\(m),2024,,30,,", "\(t1),2024,,50,,", "\(t5),2024,,10,,"]),
                "leases.csv": lines(
                    "landlord,tenant,area,unit",
                    [
                        "\(l),\(t1),2,mu",
                        "\(l),\(t2),1,mu",  // T2 holds land: not merged
                        "\(l),\(t3),3,mu", "\(m),\(t3),5,mu",  // T3: M leases it more
                        "\(m),\(t4),2,mu", "\(m),\(t4),2,mu", "\(l),\(t4),4,mu",  // T4: 4 = 4, smaller code L
                        "\(t1),\(t5),1,mu",  // T5 → T1 → L
                        "\(l),\(t6),1,mu",  // T6 is new, but merged before eligibility
                        "\(x),\(y),1,mu", "\(y),\(x),1,mu",  // a cycle
                        "\(x),\(z),1,mu",  // Z → X → Y → X: leads into the cycle
                    ]),
            ], pipeline: p)
    }

    @Test func combineModeMergesLandlessTenantsIntoTheirTopLandlord() throws {
        let r = try combineRun()
        let (l, m) = (r.dense(e[0]), r.dense(e[1]))
        let merged = r.joined.mergedInto
        #expect(merged[r.dense(e[2])] == l)  // T1
        #expect(merged[r.dense(e[3])] == nil)  // T2 holds land of its own
        #expect(merged[r.dense(e[4])] == m)  // T3: 5 mu from M > 3 mu from L
        #expect(merged[r.dense(e[5])] == l)  // T4: 2 + 2 = 4 mu from M = 4 mu from L → smaller code, L
        #expect(merged[r.dense(e[6])] == l)  // T5: chain T5 → T1 → L
        #expect(merged[r.dense(e[7])] == l)  // T6
        #expect(merged[r.dense(e[8])] == nil && merged[r.dense(e[9])] == nil)  // cycle: not merged
        #expect(merged[r.dense(e[10])] == nil)  // nor what leads into one
    }

    @Test func combineModeAddsTenantSumsToTheLandlord() throws {
        let r = try combineRun()
        let s = r.joined.sums
        let (l, m, t1) = (r.dense(e[0]), r.dense(e[1]), r.dense(e[2]))
        // L: own 100 + T1 20 + T4 3 + T5 1 + T6 2 = 126 万元 on its own 10 mu.
        #expect(close(s.tax[l], 126))
        #expect(s.areaMu[l] == 10)
        // value added: L has no economy row; T1 50 + T5 10 = 60 (missing only if no member has it).
        #expect(close(s.valueAdded[l], 60))
        // no member has energy rows: still missing.
        #expect(s.energyTce[l].isNaN)
        // M: 50 + T3 7 = 57; value added 30 (T3 has none).
        #expect(close(s.tax[m], 57))
        #expect(close(s.valueAdded[m], 30))
        // A merged tenant keeps its own sums and has no indicators.
        #expect(close(s.tax[t1], 20))
        #expect(r.indicators.value(.taxPerMu, t1) == nil)
        #expect(close(r.indicators.value(.taxPerMu, l) ?? .nan, 12.6))
    }

    @Test func mergedTenantsTakeTheLandlordsClassWithoutARank() throws {
        let r = try combineRun()
        let (l, m, t2) = (e[0], e[1], e[3])
        // L: 10 × (126 / 10) / 10 = 12.6; tenants in lease rows T1, T2, T3, T4, T6 = 5 → −(5 − 1) × 5 = −20 → −7.4
        #expect(close(r.total(l), -7.4))
        // M: 10 × (57 / 10) / 10 = 5.7; tenants T3, T4 = 2 → −(2 − 1) × 5 = −5 → 0.7
        #expect(close(r.total(m), 0.7))
        // T2 on its own 1 mu: 10 × (5 / 1) / 10 = 5
        #expect(close(r.total(t2), 5))
        // N = 3: A, B, C by total 5, 0.7, −7.4.
        #expect(r.enterpriseClass(t2) == .a && r.rank(t2) == 1)
        #expect(r.enterpriseClass(m) == .b && r.rank(m) == 2)
        #expect(r.enterpriseClass(l) == .c && r.rank(l) == 3)
        for tenant in [e[2], e[5], e[6], e[7]] {
            #expect(r.enterpriseClass(tenant) == .c)
            #expect(r.reason(tenant) == "tenant_of:\(l)")
            #expect(r.rank(tenant) == nil)
            #expect(r.scores.total[r.dense(tenant)].isNaN)
            #expect(r.joined.group[r.dense(tenant)] == 0)
        }
        #expect(r.enterpriseClass(e[4]) == .b && r.reason(e[4]) == "tenant_of:\(m)")
        // The cycle is not merged; X and Y hold no land.
        #expect(r.enterpriseClass(e[8]) == .t && r.reason(e[8]) == "no_land")
        #expect(r.enterpriseClass(e[9]) == .t && r.reason(e[9]) == "no_land")
    }

    // MARK: - split mode

    @Test func splitModeMovesLeasedAreaFromLandlordToTenant() throws {
        var p = onePipeline([spec(.taxPerMu, 10, .fixed(10))])
        p.leases.mode = .split
        let (pp, q, rr, s, u, v, w) = (e[0], e[1], e[2], e[3], e[4], e[5], e[6])
        let r = try evaluate(
            [
                "enterprises.csv": registryWith([pp, q, rr, s, u, v, w].map { ($0, "above", "2015-01-01", "") }),
                "land.csv": lines(
                    "uscc,parcel_id,area,unit",
                    ["\(pp),P,10,mu", "\(q),P,3,mu", "\(rr),P,2,mu", "\(u),P,5,mu", "\(v),P,1,mu", "\(w),P,10,mu"]),
                "leases.csv": lines(
                    "landlord,tenant,area,unit",
                    ["\(pp),\(q),4,mu", "\(rr),\(s),5,mu", "\(u),\(v),7,mu", "\(w),\(u),2,mu"]),
            ], pipeline: p)
        let area = { (code: String) in r.joined.sums.areaMu[r.dense(code)] }
        #expect(area(pp) == 6)  // 10 − 4
        #expect(area(q) == 7)  // 3 + 4
        #expect(area(rr) == 0)  // max(0, 2 − 5)
        #expect(area(s) == 5)  // 0 + 5: a landless tenant
        #expect(area(u) == 2)  // max(0, 5 − 7) + 2
        #expect(area(v) == 8)  // 1 + 7
        #expect(area(w) == 8)  // 10 − 2
        #expect(r.joined.mergedInto.allSatisfy { $0 == nil })
        // Area 0 is ≤ min_area_mu 0: not evaluated.
        #expect(r.enterpriseClass(rr) == .t && r.reason(rr) == "no_land")
        #expect(r.enterpriseClass(s) != .t)
    }

    // MARK: - eligibility

    private func eligibilityRun(newYears: Int = 2, minArea: Double = 0) throws -> RunResult {
        var p = onePipeline([spec(.taxPerMu, 10, .fixed(10))])
        p.eligibility.newEnterpriseYears = newYears
        p.eligibility.minAreaMu = minArea
        let registry: [(String, String, String, String)] = [
            (e[0], "below", "2024-01-01", "公用事业"),  // exempt, new, no land, no group → exempt
            (e[1], "above", "2023-01-01", ""),  // new and no land → new
            (e[2], "above", "2022-12-31", ""),  // not after 31 Dec 2022: not new; no land → no_land
            (e[3], "above", "2025-03-01", ""),  // after the evaluation year: new
            (e[4], "below", "2015-01-01", ""),  // land but no group → no_group
            (e[5], "below", "2015-01-01", ""),  // no land and no group → no_land
            (e[6], "above", "2015-01-01", ""),  // evaluated
            (e[7], "above", "2022-01-01", ""),  // new only with new_enterprise_years 3
            (e[8], "above", "2015-01-01", ""),  // 0.5 mu
        ]
        return try evaluate(
            [
                "enterprises.csv": registryWith(registry),
                "land.csv": lines(
                    "uscc,parcel_id,area,unit",
                    ["\(e[3]),P,5,mu", "\(e[4]),P,5,mu", "\(e[6]),P,5,mu", "\(e[7]),P,5,mu", "\(e[8]),P,0.5,mu"]),
            ], pipeline: p)
    }

    @Test func notEvaluatedReasonsFollowTheirPrecedence() throws {
        let r = try eligibilityRun()
        let reasons = (0..<9).map { r.joined.notEvaluated[r.dense(e[$0])]?.rawValue ?? "-" }
        #expect(reasons == ["exempt", "new", "no_land", "new", "no_group", "no_land", "-", "-", "-"])
        // T enterprises appear with class T, the reason, no rank and no score.
        #expect(r.enterpriseClass(e[1]) == .t && r.reason(e[1]) == "new" && r.rank(e[1]) == nil)
        #expect(r.total(e[1]).isNaN)
        // …and still belong to the group their predicate matches.
        #expect(r.joined.group[r.dense(e[1])] == 0)
        #expect(r.joined.group[r.dense(e[4])] == nil)
    }

    @Test func newEnterpriseYearsAndMinimumAreaAreConfig() throws {
        let r = try eligibilityRun(newYears: 3, minArea: 0.5)
        // year − 3 = 2021: established after 31 Dec 2021 is new, so 2022-01-01 and 2022-12-31 are.
        #expect(r.joined.notEvaluated[r.dense(e[7])] == .new)
        #expect(r.joined.notEvaluated[r.dense(e[2])] == .new)
        // 0.5 mu ≤ min_area_mu 0.5 → no_land.
        #expect(r.joined.notEvaluated[r.dense(e[8])] == .noLand)
        #expect(r.joined.notEvaluated[r.dense(e[6])] == nil)
    }
    @Test func groupAreaBoundsCompareThePrintedAreaMinInclusiveMaxExclusive() throws {
        var p = onePipeline([spec(.taxPerMu, 10, .fixed(10))])
        var small = p.groups[0]
        small.id = "small"
        small.predicate.maxAreaMu = 10
        var large = p.groups[0]
        large.id = "large"
        large.predicate.minAreaMu = 10
        p.groups = [small, large]
        let r = try evaluate(
            [
                "enterprises.csv": registryWith((0..<3).map { (e[$0], "above", "2015-01-01", "") }),
                "land.csv": lines(
                    "uscc,parcel_id,area,unit", ["\(e[0]),P,9.999999,mu", "\(e[1]),P,9.9999996,mu", "\(e[2]),P,10,mu"]),
            ], pipeline: p)
        // 9.999999 < 10 → small; 9.9999996 prints 10.000000 ≥ 10 → large; 10 → large (max is exclusive).
        #expect(r.joined.group[r.dense(e[0])] == 0)
        #expect(r.joined.group[r.dense(e[1])] == 1)
        #expect(r.joined.group[r.dense(e[2])] == 1)
    }
}
