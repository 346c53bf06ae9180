/// Allocate: the differentiated resource policies each class gets (SPEC §10, appendix 30) — the
/// electricity surcharge by years in class, the land-use tax rebate, and the quota changes.
public enum Allocate {
    /// One row per enterprise with class A–D (merged tenants included), by group, class, uscc.
    ///
    /// - Parameters:
    ///   - history: years in class, the surcharge schedule's step.
    public static func run(
        _ inputs: Inputs, _ joined: Joined, _ classes: Classes, _ history: HistoryColumns, _ pipeline: Pipeline
    ) -> Allocation {
        let policies = pipeline.policies
        let codes = inputs.registry.codes
        var rows: [AllocationRow] = []
        for id in 0..<inputs.registry.count {
            // T gets no policy; merged tenants carry their landlord's class (and group) already.
            guard let cls = classes.enterpriseClass[id], cls != .t, let group = joined.group[id] else { continue }
            let years = history.yearsInClass[id] ?? 1
            let rate = surchargeRate(policies.electricitySurcharge[cls] ?? [], yearsInClass: years)
            // Each enterprise pays on its own electricity: a landlord not for its merged tenants.
            let kwh = inputs.sums.electricity10kKwh[id].optionalValue.map { $0 * 10_000 }
            let share = policies.landUseTaxRebate[cls] ?? 0
            let landUseTax = inputs.sums.landUseTax[id].optionalValue
            rows.append(
                AllocationRow(
                    enterprise: id, group: group, enterpriseClass: cls, yearsInClass: years, electricityKwh: kwh,
                    surchargeRate: rate, surchargeYuan: kwh.map { $0 * rate }, landUseTaxWan: landUseTax,
                    rebateShare: share, rebateWan: landUseTax.map { $0 * share },
                    energyQuotaChange: policies.energyQuotaChange[cls] ?? 0,
                    emissionQuotaChange: policies.emissionQuotaChange[cls] ?? 0))
        }
        rows.sort { a, b in
            if a.group != b.group { return a.group < b.group }
            if a.enterpriseClass != b.enterpriseClass { return a.enterpriseClass < b.enterpriseClass }
            return codes[a.enterprise] < codes[b.enterprise]
        }
        return Allocation(rows: rows)
    }

    /// The schedule's rate for the years in class: entry `years − 1`, the last entry from then on;
    /// 0 for a class without a schedule.
    ///
    /// - Parameters:
    ///   - schedule: yuan/kWh by consecutive year in the class (`D: [0.1, 0.2, 0.3]`).
    ///   - yearsInClass: counting this year (at least 1).
    /// - Returns: yuan/kWh.
    public static func surchargeRate(_ schedule: [Double], yearsInClass: Int) -> Double {
        guard !schedule.isEmpty else { return 0 }
        return schedule[min(max(yearsInClass, 1), schedule.count) - 1]
    }
}
