import Foundation
import Testing
@testable import MujunCore

@Suite struct PipelineLoaderTests {
    /// The package root, found from this file so tests run from any folder.
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().path

    static func parse(_ text: String, path: String = "p.json5") throws -> Pipeline {
        try PipelineLoader.parse(Data(text.utf8), path: path)
    }

    /// The error a text gives, or nil when it loads.
    static func error(_ text: String) -> ConfigError? {
        do {
            _ = try parse(text)
            return nil
        } catch {
            return error as? ConfigError
        }
    }

    /// One group that loads; tests splice a fault into it.
    static func group(indicators: String = "{ id: 'tax_per_mu', weight: 30 }", extra: String = "") -> String {
        "{ groups: [{ id: 'above', where: { scale: 'above' }, indicators: [\(indicators)] \(extra) }] }"
    }

    /// A file with one valid group and the given top-level fields.
    static func withGroup(_ fields: String) -> String {
        "{ \(fields), groups: [{ id: 'g', where: {}, indicators: [{ id: 'tax_per_mu', weight: 1 }] }] }"
    }

    static func expectMessage(_ text: String, _ message: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) {
        let e = error(text)
        #expect(e?.message == message, sourceLocation: sourceLocation)
        #expect(e?.exitStatus == .config, sourceLocation: sourceLocation)
        #expect(e?.location == MujunCore.SourceLocation(path: "p.json5"), sourceLocation: sourceLocation)
    }

    // MARK: Shipped pipelines

    static func checkCommon(_ p: Pipeline) {
        #expect(p.year == 2024)
        #expect(p.data == root + "/Pipelines/../SampleData/qingxi")
        #expect(p.maxRejectShare == 0.05)
        #expect(p.inputs.count == 9)
        for input in InputFile.allCases {
            let s = p.settings(for: input)
            #expect(s.path == input.rawValue)
            #expect(s.encoding == .auto)
            #expect(s.moneyUnit == .yuan)
            #expect(s.columns.isEmpty)
        }
        #expect(p.energyFactors == EnergyFactors())
        #expect(p.energyFactors.electricity == 0.1229)
        #expect(p.leases == LeaseSettings())
        #expect(p.leases.mode == .combine && p.leases.tenantPenaltyFree == 1 && p.leases.tenantPenaltyPoints == 5)
        #expect(p.leases.pureRentalShare == 0.95)
        #expect(p.eligibility.newEnterpriseYears == 2 && p.eligibility.minAreaMu == 0)
        #expect(p.vetoKinds == [.safety, .environment, .land])
        #expect(p.highTechBonus == 0)

        #expect(p.groups.map(\.id) == ["above", "below"])
        #expect(p.groups.map(\.name) == ["规上工业企业", "规下工业企业"])
        #expect(p.groups[0].predicate.scale == .above && p.groups[1].predicate.scale == .below)
        #expect(p.groups[0].predicate.minAreaMu == nil && p.groups[0].predicate.maxAreaMu == nil)
        for g in p.groups {
            #expect(g.method == .ratio)
            #expect(g.cap == nil)
            #expect(g.indicators.allSatisfy { !$0.byIndustry && $0.cap == nil })
        }
        let above = p.groups[0].indicators
        #expect(above.map(\.id) == [.taxPerMu, .vaPerMu, .vaPerEnergy, .vaPerEmission, .laborProductivity, .rdIntensity])
        #expect(above.map(\.weight) == [30, 20, 20, 10, 10, 10])
        #expect(above.map(\.missing) == [.zero, .zero, .zero, .groupMean, .zero, .zero])
        let below = p.groups[1].indicators
        #expect(below.map(\.id) == [.taxPerMu, .taxPerKwh])
        #expect(below.map(\.weight) == [50, 50])
        #expect(below.map(\.missing) == [.zero, .zero])
        #expect(p.groups[0].classes == .quota(aHundredths: 2000, bHundredths: 6000, cHundredths: 1500))
        #expect(p.groups[1].classes == .quota(aHundredths: 500, bHundredths: 7000, cHundredths: 2000))

        #expect(p.policies.electricitySurcharge == [.c: [0.05], .d: [0.1, 0.2, 0.3]])
        #expect(p.policies.landUseTaxRebate == [.a: 1.0, .b: 0.5])
        #expect(p.policies.energyQuotaChange == [.a: 0.1, .b: 0, .c: -0.1, .d: -0.2])
        #expect(p.policies.emissionQuotaChange == [.a: 0.1, .b: 0, .c: -0.1, .d: -0.2])
        #expect(p.diagnosis.energyMismatchRatio == 0.5)
        #expect(p.diagnosis.idleLandMinAreaMu == 10 && p.diagnosis.idleLandMaxTaxShare == 0.1)
        #expect(p.diagnosis.actions.keys.sorted() == [1, 2, 3, 4, 5])
        #expect(p.diagnosis.actions[1] == "腾笼换鸟：收回或整体转让低效出租用地，清退问题承租企业")
        #expect(p.diagnosis.actions[4] == "限期整改提升亩均效益，实施差别化电价、用能用地约束")
        #expect(p.gazelle.minCagr == 0.20 && p.gazelle.minRevenueWan == 2000)
        #expect(p.targets.taxPerMu == TaxPerMuTarget(baselineYear: 2021, baseline: 15.0, multiplier: 2, targetYear: 2025))
        #expect(p.targets.energyIntensityReference == 0.5)
    }

    @Test func loadsZhejiangPipeline() throws {
        let p = try PipelineLoader.load(path: Self.root + "/Pipelines/zhejiang.json5")
        #expect(p.name == "zhejiang")
        Self.checkCommon(p)
        for g in p.groups {
            #expect(g.indicators.allSatisfy { $0.benchmark == .mean })
        }
    }

    @Test func loadsHuangyanPipelineWithFixedBenchmarks() throws {
        let p = try PipelineLoader.load(path: Self.root + "/Pipelines/huangyan-2022.json5")
        #expect(p.name == "huangyan-2022")
        Self.checkCommon(p)
        #expect(p.groups[0].indicators.map(\.benchmark)
            == [.fixed(24.097), .fixed(136.16), .fixed(2.694), .fixed(4929.81), .fixed(18.14), .fixed(0.0302)])
        #expect(p.groups[1].indicators.map(\.benchmark) == [.fixed(11.5932), .fixed(0.2352)])
    }

    // MARK: Defaults and every key

    @Test func minimalFileTakesDefaults() throws {
        let p = try Self.parse(Self.group())
        var expected = Pipeline()
        var g = EvaluationGroup(id: "above")
        g.predicate.scale = .above
        g.indicators = [IndicatorSpec(id: .taxPerMu, weight: 30)]
        expected.groups = [g]
        #expect(p == expected)
        #expect(p.data == nil)
        #expect(p.groups[0].classes == .quota(aHundredths: 2000, bHundredths: 6000, cHundredths: 1500))
    }

    @Test func dataIsResolvedAgainstThePipelineFolder() throws {
        let text = "{ data: 'd', groups: [{ id: 'g', where: {}, indicators: [{ id: 'tax_per_mu', weight: 1 }] }] }"
        #expect(try Self.parse(text, path: "conf/p.json5").data == "conf/d")
        #expect(try Self.parse(text, path: "p.json5").data == "d")
        #expect(try Self.parse(text, path: "/p.json5").data == "/d")
        let absolute = text.replacingOccurrences(of: "'d'", with: "'/srv/d'")
        #expect(try Self.parse(absolute, path: "conf/p.json5").data == "/srv/d")
    }

    @Test func parsesEveryKey() throws {
        let text = """
        {
          name: 'every', year: 2023, max_reject_share: 0.1,
          inputs: {
            'tax.csv': { path: 'shui.csv', encoding: 'gb18030', money_unit: 'wan_yuan',
                         columns: { ' 实缴税金(元) ': 'amount', 'Tax Type': 'tax_type' } },
            'history.csv': { encoding: 'utf-8', columns: { '等级': 'class' } },
          },
          energy_factors: { electricity: 0.3, heat: 0.04 },
          leases: { mode: 'split', tenant_penalty: { free: 0, points: 2.5 }, pure_rental_share: 0.9 },
          eligibility: { new_enterprise_years: 3, min_area_mu: 1.5 },
          veto_kinds: ['tax', 'safety'],
          high_tech_bonus: 3,
          groups: [
            { id: 'big', name: '大', where: { scale: 'above', min_area_mu: 10, max_area_mu: 50 },
              method: 'minmax', cap: 1.5,
              indicators: [
                { id: 'tax_per_mu', weight: 30, benchmark: 'median', by_industry: true, cap: 2 },
                { id: 'va_per_mu', weight: 0, benchmark: 12.5, missing: 'group_mean', cap: null },
                { id: 'energy_intensity', weight: 10, benchmark: 'mean' },
              ],
              classes: { mode: 'thresholds', thresholds: { A: 90, B: 70.5, C: 70.5 } } },
            { id: 'small', where: { min_area_mu: 0 }, indicators: [{ id: 'tax_per_kwh', weight: 1 }],
              classes: { mode: 'quota', shares: { A: 12.5, B: 50.25, C: 30 } } },
          ],
          policies: {
            electricity_surcharge: { D: [0.3, 0.4] },
            land_use_tax_rebate: {},
            energy_quota_change: { D: -0.5 },
            emission_quota_change: { A: 0.25 },
          },
          diagnosis: { energy_mismatch_ratio: 0.4, idle_land: { min_area_mu: 5, max_tax_share: 0.2 },
                       actions: { '3': '整改' } },
          gazelle: { min_cagr: 0.3, min_revenue_wan: 500 },
          targets: { tax_per_mu: { baseline_year: 2017, baseline: 12, multiplier: 2.5 } },
        }
        """
        let p = try Self.parse(text, path: "x/p.json5")
        #expect(p.name == "every" && p.year == 2023 && p.maxRejectShare == 0.1 && p.data == nil)

        let tax = p.settings(for: .tax)
        #expect(tax.path == "shui.csv" && tax.encoding == .gb18030 && tax.moneyUnit == .wanYuan)
        #expect(tax.columns == ["实缴税金(元)": "amount", "tax type": "tax_type"])
        let history = p.settings(for: .history)
        #expect(history.path == nil && history.encoding == .utf8 && history.columns == ["等级": "class"])
        #expect(p.settings(for: .land) == InputSettings())

        var factors = EnergyFactors()
        factors.electricity = 0.3
        factors.heat = 0.04
        #expect(p.energyFactors == factors)
        #expect(p.leases.mode == .split && p.leases.tenantPenaltyFree == 0 && p.leases.tenantPenaltyPoints == 2.5)
        #expect(p.leases.pureRentalShare == 0.9)
        #expect(p.eligibility.newEnterpriseYears == 3 && p.eligibility.minAreaMu == 1.5)
        #expect(p.vetoKinds == [.tax, .safety])
        #expect(p.highTechBonus == 3)

        let big = p.groups[0]
        #expect(big.id == "big" && big.name == "大" && big.method == .minmax && big.cap == 1.5)
        #expect(big.predicate == {
            var w = GroupPredicate()
            w.scale = .above
            w.minAreaMu = 10
            w.maxAreaMu = 50
            return w
        }())
        #expect(big.indicators.map(\.id) == [.taxPerMu, .vaPerMu, .energyIntensity])
        #expect(big.indicators.map(\.weight) == [30, 0, 10])
        #expect(big.indicators.map(\.benchmark) == [.median, .fixed(12.5), .mean])
        #expect(big.indicators.map(\.byIndustry) == [true, false, false])
        #expect(big.indicators.map(\.missing) == [.zero, .groupMean, .zero])
        #expect(big.indicators.map(\.cap) == [2, nil, nil])
        #expect(big.indicators.map { big.cap(for: $0) } == [2, 1.5, 1.5])
        #expect(big.classes == .thresholds(a: 90, b: 70.5, c: 70.5))

        let small = p.groups[1]
        #expect(small.name == "" && small.predicate.scale == nil && small.predicate.minAreaMu == 0)
        #expect(small.classes == .quota(aHundredths: 1250, bHundredths: 5025, cHundredths: 3000))

        #expect(p.policies.electricitySurcharge == [.d: [0.3, 0.4]])
        #expect(p.policies.landUseTaxRebate == [:])
        #expect(p.policies.energyQuotaChange == [.d: -0.5])
        #expect(p.policies.emissionQuotaChange == [.a: 0.25])
        #expect(p.diagnosis.energyMismatchRatio == 0.4)
        #expect(p.diagnosis.idleLandMinAreaMu == 5 && p.diagnosis.idleLandMaxTaxShare == 0.2)
        #expect(p.diagnosis.actions == [3: "整改"])
        #expect(p.gazelle == {
            var g = GazelleSettings()
            g.minCagr = 0.3
            g.minRevenueWan = 500
            return g
        }())
        #expect(p.targets.taxPerMu == TaxPerMuTarget(baselineYear: 2017, baseline: 12, multiplier: 2.5, targetYear: nil))
        #expect(p.targets.energyIntensityReference == nil)
    }

    // MARK: Errors

    @Test func unknownKeySuggestsNearest() {
        Self.expectMessage(
            "{ groups: [{ id: 'a', where: {}, indicatorz: [] }] }",
            "unknown key 'groups[0].indicatorz'; did you mean 'indicators'?")
        Self.expectMessage(
            "{ grups: [] }",
            "unknown key 'grups'; did you mean 'groups'?")
        Self.expectMessage(
            "{ colour: 'red', groups: [] }",
            "unknown key 'colour'")
        Self.expectMessage(
            "{ inputs: { 'tax.cvs': {} }, groups: [] }",
            "unknown key 'inputs[\"tax.cvs\"]'; did you mean 'tax.csv'?")
        Self.expectMessage(
            Self.withGroup("policies: { land_use_tax_rebate: { a: 1 } }"),
            "unknown key 'policies.land_use_tax_rebate.a'; did you mean 'A'?")
    }

    @Test func unknownTopLevelKey() {
        let e = Self.error("{ yaer: 2024, " + Self.group().dropFirst())
        #expect(e == .unknownKey(path: "p.json5", keyPath: "yaer", suggestion: "year"))
        #expect(e?.message == "unknown key 'yaer'; did you mean 'year'?")
        #expect(e?.exitStatus == .config)
        #expect(e.map { Diagnostics.errorLine($0) } == "mujun: error: p.json5: unknown key 'yaer'; did you mean 'year'?")
    }

    @Test func wrongTypeNamesExpectedAndFound() {
        Self.expectMessage(
            Self.group(indicators: "{ id: 'tax_per_mu', weight: 30 }, { id: 'va_per_mu', weight: '20' }"),
            "'groups[0].indicators[1].weight' must be a number, found string")
        Self.expectMessage("{ groups: {} }", "'groups' must be a list, found object")
        Self.expectMessage("[1]", "the pipeline file must be an object, found list")
        Self.expectMessage(Self.group(extra: ", cap: 'none'"), "'groups[0].cap' must be a number or null, found string")
        Self.expectMessage(
            Self.group(indicators: "{ id: 'tax_per_mu', weight: 1, by_industry: 1 }"),
            "'groups[0].indicators[0].by_industry' must be a boolean, found number")
        Self.expectMessage("{ leases: null, groups: [] }", "'leases' must be an object, found null")
        Self.expectMessage(
            Self.group(indicators: "{ id: 'tax_per_mu', weight: 1, benchmark: true }"),
            "'groups[0].indicators[0].benchmark' must be a string or number, found boolean")
    }

    @Test func missingRequiredKey() {
        Self.expectMessage(
            "{ groups: [{ id: 'above', indicators: [{ id: 'tax_per_mu', weight: 1 }] }] }",
            "missing required key 'groups[0].where'")
        Self.expectMessage("{ name: 'x' }", "missing required key 'groups'")
        Self.expectMessage(
            Self.group(indicators: "{ id: 'tax_per_mu' }"),
            "missing required key 'groups[0].indicators[0].weight'")
    }

    @Test func rejectsOutOfRangeValues() {
        Self.expectMessage(
            "{ max_reject_share: 1.5, groups: [] }", "'max_reject_share' must be between 0 and 1, found 1.5")
        Self.expectMessage("{ year: 2024.5, groups: [] }", "'year' must be a whole number, found 2024.5")
        Self.expectMessage(
            "{ energy_factors: { coke: 0 }, groups: [] }", "'energy_factors.coke' must be greater than 0, found 0")
        Self.expectMessage(Self.group(extra: ", cap: 0"), "'groups[0].cap' must be greater than 0, found 0")
        Self.expectMessage(
            "{ groups: [{ id: 'g', where: { min_area_mu: 50, max_area_mu: 10 }, indicators: [{ id: 'tax_per_mu', weight: 1 }] }] }",
            "'groups[0].where' must have min_area_mu below max_area_mu, found 50 and 10")
        Self.expectMessage(
            Self.withGroup("policies: { electricity_surcharge: { T: [1] } }"),
            "'policies.electricity_surcharge.T' is not allowed: class T is not evaluated and gets no policy")
        Self.expectMessage(
            Self.withGroup("policies: { electricity_surcharge: { D: [] } }"),
            "'policies.electricity_surcharge.D' must not be empty")
        Self.expectMessage(
            "{ veto_kinds: ['safety', 'land', 'safety'], groups: [] }",
            "'veto_kinds[2]' duplicates 'veto_kinds[0]' ('safety')")
        Self.expectMessage(
            "{ inputs: { 'land.csv': { money_unit: 'yuan' } }, groups: [] }",
            "'inputs[\"land.csv\"].money_unit' is only allowed for files with money (tax.csv, economy.csv)")
        Self.expectMessage(
            "{ inputs: { 'tax.csv': { columns: { '税额': 'amout' } } }, groups: [] }",
            "'inputs[\"tax.csv\"].columns[\"税额\"]' must be one of 'uscc', 'period', 'amount', 'tax_type', found 'amout'; did you mean 'amount'?")
        Self.expectMessage(
            "{ groups: [], gazelle: { min_cagr: -0.1 } }",
            "'groups' must not be empty")
    }

    @Test func rejectsNonFiniteNumbers() {
        Self.expectMessage(
            "{ max_reject_share: Infinity, groups: [] }", "'max_reject_share' must be a finite number, found inf")
        Self.expectMessage(
            "{ high_tech_bonus: NaN, groups: [] }", "'high_tech_bonus' must be a finite number, found nan")
        Self.expectMessage(
            "{ high_tech_bonus: 1e400, groups: [] }", "'high_tech_bonus' must be a number within range")
    }

    @Test func rejectsNegativeWeight() {
        Self.expectMessage(
            Self.group(indicators: "{ id: 'tax_per_mu', weight: 30 }, { id: 'va_per_mu', weight: -5 }"),
            "'groups[0].indicators[1].weight' must be at least 0, found -5")
    }

    @Test func rejectsAllWeightsZero() {
        Self.expectMessage(
            Self.group(indicators: "{ id: 'tax_per_mu', weight: 0 }, { id: 'va_per_mu', weight: 0 }"),
            "'groups[0].indicators' must have at least one weight above 0")
    }

    @Test func rejectsFixedBenchmarkZero() {
        Self.expectMessage(
            Self.group(indicators: "{ id: 'tax_per_mu', weight: 30, benchmark: 0 }"),
            "'groups[0].indicators[0].benchmark' must be greater than 0, found 0")
        Self.expectMessage(
            Self.group(indicators: "{ id: 'tax_per_mu', weight: 30, benchmark: 'avg' }"),
            "'groups[0].indicators[0].benchmark' must be 'mean', 'median' or a number, found 'avg'")
    }

    @Test func rejectsSharesWithThreeDecimals() {
        Self.expectMessage(
            Self.group(extra: ", classes: { mode: 'quota', shares: { A: 20.125, B: 60, C: 15 } }"),
            "'groups[0].classes.shares.A' must have at most two decimals, found 20.125")
    }

    @Test func rejectsSharesAboveHundred() {
        Self.expectMessage(
            Self.group(extra: ", classes: { mode: 'quota', shares: { A: 20.5, B: 60, C: 20 } }"),
            "'groups[0].classes.shares' must have A + B + C at most 100, found 100.5")
    }

    @Test func rejectsSharesWithDNotAddingUp() {
        Self.expectMessage(
            Self.group(extra: ", classes: { mode: 'quota', shares: { A: 20, B: 60, C: 15, D: 4.99 } }"),
            "'groups[0].classes.shares' must have A + B + C + D equal to 100, found 99.99")
        // 0.1 + 0.2 style sums must not trip the check: it is done in integer hundredths.
        let p = try? Self.parse(Self.group(extra: ", classes: { mode: 'quota', shares: { A: 0.1, B: 0.2, C: 99.6, D: 0.1 } }"))
        #expect(p?.groups[0].classes == .quota(aHundredths: 10, bHundredths: 20, cHundredths: 9960))
    }

    @Test func rejectsUnorderedThresholds() {
        Self.expectMessage(
            Self.group(extra: ", classes: { mode: 'thresholds', thresholds: { A: 70, B: 80, C: 50 } }"),
            "'groups[0].classes.thresholds' must have A >= B >= C, found 70, 80, 50")
    }

    @Test func rejectsUnknownIndicator() {
        Self.expectMessage(
            Self.group(indicators: "{ id: 'tax_per_acre', weight: 30 }"),
            "'groups[0].indicators[0].id' must be one of 'tax_per_mu', 'va_per_mu', 'revenue_per_mu', 'va_per_energy', "
                + "'va_per_emission', 'labor_productivity', 'rd_intensity', 'tax_per_kwh', 'energy_intensity', "
                + "found 'tax_per_acre'; did you mean 'tax_per_mu'?")
        Self.expectMessage(
            Self.group(indicators: "{ id: 'tax_per_mu', weight: 30 }, { id: 'tax_per_mu', weight: 10 }"),
            "'groups[0].indicators[1].id' duplicates 'groups[0].indicators[0].id' ('tax_per_mu')")
    }

    @Test func rejectsDuplicateGroupID() {
        Self.expectMessage(
            "{ groups: [{ id: 'g', where: {}, indicators: [{ id: 'tax_per_mu', weight: 1 }] },"
                + " { id: 'g', where: {}, indicators: [{ id: 'tax_per_mu', weight: 1 }] }] }",
            "'groups[1].id' duplicates 'groups[0].id' ('g')")
        Self.expectMessage(
            "{ groups: [{ id: ' ', where: {}, indicators: [{ id: 'tax_per_mu', weight: 1 }] }] }",
            "'groups[0].id' must not be empty")
    }

    @Test func reportsSyntaxError() {
        let e = Self.error("{ groups: [ }")
        #expect(e == .syntax(path: "p.json5", message: "invalid JSON5 syntax"))
        #expect(e?.exitStatus == .config)
        #expect(e.map { Diagnostics.errorLine($0) } == "mujun: error: p.json5: invalid JSON5 syntax")
        #expect(Self.error("  \n") == .syntax(path: "p.json5", message: "the file is empty"))
    }

    @Test func missingFileExitsNoInput() {
        let path = Self.root + "/Pipelines/no-such-pipeline.json5"
        do {
            _ = try PipelineLoader.load(path: path)
            Issue.record("expected an error")
        } catch let e as ConfigError {
            #expect(e == .unreadable(path: path, message: "no such file"))
            #expect(e.exitStatus == .noInput)
            #expect(e.message == "cannot read pipeline file: no such file")
            #expect(Diagnostics.errorLine(e) == "mujun: error: \(path): cannot read pipeline file: no such file")
        } catch {
            Issue.record("unexpected \(error)")
        }
    }

    @Test func suggestionDistanceLimit() {
        #expect(PipelineLoader.editDistance("kitten", "sitting") == 3)
        #expect(PipelineLoader.suggestion(for: "indicatorz", among: ["id", "indicators"]) == "indicators")
        #expect(PipelineLoader.suggestion(for: "xyz", among: ["name", "year"]) == nil)
    }
}
