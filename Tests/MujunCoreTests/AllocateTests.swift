import Testing
@testable import MujunCore

@Suite struct AllocateTests {
    static let policies = """
        policies: {
          electricity_surcharge: { D: [0.1, 0.2, 0.3] },
          land_use_tax_rebate: { A: 1.0, B: 0.5 },
          energy_quota_change: { D: -0.1 },
        },
        """

    /// Every enterprise has 10 mu, so its total is its tax in 万元 (tax per mu ÷ 10 × 100).
    static func zone() throws -> (RunResult, [String: [String: String]]) {
        var f = EvaluationFixture()
        // A: 91 + 4 land-use = 95 → A; B: 78 + 2 land-use = 80 → B; C: 60 → C; the D's: 20 → D.
        f.firm(1, tax: 91, landUseTax: 4)
        f.firm(2, tax: 78, landUseTax: 2)
        f.firm(3, tax: 60, electricity10kKwh: 10)
        let d1 = f.firm(4, tax: 20, electricity10kKwh: 10)
        let d2 = f.firm(5, tax: 20, electricity10kKwh: 10)
        let d3 = f.firm(6, tax: 20, electricity10kKwh: 10)
        let d4 = f.firm(7, tax: 20, electricity10kKwh: 10)
        // A landless tenant of d1: merged, takes D, pays on its own 5 万kWh.
        let tenant = f.firm(8, landMu: nil, electricity10kKwh: 5)
        f.lease(d1, tenant, mu: 2)
        f.firm(9, established: "2024-03-01", tax: 5)   // new → T, no policy
        f.history(d1, 2024, "D")   // the evaluation year itself: ignored
        f.history(d1, 2023, "C")
        f.history(d2, 2023, "D")
        for y in 2021...2023 { f.history(d3, y, "D") }
        f.history(d4, 2023, "D")
        f.history(d4, 2021, "D")   // 2022 missing: the run ends there
        let r = try f.run(pipeline: EvaluationFixture.pipelineText(extra: policies))
        let rows = RunResult.parseCSV(AllocationTable.write(r))
        return (r, Dictionary(uniqueKeysWithValues: rows.map { ($0["uscc"]!, $0) }))
    }

    @Test func listsClassesAToDByGroupClassAndCodeWithTenantsButNotT() throws {
        let (r, _) = try Self.zone()
        let rows = RunResult.parseCSV(AllocationTable.write(r))
        #expect(rows.map { $0["uscc"]! } == (1...8).map(EvaluationFixture.code))
        #expect(rows.map { $0["class"]! } == ["A", "B", "C", "D", "D", "D", "D", "D"])
        #expect(rows[7]["class_reason"] == "tenant_of:\(EvaluationFixture.code(4))")
        #expect(Array(String(decoding: AllocationTable.write(r), as: UTF8.self).split(separator: "\n")[0])
            .elementsEqual(AllocationTable.header.joined(separator: ",")))
    }

    @Test func surchargeFollowsTheScheduleByYearsInClass() throws {
        let (_, rows) = try Self.zone()
        func row(_ n: Int) -> [String: String] { rows[EvaluationFixture.code(n)]! }
        // 1st year in D (2023 was C; the 2024 history row is ignored): 10 万kWh = 100000 kWh × 0.1 = 10000 yuan.
        #expect(row(4)["consecutive_years_in_class"] == "1")
        #expect(row(4)["electricity_kwh"] == "100000.000000")
        #expect(row(4)["electricity_surcharge_rate"] == "0.100000")
        #expect(row(4)["electricity_surcharge_yuan"] == "10000.000000")
        // 2nd year (2023 D): 100000 × 0.2 = 20000.
        #expect(row(5)["consecutive_years_in_class"] == "2")
        #expect(row(5)["electricity_surcharge_rate"] == "0.200000")
        #expect(row(5)["electricity_surcharge_yuan"] == "20000.000000")
        // 4th year (2021–2023 D): the last step holds from the 3rd on, 100000 × 0.3 = 30000.
        #expect(row(6)["consecutive_years_in_class"] == "4")
        #expect(row(6)["electricity_surcharge_rate"] == "0.300000")
        #expect(row(6)["electricity_surcharge_yuan"] == "30000.000000")
        // 2023 D, 2022 missing, 2021 D: the gap ends the run, so 2 years.
        #expect(row(7)["consecutive_years_in_class"] == "2")
        #expect(row(7)["electricity_surcharge_rate"] == "0.200000")
        // The merged tenant: D from its landlord, 1st year, its own 5 万kWh = 50000 kWh × 0.1 = 5000;
        // the landlord (row 4) pays on its own 100000 kWh, not the merged 150000.
        #expect(row(8)["electricity_kwh"] == "50000.000000")
        #expect(row(8)["electricity_surcharge_yuan"] == "5000.000000")
        // C has no schedule here: rate 0.
        #expect(row(3)["electricity_surcharge_rate"] == "0.000000")
        #expect(row(3)["electricity_surcharge_yuan"] == "0.000000")
        // No electricity rows: the kWh and the amount are empty, the rate is still shown.
        #expect(row(1)["electricity_kwh"] == "")
        #expect(row(1)["electricity_surcharge_yuan"] == "")
        #expect(row(1)["electricity_surcharge_rate"] == "0.000000")
    }

    @Test func rebateIsLandUseTaxTimesTheClassShare() throws {
        let (_, rows) = try Self.zone()
        func row(_ n: Int) -> [String: String] { rows[EvaluationFixture.code(n)]! }
        // A: 4 万元 land-use tax × 1.0 = 4.
        #expect(row(1)["land_use_tax_wan"] == "4.000000")
        #expect(row(1)["land_use_tax_rebate_share"] == "1.000000")
        #expect(row(1)["land_use_tax_rebate_wan"] == "4.000000")
        // B: 2 × 0.5 = 1.
        #expect(row(2)["land_use_tax_wan"] == "2.000000")
        #expect(row(2)["land_use_tax_rebate_share"] == "0.500000")
        #expect(row(2)["land_use_tax_rebate_wan"] == "1.000000")
        // D: no land-use tax rows (empty), share 0.
        #expect(row(4)["land_use_tax_wan"] == "")
        #expect(row(4)["land_use_tax_rebate_share"] == "0.000000")
        #expect(row(4)["land_use_tax_rebate_wan"] == "")
        // Quota changes are reported as configured, 0 for classes not listed.
        #expect(row(4)["energy_quota_change"] == "-0.100000")
        #expect(row(1)["energy_quota_change"] == "0.000000")
        #expect(row(1)["emission_quota_change"] == "0.000000")
    }

    @Test func scheduleSteps() {
        let d = [0.1, 0.2, 0.3]
        #expect(Allocate.surchargeRate(d, yearsInClass: 1) == 0.1)
        #expect(Allocate.surchargeRate(d, yearsInClass: 2) == 0.2)
        #expect(Allocate.surchargeRate(d, yearsInClass: 3) == 0.3)
        #expect(Allocate.surchargeRate(d, yearsInClass: 7) == 0.3)
        #expect(Allocate.surchargeRate([], yearsInClass: 2) == 0)
    }
}

@Suite struct AllocationRowTests {
    @Test func rowsAreCompactAndGiveBackWhatTheyWereGiven() {
        #expect(MemoryLayout<AllocationRow>.stride == 64)
        let full = AllocationRow(
            enterprise: 123_456, group: 2, enterpriseClass: .c, yearsInClass: 3, electricityKwh: 2_500_000,
            surchargeRate: 0.1, landUseTaxWan: 12.5, rebateShare: 0.5, energyQuotaChange: -0.05,
            emissionQuotaChange: -0.1)
        #expect(full.enterprise == 123_456 && full.group == 2 && full.yearsInClass == 3)
        #expect(full.electricityKwh == 2_500_000 && full.surchargeYuan == 2_500_000 * 0.1)
        #expect(full.landUseTaxWan == 12.5 && full.rebateWan == 6.25)
        let bare = AllocationRow(
            enterprise: 0, group: 0, enterpriseClass: .a, yearsInClass: 1, electricityKwh: nil, surchargeRate: 0,
            landUseTaxWan: nil, rebateShare: 1, energyQuotaChange: 0.1, emissionQuotaChange: 0.1)
        #expect(bare.electricityKwh == nil && bare.surchargeYuan == nil)
        #expect(bare.landUseTaxWan == nil && bare.rebateWan == nil)
        #expect(bare == bare)
        #expect(bare != full)
    }
}
