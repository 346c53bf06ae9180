import Foundation
import Testing

@testable import MujunCore

/// What a fixture row should come to.
private enum Outcome {
    case accepted
    case rejected(RejectReason)
    /// Not a row at all (blank line, `,,,,`): not read, not counted, but it takes its physical line.
    case notARow
}

/// One input file of a fixture: header, rows and what each row should come to.
private struct FileFixture {
    var file: InputFile
    var header: String
    var rows: [(String, Outcome)]

    var text: String { ([header] + rows.map(\.0)).joined(separator: "\n") + "\n" }

    /// Expected rejects as (line, reason): header is line 1, each row one physical line.
    var expectedRejects: [(Int, RejectReason)] {
        rows.enumerated().compactMap { i, row in
            if case .rejected(let r) = row.1 { return (i + 2, r) }
            return nil
        }
    }
    var expectedRead: Int { rows.filter { if case .notARow = $0.1 { return false } else { return true } }.count }
    var expectedAccepted: Int { rows.filter { if case .accepted = $0.1 { return true } else { return false } }.count }
}

@Suite struct IngestTests {
    let c1 = Fixture.code(1)
    let c2 = Fixture.code(2)
    let c3 = Fixture.code(3)
    let c4 = Fixture.code(4)
    /// Its registry row is rejected, so its rows elsewhere are `unknown_enterprise` (rule 14).
    let c5 = Fixture.code(5)
    let c7 = Fixture.code(7)
    let c8 = Fixture.code(8)
    let c9 = Fixture.code(9)
    /// Never in the registry.
    let stranger = Fixture.code(20)
    /// Has letters, written lower-case with spaces around it in the files.
    let lettered = Fixture.code(11, prefix: "91330000MA")

    private var fixtures: [FileFixture] {
        [
            FileFixture(
                file: .enterprises, header: "uscc,name,industry,region,scale,established,high_tech,exempt",
                rows: [
                    ("\(c1),甲,C3670,新前,above,2015-01-01,1,", .accepted),
                    ("\(c2),乙,3611,院桥,规上,2016/3/5,是,", .accepted),
                    ("\(c3),丙,,,BELOW,20100101,否,搬迁", .accepted),
                    // scale comes before established in §2 order: invalid_value, not unparseable_date.
                    ("\(c4),丁,,,medium,2015-02-30,,", .rejected(.invalidValue)),
                    ("\(c5),戊,,,above,2024-02-30,,", .rejected(.unparseableDate)),
                    // A bad code wins over every later fault.
                    ("\(Fixture.badCode(6)),x,,,medium,bad,,", .rejected(.invalidUSCC)),
                    ("\(c1),dup,,,above,2015-01-01,,", .rejected(.duplicateKey)),
                    ("\(c7),庚,,,above,2015-01-01,maybe,", .rejected(.invalidValue)),
                    (",noname,,,above,2015-01-01,,", .rejected(.missingValue)),
                    ("\(c8),辛,,,,2015-01-01,,", .rejected(.missingValue)),
                    ("\(c9),壬,,,above,2015-01-01", .rejected(.malformedRow)),
                    // c4's earlier row was rejected, so this one is not a duplicate (rule 10).
                    ("\(c4),丁,,,below,2015-01-01,,", .accepted),
                    ("  \(lettered.lowercased())  ,L,,,above,2015-01-01,,", .accepted),
                ]),
            FileFixture(
                file: .tax, header: "统一社会信用代码,所属期,实缴税额,税种",
                rows: [
                    ("\(c1),2024-01,\"1,000,000\",", .accepted),
                    ("\(c1),2024年3月,-300000,", .accepted),
                    ("\(c1),2024,50000,城镇土地使用税", .accepted),
                    ("\(c1),2023-12,999999,", .accepted),
                    ("\(c2),202406,20000,LAND_USE", .accepted),
                    // A bad code and a bad number: the code comes first (rule 11).
                    ("\(Fixture.badCode(1)),2024-01,abc,", .rejected(.invalidUSCC)),
                    ("\(c2),2024-13,100,", .rejected(.unparseablePeriod)),
                    ("\(c2),2024-01,,", .rejected(.missingValue)),
                    ("\(c2),2024-01,１００,", .rejected(.unparseableNumber)),
                    ("\(c2),2024-01,\"1,2345\",", .rejected(.unparseableNumber)),
                    ("\(c5),2024-01,100,", .rejected(.unknownEnterprise)),
                    ("\(stranger),2024-01,100,", .rejected(.unknownEnterprise)),
                    ("\(c2),,abc,", .rejected(.missingValue)),
                    ("\(c1),2024-01", .rejected(.malformedRow)),
                    ("", .notARow),
                    (",,,", .notARow),
                    (" \(lettered.lowercased()) ,2024/7,10000,", .accepted),
                ]),
            FileFixture(
                file: .energy, header: "uscc,period,carrier,quantity,unit",
                rows: [
                    ("\(c1),2024-02,electricity,2,万kWh", .accepted),
                    ("\(c1),2024-03,原煤,3,吨", .accepted),
                    ("\(c1),2024-04,电力,5000,度", .accepted),
                    ("\(c2),2024-01,natural_gas,100,kWh", .rejected(.unknownUnit)),
                    // carrier before quantity before unit (rule 11).
                    ("\(c2),2024-01,steam,-1,t", .rejected(.unknownCarrier)),
                    ("\(c2),2024-01,coke,-1,bbl", .rejected(.negativeValue)),
                    ("\(c2),2024-01,coke,1,bbl", .rejected(.unknownUnit)),
                    ("\(c2),2023-05,coke,1,t", .accepted),
                    ("\(c2),2024-01,Natural_Gas,2,万立方米", .accepted),
                ]),
            FileFixture(
                file: .land, header: "统一社会信用代码,宗地编号,面积,面积单位",
                rows: [
                    ("\(c1),P1,0,mu", .rejected(.nonPositiveValue)),
                    // The first P1 was rejected: this is not a duplicate (rule 10).
                    ("\(c1),P1,4,亩", .accepted),
                    ("\(c1),P1,3,mu", .rejected(.duplicateKey)),
                    // parcel_id is case-sensitive.
                    ("\(c1),p1,1000,m2", .accepted),
                    ("\(c1), P2 ,2,ha", .accepted),
                    // …and trimmed.
                    ("\(c1),P2,1,mu", .rejected(.duplicateKey)),
                    ("\(c2),P1,2,公顷", .accepted),
                    ("\(c3),P9,-2,furlong", .rejected(.nonPositiveValue)),
                    ("\(c3),P9,2,furlong", .rejected(.unknownUnit)),
                    ("\(stranger),P1,2,mu", .rejected(.unknownEnterprise)),
                    ("\(c3),P9,1500,平方米", .accepted),
                ]),
            FileFixture(
                file: .economy, header: "uscc,year,revenue,value_added,employees,rd_expense",
                rows: [
                    ("\(c1),2024,500,120.5,30,", .accepted),
                    ("\(c1),2024年,1,1,1,1", .rejected(.duplicateKey)),
                    ("\(c1),2023,400,,,", .accepted),
                    ("\(c2),24,1,1,1,1", .rejected(.unparseableYear)),
                    ("\(c2),2024,-5,1,1,1", .rejected(.negativeValue)),
                    // value_added may be negative (rule 13).
                    ("\(c2),2024,5,-1,1,1", .accepted),
                    ("\(c3),2024,5,1,-1,1", .rejected(.negativeValue)),
                    ("\(c3),2024,5,1,1,x", .rejected(.unparseableNumber)),
                    ("\(c3),2024,,,,", .accepted),
                ]),
            FileFixture(
                file: .emissions, header: "uscc,year,pollutant,tonnes",
                rows: [
                    ("\(c1),2024,COD,2", .accepted),
                    ("\(c1),2024,氨氮,0.4", .accepted),
                    ("\(c1),2024,cod,1", .rejected(.duplicateKey)),
                    ("\(c1),2023,COD,1", .accepted),
                    ("\(c1),2024,CO2,1", .rejected(.unknownPollutant)),
                    ("\(c1),2024,SO2,-1", .rejected(.negativeValue)),
                    ("\(c2),2024,SO2,0.19", .accepted),
                ]),
            FileFixture(
                file: .leases, header: "landlord,tenant,area,unit",
                rows: [
                    ("\(c1),\(c2),1,mu", .accepted),
                    ("\(c1),\(c1),1,mu", .rejected(.invalidValue)),
                    ("\(c1),\(stranger),1,mu", .rejected(.unknownEnterprise)),
                    ("\(c1),\(c2),0,mu", .rejected(.nonPositiveValue)),
                    ("\(c5),\(c2),1,mu", .rejected(.unknownEnterprise)),
                    ("\(c1),\(c2),1500,m2", .accepted),
                ]),
            FileFixture(
                file: .violations, header: "uscc,date,kind,severity",
                rows: [
                    ("\(c1),2024-05-01,safety,major", .accepted),
                    ("\(c1),2024-05-01,fire,major", .rejected(.unknownKind)),
                    ("\(c1),2024-05-01,safety,critical", .rejected(.unknownSeverity)),
                    ("\(c1),2024-02-30,safety,major", .rejected(.unparseableDate)),
                    ("\(c1),2024-05-01 10:00,safety,major", .rejected(.unparseableDate)),
                    ("\(c1),2023-05-01,环保,重大", .accepted),
                    // A quote left open at the end of the file: one malformed record from its first line.
                    ("\(c1),\"2024-06-01,safety,major", .rejected(.malformedRow)),
                ]),
            FileFixture(
                file: .history, header: "uscc,year,class",
                rows: [
                    ("\(c1),2023,A", .accepted),
                    ("\(c1),2023,B", .rejected(.duplicateKey)),
                    ("\(c1),2022,E", .rejected(.unknownClass)),
                    // History keeps codes not in the registry (closed firms), rule 14.
                    ("\(Fixture.code(30)),2023,D", .accepted),
                    ("\(c5),2023,C", .accepted),
                ]),
        ]
    }

    private func runFixture(_ adjust: (inout Pipeline) -> Void = { _ in }) throws -> Inputs {
        var p = Pipeline()
        adjust(&p)
        var economy = InputSettings()
        economy.moneyUnit = .wanYuan
        p.inputs[.economy] = economy
        var files: [String: String] = [:]
        for f in fixtures { files[f.file.rawValue] = f.text }
        return try ingest(files, pipeline: p)
    }

    @Test func everyRowIsAcceptedOrRejectedAndCounted() throws {
        let inputs = try runFixture()
        for f in fixtures {
            guard let report = inputs.files.first(where: { $0.file == f.file }) else {
                Issue.record("no report for \(f.file)")
                continue
            }
            let rejects = inputs.rejects.filter { $0.file == f.file }
            #expect(report.rowsRead == f.expectedRead, "\(f.file)")
            #expect(report.rowsAccepted == f.expectedAccepted, "\(f.file)")
            #expect(report.rowsRead == report.rowsAccepted + rejects.count, "\(f.file)")
            #expect(report.rejectsByReason.values.reduce(0, +) == report.rowsRejected, "\(f.file)")
            #expect(rejects.map(\.line) == f.expectedRejects.map(\.0), "\(f.file)")
            #expect(rejects.map(\.reason) == f.expectedRejects.map(\.1), "\(f.file)")
        }
        // enterprises.csv: 13 rows, 5 accepted, 8 rejected.
        #expect(inputs.files[0].rowsRead == 13 && inputs.files[0].rowsAccepted == 5)
        // tax.csv: 17 lines of which 2 are not rows; 6 accepted (5 of them dated 2024), 9 rejected.
        let tax = inputs.files[1]
        #expect(tax.rowsRead == 15 && tax.rowsAccepted == 6 && tax.rowsRejected == 9)
        #expect(tax.rowsInYear == 5)
    }

    @Test func everyReasonCodeOfRule12IsReachable() throws {
        let inputs = try runFixture()
        let seen = Set(inputs.rejects.map(\.reason))
        #expect(seen == Set(RejectReason.allCases))
    }

    @Test func rejectRecordsTheCodeAsReadUpperCased() throws {
        let inputs = try runFixture()
        let badTax = inputs.rejects.first { $0.file == .tax && $0.reason == .invalidUSCC }
        #expect(badTax?.uscc == Fixture.badCode(1))
        #expect(badTax?.line == 7)
        let missing = inputs.rejects.first { $0.file == .enterprises && $0.reason == .missingValue }
        #expect(missing?.uscc == "")
    }

    @Test func registryKeepsAcceptedRowsInFileOrderWithTheirValues() throws {
        let reg = try runFixture().registry
        #expect(reg.codes.map(\.description) == [c1, c2, c3, c4, lettered])
        #expect(reg.scales == [.above, .above, .below, .below, .above])
        #expect(reg.highTech == [true, true, false, false, false])
        #expect(reg.established[1] == CivilDate(year: 2016, month: 3, day: 5))
        #expect(reg.established[2] == CivilDate(year: 2010, month: 1, day: 1))
        #expect(reg.exempt == ["", "", "搬迁", "", ""])
        #expect(reg.industries[0] == "C3670")
    }

    @Test func taxIsConvertedFromYuanAndRefundsAndOtherYearsHandled() throws {
        let inputs = try runFixture()
        let s = inputs.sums
        // c1: 1,000,000 − 300,000 + 50,000 yuan = 750,000 yuan = 75 万元; the 2023-12 row is not summed.
        #expect(close(s.tax[0].value, 75))
        // land-use tax rows only: 50,000 yuan = 5 万元.
        #expect(close(s.landUseTax[0].value, 5))
        // c2: 20,000 yuan = 2 万元, typed LAND_USE (case-folded).
        #expect(close(s.tax[1].value, 2))
        #expect(close(s.landUseTax[1].value, 2))
        // The lower-case code with spaces was normalised: 10,000 yuan = 1 万元.
        #expect(close(s.tax[4].value, 1))
        // No tax row in the year: missing, not 0.
        #expect(s.tax[2].optionalValue == nil)
    }

    @Test func energyIsConvertedToTceAndElectricityKeptInTenThousandKwh() throws {
        let s = try runFixture().sums
        // c1: 2 万kWh = 20,000 kWh × 0.1229 / 1000 = 2.458 tce
        //   + 3 t raw coal = 3,000 kg × 0.7143 / 1000 = 2.1429 tce
        //   + 5,000 度 × 0.1229 / 1000 = 0.6145 tce  → 5.2154 tce
        #expect(close(s.energyTce[0].value, 5.2154))
        // electricity: 2 + 5,000 / 10,000 = 2.5 万kWh
        #expect(close(s.electricity10kKwh[0].value, 2.5))
        // c2: 2 万立方米 = 20,000 m3 × 1.2143 / 1000 = 24.286 tce; the 2023 coke row is not summed.
        #expect(close(s.energyTce[1].value, 24.286))
        #expect(s.electricity10kKwh[1].optionalValue == nil)
    }

    @Test func energyFactorOverridesFromThePipelineAreUsed() throws {
        // The equivalent-value factor for electricity (0.300 kgce/kWh) instead of 0.1229:
        // c1: 25,000 kWh × 0.3 / 1000 = 7.5 tce + 3 t raw coal 2.1429 tce → 9.6429 tce
        let s = try runFixture { $0.energyFactors.electricity = 0.3 }.sums
        #expect(close(s.energyTce[0].value, 9.6429))
        // Electricity in 万kWh does not depend on the factor.
        #expect(close(s.electricity10kKwh[0].value, 2.5))
    }

    @Test func landAreasAreConvertedToMu() throws {
        let s = try runFixture().sums
        // c1: 4 亩 + 1,000 m2 × 0.0015 = 1.5 mu + 2 ha × 15 = 30 mu → 35.5 mu
        #expect(close(s.landMu[0].value, 35.5))
        // c2: 2 公顷 × 15 = 30 mu
        #expect(close(s.landMu[1].value, 30))
        // c3: 1,500 平方米 × 0.0015 = 2.25 mu
        #expect(close(s.landMu[2].value, 2.25))
        #expect(s.landMu[3].isEmpty)
    }

    @Test func economyInWanYuanKeepsEmptyCellsMissing() throws {
        let e = try runFixture().sums
        // money_unit wan_yuan: amounts are already 万元.
        #expect(e.economy.revenue[0] == 500)
        #expect(e.economy.valueAdded[0] == 120.5)
        #expect(e.economy.employees[0] == 30)
        #expect(e.economy.rdExpense[0].isNaN)
        #expect(e.economy.valueAdded[1] == -1)
        // c3's row has only empty cells: a row, but every figure missing.
        #expect(e.economy.hasRow[2])
        #expect(e.economy.revenue[2].isNaN)
        #expect(!e.economy.hasRow[3])
        // 2023 revenue is kept for growth: index 2 = Y − 1.
        #expect(e.earlierRevenue[2][0] == 400)
    }

    @Test func emissionsAreSummedAsPollutionEquivalents() throws {
        let s = try runFixture().sums
        // c1: COD 2 t × 1000 / 1 = 2,000 + NH3N 0.4 t × 1000 / 0.8 = 500 → 2,500 equivalents (2023 not summed)
        #expect(close(s.emissionEq[0].value, 2500))
        // c2: SO2 0.19 t × 1000 / 0.95 = 200
        #expect(close(s.emissionEq[1].value, 200))
    }

    @Test func leasesViolationsAndHistoryKeepAcceptedRows() throws {
        let inputs = try runFixture()
        // 1 mu, and 1,500 m2 × 0.0015 = 2.25 mu
        #expect(inputs.leases.map(\.landlord) == [0, 0])
        #expect(inputs.leases.map(\.tenant) == [1, 1])
        #expect(close(inputs.leases[0].areaMu, 1) && close(inputs.leases[1].areaMu, 2.25))
        #expect(inputs.violations.map(\.kind) == [.safety, .environment])
        #expect(inputs.violations.map(\.severity) == [.major, .major])
        #expect(inputs.history.map(\.enterpriseClass) == [.a, .d, .c])
        #expect(inputs.history.map(\.code.description) == [c1, Fixture.code(30), c5])
    }

    @Test func precedenceFollowsSpecColumnOrderNotFileOrder() throws {
        let inputs = try ingest([
            "enterprises.csv": csv("uscc,name,industry,region,scale,established", "\(c1),a,,,above,2015-01-01"),
            // amount is the first column here, but §2 checks uscc, then period, then amount.
            "tax.csv": csv(
                "amount,period,uscc",
                "abc,2024-13,\(Fixture.badCode(1))",
                "abc,2024-13,\(c1)",
                "abc,2024-01,\(stranger)",
                "1,2024-01,\(stranger)",
                "1,2024-01,\(c1)"),
        ])
        #expect(
            inputs.rejects.map(\.reason) == [.invalidUSCC, .unparseablePeriod, .unparseableNumber, .unknownEnterprise])
        #expect(inputs.rejects.map(\.uscc) == [Fixture.badCode(1), c1, stranger, stranger])
        // 1 yuan = 0.0001 万元
        #expect(close(inputs.sums.tax[0].value, 0.0001))
    }

    @Test func duplicatesAreJudgedOnlyAgainstEarlierAcceptedRows() throws {
        let inputs = try ingest([
            "enterprises.csv": csv("uscc,name,industry,region,scale,established", "\(c1),a,,,above,2015-01-01"),
            "economy.csv": csv(
                "uscc,year,revenue,value_added,employees,rd_expense",
                "\(c1),2024,-1,,,",  // negative_value: not accepted
                "\(c1),2024,7,,,",  // accepted: the earlier row for 2024 was rejected
                "\(c1),2024,8,,,"),  // duplicate_key
        ])
        #expect(inputs.rejects.map(\.reason) == [.negativeValue, .duplicateKey])
        #expect(inputs.rejects.map(\.line) == [2, 4])
        // yuan by default: 7 yuan = 0.0007 万元
        #expect(close(inputs.sums.economy.revenue[0], 0.0007))
    }

    @Test func columnsMappingAndMoneyUnitFromThePipeline() throws {
        var p = Pipeline()
        var tax = InputSettings()
        tax.columns = ["实缴税金(元)": "amount"]
        tax.moneyUnit = .wanYuan
        p.inputs[.tax] = tax
        let inputs = try ingest(
            [
                "enterprises.csv": csv(
                    "统一社会信用代码,企业名称,行业代码,乡镇街道,规模,成立日期,高新技术企业,免评原因",
                    "\(c1),a,,,规下,2015-01-01,true,"),
                // Headers match after trimming and case-folding; 备注 is an unknown extra column.
                "tax.csv": csv(" USCC ,Period,实缴税金(元),备注", "\(c1),2024-02,12.5,x", "\(c1),2024-03,-2.5,y"),
            ], pipeline: p)
        #expect(inputs.rejects.isEmpty)
        #expect(inputs.registry.scales == [.below])
        #expect(inputs.registry.highTech == [true])
        // wan_yuan: 12.5 − 2.5 = 10 万元
        #expect(close(inputs.sums.tax[0].value, 10))
    }

    @Test func firstOfTwoHeadersForOneColumnWinsWithAWarning() throws {
        let inputs = try ingest([
            "enterprises.csv": csv("uscc,name,industry,region,scale,established", "\(c1),a,,,above,2015-01-01"),
            "tax.csv": csv("uscc,amount,period,实缴税额", "\(c1),30000,2024-01,99999999"),
        ])
        // The first amount column: 30,000 yuan = 3 万元.
        #expect(close(inputs.sums.tax[0].value, 3))
        #expect(inputs.warnings.count == 1)
    }

    @Test func rejectedRegistryRowTakesTheCodesOtherRowsWithIt() throws {
        let inputs = try ingest([
            "enterprises.csv": csv(
                "uscc,name,industry,region,scale,established",
                "\(c1),a,,,above,2015-01-01",
                "\(c2),b,,,huge,2015-01-01"),
            "tax.csv": csv("uscc,period,amount", "\(c2),2024-01,1"),
            "land.csv": csv("uscc,parcel_id,area,unit", "\(c2),P,1,mu"),
            "leases.csv": csv("landlord,tenant,area,unit", "\(c1),\(c2),1,mu"),
            "history.csv": csv("uscc,year,class", "\(c2),2023,A"),
        ])
        #expect(inputs.rejects.map(\.file) == [.enterprises, .tax, .land, .leases])
        #expect(inputs.rejects.map(\.reason) == [.invalidValue, .unknownEnterprise, .unknownEnterprise, .unknownEnterprise])
        // History is the exception (rule 14).
        #expect(inputs.history.count == 1)
    }

    @Test func qualityGateFailsOnlyAboveTheShare() {
        func report(read: Int, accepted: Int) -> FileReport {
            var r = FileReport(file: .tax, path: "tax.csv", present: true)
            r.rowsRead = read
            r.rowsAccepted = accepted
            return r
        }
        // 1 / 20 = 0.05 is not more than 0.05; 2 / 20 = 0.10 is; a file with no rows passes.
        let files = [report(read: 20, accepted: 19), report(read: 20, accepted: 18), report(read: 0, accepted: 0)]
        let failing = QualityGate.failures(files, maxRejectShare: 0.05)
        #expect(failing.map(\.rowsAccepted) == [18])
        #expect(QualityGate.error(failing, maxRejectShare: 0.05).exitStatus == .dataError)
    }
}
