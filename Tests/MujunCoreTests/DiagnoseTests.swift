import Testing
@testable import MujunCore

@Suite struct DiagnoseTests {
    /// One enterprise (or two) per category. Every firm has 10 mu unless noted, so its total is its
    /// tax in 万元; the X firms are landless below-scale tenants (merged into their landlords).
    static func zone() throws -> RunResult {
        var f = EvaluationFixture()
        let code = EvaluationFixture.code
        // 1: pure rental (10 of 10 mu leased out), its tenant has a major violation (any kind counts).
        f.firm(1, tax: 60)
        f.firm(11, scale: "below", landMu: nil)
        f.lease(code(1), code(11), mu: 10)
        f.violation(code(11), kind: "tax", severity: "major")
        // 1: a landless landlord (own area 0 with area leased out is pure), itself serious; T (no_land).
        f.firm(17, landMu: nil)
        f.firm(18, scale: "below", landMu: nil)
        f.lease(code(17), code(18), mu: 3)
        f.violation(code(17), kind: "other", severity: "major")
        // 2: partial (5 of 10 mu), tenant serious.
        f.firm(2, tax: 80)
        f.firm(12, scale: "below", landMu: nil)
        f.lease(code(2), code(12), mu: 5)
        f.violation(code(12), kind: "other", severity: "major")
        // 3: partial, tenant has only a minor violation (total 85) …
        f.firm(3, tax: 85)
        f.firm(13, scale: "below", landMu: nil)
        f.lease(code(3), code(13), mu: 2)
        f.violation(code(13), kind: "safety", severity: "minor")
        // … and partial with itself serious (a major tax violation: no veto), total 70.
        f.firm(4, tax: 70)
        f.firm(14, scale: "below", landMu: nil)
        f.lease(code(4), code(14), mu: 1)
        f.violation(code(4), kind: "tax", severity: "major")
        // 4: D by threshold (20 < 50); its tenant is D too but by tenant_of, which is not category 4.
        f.firm(5, tax: 20)
        f.firm(15, scale: "below", landMu: nil)
        f.lease(code(5), code(15), mu: 1)
        // Not 4: D by veto (major safety), below scale so not 5 either.
        f.firm(6, scale: "below", tax: 95)
        f.violation(code(6), kind: "safety", severity: "major")
        // 5: above scale, minor violation, class A (95).
        f.firm(7, tax: 95)
        f.violation(code(7), kind: "environment", severity: "minor")
        // 5: new (T wins over the veto), above scale, serious.
        f.firm(8, established: "2024-01-01", tax: 1)
        f.violation(code(8), kind: "land", severity: "major")
        // None: no problems; and a violation of last year does not count.
        f.firm(9, tax: 95)
        f.violation(code(9), kind: "safety", severity: "major", date: "2023-12-31")
        // None, but pure: 19 of 20 mu leased out = exactly 0.95 × 20 (compared as printed).
        f.firm(10, landMu: 20, tax: 190)
        f.firm(16, scale: "below", landMu: nil)
        f.lease(code(10), code(16), mu: 19)
        return try f.run(
            pipeline: EvaluationFixture.pipelineText(extra: "diagnosis: { actions: { \"1\": \"腾退\", \"4\": \"提升改造\" } },"))
    }

    @Test func sortsOneEnterprisePerCategoryByPriority() throws {
        let r = try Self.zone()
        let rows = RunResult.parseCSV(RemediationTable.write(r))
        let code = EvaluationFixture.code
        // Category, then total ascending (empty last): 1 → 60 then the T landlord; 3 → 70 then 85;
        // 5 → 95 then the T.
        #expect(rows.map { $0["uscc"]! } == [1, 17, 2, 4, 3, 5, 7, 8].map(code))
        #expect(rows.map { $0["category"]! } == ["1", "1", "2", "3", "3", "4", "5", "5"])
        #expect(rows.map { $0["priority"]! } == (1...8).map(String.init))
        #expect(rows[0]["category_name"] == "纯出租且问题严重")
        #expect(rows[2]["category_name"] == "部分出租且承租企业问题严重")
        #expect(rows[3]["category_name"] == "部分出租且承租企业存在一定问题或自身存在问题较严重")
        #expect(rows[5]["category_name"] == "产值不高、用地效率低下")
        #expect(rows[6]["category_name"] == "存在一定问题的规上企业")
        #expect(rows[0]["recommended_action"] == "腾退")
        #expect(rows[5]["recommended_action"] == "提升改造")
        #expect(rows[2]["recommended_action"] == "")
        // The first row in full.
        #expect(rows[0]["rental_status"] == "pure")
        #expect(rows[0]["self_problem"] == "none")
        #expect(rows[0]["tenant_problem"] == "serious")
        #expect(rows[0]["tenants"] == "1")
        #expect(rows[0]["own_area_mu"] == "10.000000")
        #expect(rows[0]["leased_out_mu"] == "10.000000")
        #expect(rows[0]["class"] == "C")
        #expect(rows[0]["total"] == "60.000000")
        // The landless landlord: own area empty, class T, total empty.
        #expect(rows[1]["rental_status"] == "pure")
        #expect(rows[1]["own_area_mu"] == "")
        #expect(rows[1]["total"] == "")
        #expect(rows[1]["self_problem"] == "serious")
        #expect(rows[3]["self_problem"] == "serious")
        #expect(rows[4]["tenant_problem"] == "some")
        #expect(rows[5]["rental_status"] == "partial")
        #expect(rows[7]["class"] == "T")
    }

    @Test func pureRentalShareComparesAsPrinted() throws {
        let r = try Self.zone()
        let remediation = r.remediation
        #expect(!remediation.rows.contains { $0.enterprise == r.id(EvaluationFixture.code(10)) })
        // 19 ≥ 0.95 × 20 = 19 (equal: pure); 18.99 < 19 (partial); no land of its own with area leased out: pure.
        #expect(
            Diagnose.rentalStatus(ownAreaMu: 20, leasedOutMu: 19, hasTenants: true, pureRentalShare: 0.95) == .pure)
        #expect(
            Diagnose.rentalStatus(ownAreaMu: 20, leasedOutMu: 18.99, hasTenants: true, pureRentalShare: 0.95)
                == .partial)
        #expect(Diagnose.rentalStatus(ownAreaMu: .nan, leasedOutMu: 3, hasTenants: true, pureRentalShare: 0.95) == .pure)
        #expect(Diagnose.rentalStatus(ownAreaMu: 20, leasedOutMu: 0, hasTenants: false, pureRentalShare: 0.95) == .none)
    }

    @Test func categoryFourExcludesVetoAndTenantOf() throws {
        let r = try Self.zone()
        let listed = Set(r.remediation.rows.map(\.enterprise))
        #expect(r.classes.reason[r.id(EvaluationFixture.code(6))] == "veto:safety")
        #expect(!listed.contains(r.id(EvaluationFixture.code(6))))
        #expect(r.classes.enterpriseClass[r.id(EvaluationFixture.code(15))] == .d)
        #expect(!listed.contains(r.id(EvaluationFixture.code(15))))
        #expect(!listed.contains(r.id(EvaluationFixture.code(9))))
    }

    /// Both flags against the group's aggregate means, with a group that scores neither indicator's
    /// mean (tax per mu is scored against a fixed 10; va per energy is not scored at all).
    @Test func flagsEnergyMismatchAndIdleLand() throws {
        var f = EvaluationFixture()
        // F1: 20 mu, tax 2 → 0.1 万元/亩; VA 100 / 100 tce → 1 万元/tce.
        f.firm(1, landMu: 20, tax: 2, coalTonnes: 100, valueAdded: 100)
        // F2: 10 mu, tax 98 → 9.8; VA 900 / 100 tce → 9.
        f.firm(2, landMu: 10, tax: 98, coalTonnes: 100, valueAdded: 900)
        // F3: 5 mu, tax 0.1 → 0.02, below idle land's 10 mu; no VA, so no va_per_energy and no mismatch.
        f.firm(3, landMu: 5, tax: 0.1)
        // F4: new (T), not in the means, but flagged like anyone: 12 mu, tax 0.5 → 0.041667; VA 10 / 10 tce → 1.
        f.firm(4, established: "2024-01-01", landMu: 12, tax: 0.5, coalTonnes: 10, valueAdded: 10)
        let r = try f.run()
        // Group means over the scored F1–F3: tax (2 + 98 + 0.1) / (20 + 10 + 5) = 100.1 / 35 = 2.86;
        // va per energy (100 + 900) / (100 + 100) = 5.
        #expect(formatMeasure(r.remediation.meanTaxPerMu[0]!) == "2.860000")
        #expect(r.remediation.meanVaPerEnergy[0] == 5)
        // energy_mismatch: < 0.5 × 5 = 2.5 → F1 (1) and F4 (1), not F2 (9).
        // idle_land: area ≥ 10 and < 0.1 × 2.86 = 0.286 → F1 (0.1, 20 mu) and F4 (0.041667, 12 mu), not F3 (5 mu).
        #expect(r.remediation.flagsCell(r.id(EvaluationFixture.code(1))) == "energy_mismatch;idle_land")
        #expect(r.remediation.flagsCell(r.id(EvaluationFixture.code(2))) == "")
        #expect(r.remediation.flagsCell(r.id(EvaluationFixture.code(3))) == "")
        #expect(r.remediation.flagsCell(r.id(EvaluationFixture.code(4))) == "energy_mismatch;idle_land")
        let rankings = RunResult.parseCSV(RankingsTable.write(r, extra: RankingExtras(r)))
        let first = rankings.first { $0["uscc"] == EvaluationFixture.code(1) }!
        #expect(first["flags"] == "energy_mismatch;idle_land")
    }

    @Test func onlyEnergyMismatchWhenLandIsUsedWell() throws {
        var f = EvaluationFixture()
        // G1: tax 50 on 10 mu → 5, well above 0.1 × mean; VA 10 / 10 tce = 1 < 0.5 × (10 + 190) / 20 = 5.
        f.firm(1, tax: 50, coalTonnes: 10, valueAdded: 10)
        f.firm(2, tax: 50, coalTonnes: 10, valueAdded: 190)
        let r = try f.run()
        #expect(r.remediation.flags[r.id(EvaluationFixture.code(1))] == [.energyMismatch])
        #expect(r.remediation.flags[r.id(EvaluationFixture.code(2))] == [])
    }
}
