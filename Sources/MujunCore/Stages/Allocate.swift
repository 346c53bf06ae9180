/// Allocate: the differentiated resource policies each class gets (SPEC §10, appendix 30) — the
/// electricity surcharge by years in class, the land-use tax rebate, and the quota changes.
public enum Allocate {
    /// One row per enterprise with class A–D (merged tenants included), by group, class, uscc.
    ///
    /// - Parameters:
    ///   - history: years in class, the surcharge schedule's step.
    ///   - order: the registry in code order (computed here when not given).
    public static func run(
        _ inputs: Inputs, _ joined: Joined, _ classes: Classes, _ history: HistoryColumns, _ pipeline: Pipeline,
        order: CodeOrder? = nil
    ) -> Allocation {
        let policies = pipeline.policies
        // Per class (by ordinal): the policy values, looked up once instead of per row.
        let all = EnterpriseClass.allCases
        let schedules = all.map { policies.electricitySurcharge[$0] ?? [] }
        let rebates = all.map { policies.landUseTaxRebate[$0] ?? 0 }
        let energyQuota = all.map { policies.energyQuotaChange[$0] ?? 0 }
        let emissionQuota = all.map { policies.emissionQuotaChange[$0] ?? 0 }
        let order = order ?? CodeOrder(inputs.registry.codes)
        // By group, then class A–D, then code: a counting sort over the code order. An id's bucket
        // (-1: none) also tells its group and class below.
        let classCount = EnterpriseClass.d.ordinal + 1
        let bucket = (0..<inputs.registry.count).map { id -> Int32 in
            // T gets no policy; merged tenants carry their landlord's class (and group) already.
            guard let cls = classes.enterpriseClass[id], cls != .t, let group = joined.group[id] else { return -1 }
            return Int32(group * classCount + cls.ordinal)
        }
        let ids = order.grouped(buckets: pipeline.groups.count * classCount) { bucket[$0] >= 0 ? Int(bucket[$0]) : nil }
        // Each id's row slot: the rows are filled in id order, so the columns are read front to
        // back (in row order their ids are scattered, and each row waited on four cache misses).
        var slot = [Int32](repeating: -1, count: inputs.registry.count)
        for (k, id) in ids.enumerated() { slot[id] = Int32(k) }
        // Parallel ranges of ids write straight into the table's storage, each its own slots.
        let rows = [AllocationRow](unsafeUninitializedCapacity: ids.count) { buffer, initialized in
            guard let base = buffer.baseAddress else { return }
            Parallel.forEachRange(slot.count, minimum: 16_384) { range in
                for id in range where slot[id] >= 0 {
                    let k = Int(slot[id])
                    let (group, c) = Int(bucket[id]).quotientAndRemainder(dividingBy: classCount)
                    let years = history.yearsInClass[id] ?? 1
                    // Each enterprise pays on its own electricity: a landlord not for its merged tenants.
                    (base + k).initialize(
                        to: AllocationRow(
                            enterprise: id, group: group, enterpriseClass: all[c], yearsInClass: years,
                            electricityKwh: inputs.sums.electricity10kKwh[id].optionalValue.map { $0 * 10_000 },
                            surchargeRate: surchargeRate(schedules[c], yearsInClass: years),
                            landUseTaxWan: inputs.sums.landUseTax[id].optionalValue, rebateShare: rebates[c],
                            energyQuotaChange: energyQuota[c], emissionQuotaChange: emissionQuota[c]))
                }
            }
            initialized = ids.count
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
