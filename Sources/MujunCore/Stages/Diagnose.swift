/// Diagnose: sorts enterprises into the five remediation categories (分类整治, SPEC §11, appendix 32)
/// and raises the energy-mismatch and idle-land flags (appendix 33).
public enum Diagnose {
    /// Remediation categories for every registry enterprise that matches one (T and tenants included),
    /// in priority order, and every enterprise's flags.
    public static func run(
        _ inputs: Inputs, _ joined: Joined, _ indicators: IndicatorTable, _ scores: Scores, _ classes: Classes,
        _ pipeline: Pipeline
    ) -> Remediation {
        let n = inputs.registry.count
        let codes = inputs.registry.codes

        // Violations of any kind count here, not only the veto kinds.
        var level = [ProblemLevel](repeating: .none, count: n)
        for v in inputs.violations where v.date.year == inputs.year {
            level[v.enterprise] = max(level[v.enterprise], v.severity == .major ? .serious : .some)
        }
        var tenantsOf = [Set<Int>](repeating: [], count: n)
        for lease in inputs.leases { tenantsOf[lease.landlord].insert(lease.tenant) }

        let pureShare = pipeline.leases.pureRentalShare
        var rows: [RemediationRow] = []
        for id in 0..<n {
            let tenants = tenantsOf[id]
            let tenantLevel = tenants.map { level[$0] }.max() ?? .none
            let status = rentalStatus(
                ownAreaMu: joined.ownAreaMu[id], leasedOutMu: joined.leasedOutMu[id], hasTenants: !tenants.isEmpty,
                pureRentalShare: pureShare)
            let reason = classes.reason[id]
            let dByScore = classes.enterpriseClass[id] == .d && (reason == "quota" || reason == "threshold")
            guard
                let category = category(
                    rental: status, selfLevel: level[id], tenantLevel: tenantLevel, dByScore: dByScore,
                    aboveScale: inputs.registry.scales[id] == .above)
            else { continue }
            rows.append(
                RemediationRow(
                    enterprise: id, category: category, rentalStatus: status, selfProblem: level[id],
                    tenantProblem: tenantLevel, tenants: tenants.count))
        }
        // Priority: category, then the weakest printed total first (unscored last), then code.
        let printed = scores.total.map { $0.isNaN ? nil : printedMicros($0) }
        rows.sort { a, b in
            if a.category != b.category { return a.category < b.category }
            switch (printed[a.enterprise], printed[b.enterprise]) {
            case let (x?, y?) where x != y: return x < y
            case (.some, nil): return true
            case (nil, .some): return false
            default: return codes[a.enterprise] < codes[b.enterprise]
            }
        }

        let meanVa = groupMeans(.vaPerEnergy, joined, indicators, pipeline)
        let meanTax = groupMeans(.taxPerMu, joined, indicators, pipeline)
        let d = pipeline.diagnosis
        var flags = [[DiagnosisFlag]](repeating: [], count: n)
        for id in 0..<n {
            guard let g = joined.group[id] else { continue }
            if let x = indicators.value(.vaPerEnergy, id), let mean = meanVa[g],
                printedMicros(x) < printedMicros(d.energyMismatchRatio * mean)
            {
                flags[id].append(.energyMismatch)
            }
            let area = joined.sums.areaMu[id]
            if let x = indicators.value(.taxPerMu, id), let mean = meanTax[g], !area.isNaN,
                printedMicros(area) >= printedMicros(d.idleLandMinAreaMu),
                printedMicros(x) < printedMicros(d.idleLandMaxTaxShare * mean)
            {
                flags[id].append(.idleLand)
            }
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
        var num = [ExactSum](repeating: ExactSum(), count: pipeline.groups.count)
        var den = num
        let nums = indicators.numerators(k)
        let dens = indicators.denominators(k)
        for id in joined.group.indices where joined.isScored(id) && indicators.value(k, id) != nil {
            guard let g = joined.group[id] else { continue }
            num[g].add(nums[id])
            den[g].add(dens[id])
        }
        return pipeline.groups.indices.map { g in
            den[g].isEmpty || den[g].value == 0 ? nil : num[g].value / den[g].value
        }
    }
}
