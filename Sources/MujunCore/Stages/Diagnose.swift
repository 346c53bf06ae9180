/// Diagnose: sorts enterprises into the five remediation categories (分类整治, SPEC §11, appendix 32)
/// and raises the energy-mismatch and idle-land flags (appendix 33).
public enum Diagnose {
    /// Remediation categories for every registry enterprise that matches one (T and tenants included),
    /// in priority order, and every enterprise's flags.
    ///
    /// - Parameters:
    ///   - order: the registry in code order (computed here when not given).
    public static func run(
        _ inputs: Inputs, _ joined: Joined, _ indicators: IndicatorTable, _ scores: Scores, _ classes: Classes,
        _ pipeline: Pipeline, order: CodeOrder? = nil
    ) -> Remediation {
        let n = inputs.registry.count

        // Violations of any kind count here, not only the veto kinds.
        var level = [ProblemLevel](repeating: .none, count: n)
        for v in inputs.violations where v.date.year == inputs.year {
            level[v.enterprise] = max(level[v.enterprise], v.severity == .major ? .serious : .some)
        }
        // Per landlord, its distinct tenants' count and their worst level: leases sorted by landlord, tenant.
        var tenantCount = [Int32](repeating: 0, count: n)
        var tenantLevel = [ProblemLevel](repeating: .none, count: n)
        let pairs = inputs.leases.map { Int64($0.landlord) << 32 | Int64($0.tenant) }.sorted()
        var last: Int64 = -1
        for p in pairs where p != last {
            last = p
            let landlord = Int(p >> 32), tenant = Int(p & 0xFFFF_FFFF)
            tenantCount[landlord] += 1
            tenantLevel[landlord] = max(tenantLevel[landlord], level[tenant])
        }

        let pureShare = pipeline.leases.pureRentalShare
        // In id order, in parallel ranges joined in order (the sort below sets the table's order).
        var rows = Parallel.joinedRanges(n) { range -> [RemediationRow] in
            var part: [RemediationRow] = []
            for id in range {
                let tenants = Int(tenantCount[id])
                let status = rentalStatus(
                    ownAreaMu: joined.ownAreaMu[id], leasedOutMu: joined.leasedOutMu[id], hasTenants: tenants > 0,
                    pureRentalShare: pureShare)
                let dByScore: Bool
                if classes.enterpriseClass[id] == .d {
                    let reason = classes.reason[id]
                    dByScore = reason == "quota" || reason == "threshold"
                } else {
                    dByScore = false
                }
                guard
                    let category = category(
                        rental: status, selfLevel: level[id], tenantLevel: tenantLevel[id], dByScore: dByScore,
                        aboveScale: inputs.registry.scales[id] == .above)
                else { continue }
                part.append(
                    RemediationRow(
                        enterprise: id, category: category, rentalStatus: status, selfProblem: level[id],
                        tenantProblem: tenantLevel[id], tenants: tenants))
            }
            return part
        }
        // Priority: category, then the weakest printed total first (unscored last), then code. The keys
        // are computed once per row; the code's place in the code order breaks ties.
        let order = order ?? CodeOrder(inputs.registry.codes)
        let codeRank = order.positions
        struct Key: Comparable {
            var category: Int
            var unscored: Bool
            var printed: Int128
            var code: UInt32
            var row: Int
            static func < (a: Key, b: Key) -> Bool {
                if a.category != b.category { return a.category < b.category }
                if a.unscored != b.unscored { return !a.unscored }
                if a.printed != b.printed { return a.printed < b.printed }
                return a.code < b.code
            }
        }
        // Sorted as two halves at once, then merged (the keys are distinct: one row per enterprise).
        let keys = Parallel.sorted(rows.indices.map { i -> Key in
            let id = rows[i].enterprise
            let total = scores.total[id]
            return Key(
                category: rows[i].category.rawValue, unscored: total.isNaN,
                printed: total.isNaN ? 0 : printedMicros(total), code: codeRank[id], row: i)
        })
        rows = keys.map { rows[$0.row] }

        let meanVa = groupMeans(.vaPerEnergy, joined, indicators, pipeline)
        let meanTax = groupMeans(.taxPerMu, joined, indicators, pipeline)
        let d = pipeline.diagnosis
        // The thresholds as printed, per group (nil when the group has no mean).
        let vaCut = meanVa.map { $0.map { printedMicros(d.energyMismatchRatio * $0) } }
        let taxCut = meanTax.map { $0.map { printedMicros(d.idleLandMaxTaxShare * $0) } }
        let minArea = printedMicros(d.idleLandMinAreaMu)
        // A column of NaN only for an indicator no group computes (it would be 8 MB at a million).
        let vaPerEnergy = indicators.values[.vaPerEnergy] ?? [Double](repeating: .nan, count: n)
        let taxPerMu = indicators.values[.taxPerMu] ?? [Double](repeating: .nan, count: n)
        let areaMu = joined.sums.areaMu
        var flags = DiagnosisFlags(count: 0)
        let (energyMismatch, idleLand) = (DiagnosisFlags.bit(.energyMismatch), DiagnosisFlags.bit(.idleLand))
        flags.bits = Parallel.array(n) { id -> UInt8 in
            guard let g = joined.group[id] else { return 0 }
            var bits: UInt8 = 0
            let x = vaPerEnergy[id]
            if !x.isNaN, let cut = vaCut[g], printedMicros(x) < cut { bits |= energyMismatch }
            let t = taxPerMu[id]
            let area = areaMu[id]
            if !t.isNaN, let cut = taxCut[g], !area.isNaN, printedMicros(area) >= minArea, printedMicros(t) < cut {
                bits |= idleLand
            }
            return bits
        }
        return Remediation(rows: rows, flags: flags, meanVaPerEnergy: meanVa, meanTaxPerMu: meanTax)
    }

    /// Rental status: pure when leased-out area ≥ share × own area (compared as printed, appendix 33;
    /// own area 0 with area leased out is pure), partial with tenants otherwise, else none.
    ///
    /// - Parameters:
    ///   - ownAreaMu: own parcels in mu (NaN without parcels).
    ///   - leasedOutMu: area in accepted lease rows as landlord.
    ///   - hasTenants: whether it is the landlord of an accepted lease row.
    ///   - pureRentalShare: `leases.pure_rental_share`.
    public static func rentalStatus(
        ownAreaMu: Double, leasedOutMu: Double, hasTenants: Bool, pureRentalShare: Double
    ) -> RentalStatus {
        guard hasTenants else { return .none }
        let own = ownAreaMu.isNaN ? 0 : ownAreaMu
        return printedMicros(leasedOutMu) >= printedMicros(pureRentalShare * own) ? .pure : .partial
    }

    /// The first category of SPEC §11 that matches, or nil.
    ///
    /// - Parameters:
    ///   - dByScore: class D by quota or threshold (not a veto, not `tenant_of`).
    public static func category(
        rental: RentalStatus, selfLevel: ProblemLevel, tenantLevel: ProblemLevel, dByScore: Bool, aboveScale: Bool
    ) -> RemediationCategory? {
        if rental == .pure && (selfLevel == .serious || tenantLevel == .serious) { return .pureRentalSerious }
        if rental == .partial && tenantLevel == .serious { return .partialRentalTenantSerious }
        if rental == .partial && (tenantLevel == .some || selfLevel == .serious) { return .partialRentalSomeProblems }
        if dByScore { return .lowEfficiency }
        if aboveScale && selfLevel >= .some { return .aboveScaleWithProblems }
        return nil
    }

    /// Each group's aggregate mean of an indicator (Σ numerator ÷ Σ denominator over its scored members
    /// having it), whatever benchmark the group scores with, or whether it scores the indicator at all.
    public static func groupMeans(
        _ k: IndicatorID, _ joined: Joined, _ indicators: IndicatorTable, _ pipeline: Pipeline
    ) -> [Double?] {
        let groups = pipeline.groups.count
        let operands = indicators.operands(k)
        guard let values = indicators.values[k] else { return pipeline.groups.map { _ in nil } }
        // Exact sums add up alike in any order: each range sums its own, then they are added.
        let ranges = Parallel.ranges(joined.group.count)
        let parts = Parallel.map(ranges.count) { r -> (num: [ExactSum], den: [ExactSum]) in
            var num = [ExactSum](repeating: ExactSum(), count: groups)
            var den = num
            for id in ranges[r] where !values[id].isNaN && joined.isScored(id) {
                guard let g = joined.group[id] else { continue }
                num[g].add(operands.numerator(id))
                den[g].add(operands.denominator(id))
            }
            return (num, den)
        }
        var num = [ExactSum](repeating: ExactSum(), count: groups)
        var den = num
        for part in parts {
            for g in 0..<groups {
                num[g].add(part.num[g])
                den[g].add(part.den[g])
            }
        }
        return pipeline.groups.indices.map { g in
            den[g].isEmpty || den[g].value == 0 ? nil : num[g].value / den[g].value
        }
    }
}
