/// Join: leases (厂中厂, SPEC §5 and appendix 17–20) turn own sums into evaluated sums; then every
/// enterprise is put in its evaluation group and checked for eligibility (SPEC §6, appendix 21).
public enum Join {
    public static func run(_ inputs: Inputs, _ pipeline: Pipeline) -> Joined {
        let n = inputs.registry.count
        let own = inputs.sums
        // Zeroed pages: only the few enterprises in a lease touch theirs (a filled array would write
        // 48 MB at a million enterprises, on one core).
        let leasedOutSum = ZeroedSums(count: n)
        let leasedInSum = ZeroedSums(count: n)
        for lease in inputs.leases {
            leasedOutSum.add(lease.landlord, lease.areaMu)
            leasedInSum.add(lease.tenant, lease.areaMu)
        }
        let pairs = LeasePairs(inputs.leases)
        // The per-enterprise loops below read shared columns only, so they run in parallel ranges.
        let leasedOut = Parallel.array(n) { leasedOutSum[$0].value }
        let leasedIn = Parallel.array(n) { leasedInSum[$0].value }
        // Distinct pairs: each is one more tenant of its landlord.
        var tenantCount = Parallel.array(n) { _ in 0 }
        for landlord in pairs.landlord { tenantCount[landlord] += 1 }
        let ownArea = Parallel.array(n) { own.landMu[$0].optionalValue ?? .nan }

        let mergedInto =
            pipeline.leases.mode == .combine
            ? topLandlords(inputs, pairs: pairs) : Parallel.array(n) { _ -> Int? in nil }

        // The merged tenants, found once in parallel ranges (few: their loops below go over them only).
        let tenants = Parallel.indices(n) { mergedInto[$0] != nil }
        // The economy columns are shared with the own sums (growth reads those later), so a
        // landlord's merged totals would copy each on one core at its first write: a merge copies
        // them in parallel ranges first.
        let merges = !tenants.isEmpty
        let economy = { (column: [Double]) in merges ? Parallel.array(n) { column[$0] } : column }
        var sums = EvaluatedSums(
            areaMu: ownArea,
            tax: Parallel.array(n) { own.tax[$0].optionalValue ?? .nan },
            revenue: economy(own.economy.revenue), valueAdded: economy(own.economy.valueAdded),
            energyTce: Parallel.array(n) { own.energyTce[$0].optionalValue ?? .nan },
            electricity10kKwh: Parallel.array(n) { own.electricity10kKwh[$0].optionalValue ?? .nan },
            employees: economy(own.economy.employees),
            emissionEq: Parallel.array(n) { own.emissionEq[$0].optionalValue ?? .nan },
            rdExpense: economy(own.economy.rdExpense))
        switch pipeline.leases.mode {
        case .combine:
            mergeTenants(into: &sums, mergedInto: mergedInto, own: own)
        case .split:
            sums.areaMu = Parallel.array(n) { id in
                let involved = !ownArea[id].isNaN || !leasedOutSum[id].isEmpty || !leasedInSum[id].isEmpty
                guard involved else { return .nan }
                let base = ownArea[id].isNaN ? 0 : ownArea[id]
                return Swift.max(0, base - leasedOut[id]) + leasedIn[id]
            }
        }

        let reg = inputs.registry
        let areaMu = sums.areaMu
        let newAfterYear = inputs.year - pipeline.eligibility.newEnterpriseYears
        let minArea = printedMicros(pipeline.eligibility.minAreaMu)
        let area = { (id: Int) in areaMu[id].isNaN ? 0 : areaMu[id] }
        // The predicates as plain values: going through `pipeline.groups` per enterprise would copy
        // (and retain) each group's whole configuration.
        let predicates = pipeline.groups.map(\.predicate)
        var group = Parallel.array(n) { id -> Int? in
            guard mergedInto[id] == nil else { return nil }
            return predicates.firstIndex { matches($0, scale: reg.scales[id], areaMu: area(id)) }
        }
        let notEvaluated = Parallel.array(n) { id -> NotEvaluatedReason? in
            guard mergedInto[id] == nil else { return nil }
            if !reg.exempt[id].isEmpty { return .exempt }
            if reg.established[id].year > newAfterYear { return .new }
            if printedMicros(area(id)) <= minArea { return .noLand }
            if group[id] == nil { return .noGroup }
            return nil
        }
        for id in tenants {
            if let landlord = mergedInto[id] { group[id] = group[landlord] }
        }
        return Joined(
            sums: sums, mergedInto: mergedInto, group: group, notEvaluated: notEvaluated, tenantCount: tenantCount,
            ownAreaMu: ownArea, leasedOutMu: leasedOut, leasedInMu: leasedIn)
    }

    /// A group's predicate; area bounds compare printed values (appendix 33), min inclusive, max exclusive.
    static func matches(_ p: GroupPredicate, scale: Scale, areaMu: Double) -> Bool {
        if let s = p.scale, s != scale { return false }
        let area = printedMicros(areaMu)
        if let lo = p.minAreaMu, area < printedMicros(lo) { return false }
        if let hi = p.maxAreaMu, area >= printedMicros(hi) { return false }
        return true
    }

    /// Combine mode: each landless tenant's top landlord, following chains; cycles are not merged.
    static func topLandlords(_ inputs: Inputs, pairs: LeasePairs) -> [Int?] {
        let n = inputs.registry.count
        let codes = inputs.registry.codes
        let landMu = inputs.sums.landMu
        // Each landless tenant's direct landlord, by tenant (a few in a million enterprises: a
        // dictionary, not columns of the whole registry).
        var direct: [Int: Int] = [:]
        var tenants: [Int] = []
        var k = 0
        while k < pairs.count {
            // One tenant's pairs; the landlord leasing it the most area, tie → smaller code.
            let tenant = pairs.tenant[k]
            var best = k
            k += 1
            while k < pairs.count && pairs.tenant[k] == tenant {
                let area = pairs.area[k].raw
                let bestArea = pairs.area[best].raw
                if area > bestArea || (area == bestArea && codes[pairs.landlord[k]] < codes[pairs.landlord[best]]) {
                    best = k
                }
                k += 1
            }
            if landMu[tenant].isEmpty {
                direct[tenant] = pairs.landlord[best]
                tenants.append(tenant)
            }
        }
        // Where each chain of direct landlords ends, found once per enterprise: a chain that meets
        // itself (or a chain that did) is a cycle, whose members and feeders are not merged.
        let cyclic = -1, onPath = -2
        var end: [Int: Int] = [:]
        var path: [Int] = []
        var top = Parallel.array(n) { _ -> Int? in nil }
        for id in tenants {
            if end[id] == nil {
                path.removeAll(keepingCapacity: true)
                var current = id
                var reached: Int
                while true {
                    if let known = end[current] {
                        reached = known == onPath ? cyclic : known
                        break
                    }
                    guard let next = direct[current] else {
                        reached = current
                        break
                    }
                    end[current] = onPath
                    path.append(current)
                    current = next
                }
                for member in path { end[member] = reached }
            }
            if let reached = end[id], reached >= 0 { top[id] = reached }
        }
        return top
    }

    /// Adds merged tenants' sums to their landlord's: a field is missing only if no member has it.
    static func mergeTenants(into sums: inout EvaluatedSums, mergedInto: [Int?], own: OwnSums) {
        // Each landlord's merged tenants: (landlord, tenant) pairs sorted, a landlord's in one run.
        var pairs: [Int64] = []
        for (tenant, landlord) in mergedInto.enumerated() {
            if let landlord { pairs.append(Int64(landlord) << 32 | Int64(tenant)) }
        }
        pairs.sort()
        var runs: [Range<Int>] = []
        var start = 0
        for i in pairs.indices where i + 1 == pairs.count || pairs[i + 1] >> 32 != pairs[i] >> 32 {
            runs.append(start..<(i + 1))
            start = i + 1
        }
        // Every landlord's totals on their own, in parallel ranges of landlords; then written in.
        typealias Totals = (landlord: Int, fields: InlineArray<8, Double>)
        let ranges = Parallel.ranges(runs.count, minimum: 1024)
        let parts = Parallel.map(ranges.count) { r -> [Totals] in
            ranges[r].map { k -> Totals in
                let landlord = Int(pairs[runs[k].lowerBound] >> 32)
                let all = [landlord] + pairs[runs[k]].map { Int($0 & 0xFFFF_FFFF) }
                func total(_ sumsOf: (Int) -> ExactSum) -> Double {
                    var s = ExactSum()
                    for m in all { s.add(sumsOf(m)) }
                    return s.optionalValue ?? .nan
                }
                func total(_ column: [Double]) -> Double {
                    var s = ExactSum()
                    for m in all where !column[m].isNaN { s.add(column[m]) }
                    return s.optionalValue ?? .nan
                }
                return (
                    landlord,
                    [
                        total { own.tax[$0] }, total { own.energyTce[$0] }, total { own.electricity10kKwh[$0] },
                        total { own.emissionEq[$0] }, total(own.economy.revenue), total(own.economy.valueAdded),
                        total(own.economy.employees), total(own.economy.rdExpense),
                    ]
                )
            }
        }
        for part in parts {
            for (landlord, fields) in part {
                sums.tax[landlord] = fields[0]
                sums.energyTce[landlord] = fields[1]
                sums.electricity10kKwh[landlord] = fields[2]
                sums.emissionEq[landlord] = fields[3]
                sums.revenue[landlord] = fields[4]
                sums.valueAdded[landlord] = fields[5]
                sums.employees[landlord] = fields[6]
                sums.rdExpense[landlord] = fields[7]
            }
        }
    }
}

/// Lease rows summed per (tenant, landlord) pair, in tenant then landlord order: how much area each
/// landlord leases each tenant (sorted once, instead of a dictionary per tenant).
struct LeasePairs {
    var tenant: [Int] = []
    var landlord: [Int] = []
    var area: [ExactSum] = []

    var count: Int { tenant.count }

    init(_ leases: [Lease]) {
        let sorted = leases.sorted { ($0.tenant, $0.landlord) < ($1.tenant, $1.landlord) }
        for lease in sorted {
            if let last = tenant.indices.last, tenant[last] == lease.tenant, landlord[last] == lease.landlord {
                area[last].add(lease.areaMu)
            } else {
                tenant.append(lease.tenant)
                landlord.append(lease.landlord)
                var sum = ExactSum()
                sum.add(lease.areaMu)
                area.append(sum)
            }
        }
    }
}
