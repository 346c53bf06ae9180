/// Classify: vetoes, quota or threshold classes, ranks (SPEC §9, appendix 1, 2, 28, 29), the T
/// classes of join, and merged tenants taking their landlord's class.
public enum Classify {
    public static func run(
        _ inputs: Inputs, _ joined: Joined, _ scores: Scores, _ pipeline: Pipeline, order codeOrder: CodeOrder
    ) -> Classes {
        let n = inputs.registry.count
        let codes = inputs.registry.codes
        // Each enterprise's place in code order (equal totals rank by code).
        let codeRank = codeOrder.positions
        // T for the enterprises join left out; the groups' members are filled in below.
        var classes = Parallel.array(n) { id -> EnterpriseClass? in joined.notEvaluated[id] == nil ? nil : .t }
        // The reasons as numbers into their texts (`InternedText`): the fixed texts are numbered
        // here, each landlord's `tenant_of:` below; the parallel loops only store numbers.
        var reasonTexts = TextInterner()
        let noReason = UInt32(reasonTexts.id(of: ""))
        let notEvaluatedReason = Dictionary(
            uniqueKeysWithValues: NotEvaluatedReason.allCases.map { ($0, UInt32(reasonTexts.id(of: $0.rawValue))) })
        let vetoReason = Dictionary(
            uniqueKeysWithValues: ViolationKind.allCases.map { ($0, UInt32(reasonTexts.id(of: "veto:\($0.rawValue)"))) })
        var reasons = Parallel.array(n) { id in joined.notEvaluated[id].flatMap { notEvaluatedReason[$0] } ?? noReason }
        var ranks = Parallel.array(n) { _ -> Int? in nil }

        let vetoes = vetoKinds(inputs, pipeline)
        /// One group's ranking and classes, worked out on its own: groups are independent, so they
        /// are ranked in parallel and applied in pipeline order.
        struct Ranked {
            var members: [Int]
            /// Member positions, best first.
            var order: [Int]
            /// Per member position: its rank, class, and veto (class D whatever its total).
            var rank: [Int]
            var enterpriseClass: [EnterpriseClass]
            var veto: [ViolationKind?]
            var reason: UInt32
        }
        let scoredMembers = joined.scoredMembers(groups: pipeline.groups.count)
        let quotaReason = UInt32(reasonTexts.id(of: "quota"))
        let thresholdReason = UInt32(reasonTexts.id(of: "threshold"))
        let ranked = Parallel.map(pipeline.groups.count) { g -> Ranked in
            // Every column here is built in parallel ranges: the groups are few and unequal, so a
            // loop on one thread left the other core idle (at a million enterprises, ~0.1 s of
            // one core faulting in the sort's fresh columns while the smaller group was done).
            let members = scoredMembers[g]
            let printed = Parallel.array(members.count) { printedMicros(scores.total[members[$0]]) }
            let (order, totals) = rankOrderAndTotals(
                printed: printed, codeRanks: Parallel.array(members.count) { codeRank[members[$0]] })
            var rank = Parallel.array(members.count) { _ in 0 }
            rank.withUnsafeMutableBufferPointer { rank in
                // `order` is a permutation: each position writes its own member's slot.
                Parallel.forEachRange(order.count) { range in
                    for position in range { rank[order[position]] = position + 1 }
                }
            }
            let veto = Parallel.array(members.count) { vetoes[members[$0]] }
            let ordinaryPositions = Parallel.indices(order.count) { veto[order[$0]] == nil }
            let ordinary = Parallel.array(ordinaryPositions.count) { order[ordinaryPositions[$0]] }
            let ordinaryTotals = Parallel.array(ordinaryPositions.count) { totals[ordinaryPositions[$0]] }
            let assigned: [EnterpriseClass]
            let reason: UInt32
            switch pipeline.groups[g].classes {
            case .quota(let a, let b, let c):
                assigned = quotaClasses(printedTotals: ordinaryTotals, shares: (a, b, c))
                reason = quotaReason
            case .thresholds(let ta, let tb, let tc):
                let (pa, pb, pc) = (printedMicros(ta), printedMicros(tb), printedMicros(tc))
                assigned = Parallel.array(ordinaryTotals.count) { j -> EnterpriseClass in
                    let t = ordinaryTotals[j]
                    return t >= pa ? .a : t >= pb ? .b : t >= pc ? .c : .d
                }
                reason = thresholdReason
            }
            var enterpriseClass = Parallel.array(members.count) { _ in EnterpriseClass.d }
            enterpriseClass.withUnsafeMutableBufferPointer { enterpriseClass in
                Parallel.forEachRange(ordinary.count) { range in
                    for j in range { enterpriseClass[ordinary[j]] = assigned[j] }
                }
            }
            return Ranked(
                members: members, order: order, rank: rank, enterpriseClass: enterpriseClass, veto: veto,
                reason: reason)
        }
        // Written member by member in id order: the columns are swept front to back, not hit at
        // random in rank order; in parallel ranges of members (an id is one group's member once).
        let rankedByGroup = ranked.map { group in Parallel.array(group.order.count) { group.members[group.order[$0]] } }
        withUnsafeMutableBuffers(&ranks, &classes, &reasons) { ranks, classes, reasons in
            for group in ranked {
                Parallel.forEachRange(group.members.count) { range in
                    for p in range {
                        let id = group.members[p]
                        ranks[id] = group.rank[p]
                        if let kind = group.veto[p] {
                            classes[id] = .d
                            reasons[id] = vetoReason[kind] ?? noReason
                        } else {
                            classes[id] = group.enterpriseClass[p]
                            reasons[id] = group.reason
                        }
                    }
                }
            }
            // Then each merged tenant takes its landlord's class. A landlord is the end of its
            // tenants' chain, never a merged tenant itself: the ranges read classes none of them writes.
            Parallel.forEachRange(n) { range in
                for id in range {
                    if let landlord = joined.mergedInto[id] { classes[id] = classes[landlord] }
                }
            }
        }
        // And its reason names the landlord: `tenant_of:` and its code, a text per landlord (25k
        // landlords of 38k tenants at a million enterprises). The landlords are numbered here, in
        // order of their first tenant by id, after the fixed texts; their texts are distinct, so
        // they are made in parallel rather than interned one by one (which kept one core alone
        // for ~20 ms).
        let tenants = Parallel.indices(n) { joined.mergedInto[$0] != nil }
        var landlords: [Int] = []
        var landlordReason: [Int: UInt32] = [:]
        landlordReason.reserveCapacity(tenants.count)
        let firstLandlordReason = reasonTexts.texts.count
        for id in tenants {
            guard let landlord = joined.mergedInto[id] else { continue }
            if let known = landlordReason[landlord] {
                reasons[id] = known
            } else {
                let reason = UInt32(firstLandlordReason + landlords.count)
                landlordReason[landlord] = reason
                landlords.append(landlord)
                reasons[id] = reason
            }
        }
        let reasonValues =
            reasonTexts.texts + Parallel.array(landlords.count, minimum: 4096) { "tenant_of:\(codes[landlords[$0]])" }
        return Classes(
            enterpriseClass: classes, reason: InternedText(values: reasonValues, valueIDs: reasons), rank: ranks,
            rankedByGroup: rankedByGroup)
    }

    /// Positions best first: printed total descending, then code ascending (SPEC §9; vetoed
    /// members included). `codeRanks` gives each position's place in code order.
    ///
    /// When the totals span less than 2^64 millionths (always, for any score a `Double` prints
    /// with six decimals short of 10^13) and there are fewer than 2^32 positions, each position is
    /// one 128-bit word — the total's distance below the best, the code rank, the position — and
    /// the words sort as plain integers. Otherwise the keys are compared as they are.
    static func rankOrder(printed: [Int128], codeRanks: [UInt32]) -> [Int] {
        rankOrderAndTotals(printed: printed, codeRanks: codeRanks).order
    }

    /// `rankOrder`, and the printed totals in that order (read off the sorted keys: gathering them
    /// by position instead was a cache miss per member at a province's scale).
    static func rankOrderAndTotals(printed: [Int128], codeRanks: [UInt32]) -> (order: [Int], totals: [Int128]) {
        guard let best = printed.max(), let worst = printed.min() else { return ([], []) }
        guard best - worst <= Int128(UInt64.max), printed.count < 1 << 32, codeRanks.count == printed.count else {
            let order = printed.indices.sorted {
                printed[$0] != printed[$1] ? printed[$0] > printed[$1] : codeRanks[$0] < codeRanks[$1]
            }
            return (order, order.map { printed[$0] })
        }
        let packed = Parallel.array(printed.count) {
            UInt128(UInt64(truncatingIfNeeded: best - printed[$0])) << 64 | UInt128(codeRanks[$0]) << 32 | UInt128($0)
        }
        let sorted = Parallel.sorted(packed, positionBytes: 4)
        return (
            Parallel.array(sorted.count) { Int(truncatingIfNeeded: UInt64(truncatingIfNeeded: sorted[$0]) & 0xFFFF_FFFF) },
            Parallel.array(sorted.count) { best - Int128(UInt64(truncatingIfNeeded: sorted[$0] >> 64)) }
        )
    }

    /// Quota classes for totals already sorted best first (SPEC §9 step 2): cuts in integer
    /// hundredths of a percent, c_i = ⌊(N·P_i + 5000) / 10000⌋; then equal printed totals never
    /// split across a cut (the better class wins).
    public static func quotaClasses(printedTotals: [Int128], shares: (a: Int, b: Int, c: Int)) -> [EnterpriseClass] {
        let count = printedTotals.count
        let p1 = shares.a
        let p2 = shares.a + shares.b
        let p3 = shares.a + shares.b + shares.c
        func cut(_ p: Int) -> Int { (count * p + 5000) / 10000 }
        let c1 = cut(p1)
        let c2 = cut(p2)
        let c3 = cut(p3)
        var result = Parallel.array(count) { index -> EnterpriseClass in
            let p = index + 1
            return p <= c1 ? .a : p <= c2 ? .b : p <= c3 ? .c : .d
        }
        if count > 1 {
            for p in 1..<count where printedTotals[p] == printedTotals[p - 1] && result[p] > result[p - 1] {
                result[p] = result[p - 1]
            }
        }
        return result
    }

    /// Each enterprise's veto kind: a major violation dated in the evaluation year whose kind is in
    /// `veto_kinds`; with several, the first in `veto_kinds` order (appendix 28). Own violations only.
    /// Indexed by registry id (a million dictionary look-ups cost more than the column).
    static func vetoKinds(_ inputs: Inputs, _ pipeline: Pipeline) -> [ViolationKind?] {
        // An enterprise's veto is the first kind in the pipeline's list among its major violations
        // of the year: kept per enterprise as the violations come, with no set of kinds for each.
        var result = [ViolationKind?](repeating: nil, count: inputs.registry.count)
        for v in inputs.violations where v.severity == .major && v.date.year == inputs.year {
            guard let place = pipeline.vetoKinds.firstIndex(of: v.kind) else { continue }
            if let current = result[v.enterprise], let kept = pipeline.vetoKinds.firstIndex(of: current),
                kept <= place
            {
                continue
            }
            result[v.enterprise] = v.kind
        }
        return result
    }
}
