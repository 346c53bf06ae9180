import Testing

@testable import MujunCore

@Suite struct ClassifyTests {
    let e = (1...8).map { Fixture.code($0) }

    /// 温岭 above-scale and below-scale shares in hundredths of a percent.
    static let above = (a: 2000, b: 6000, c: 1500)
    static let below = (a: 500, b: 7000, c: 2000)

    /// Quota classes for `n` distinct totals, best first, as one string.
    private func quota(_ n: Int, _ shares: (a: Int, b: Int, c: Int)) -> String {
        quota((0..<n).map { 1000 - $0 }, shares)
    }

    /// Quota classes for printed totals in millionths (already sorted best first), as one string.
    private func quota(_ totals: [Int], _ shares: (a: Int, b: Int, c: Int)) -> String {
        Classify.quotaClasses(printedTotals: totals.map { Int128($0) }, shares: shares).map(\.rawValue).joined()
    }

    @Test func aboveScaleQuotaCuts() {
        // P1 = 2000, P2 = 2000 + 6000 = 8000, P3 = 8000 + 1500 = 9500; c_i = ⌊(N·P_i + 5000) / 10000⌋.
        // N = 7:  c1 = ⌊(14000 + 5000)/10000⌋ = 1, c2 = ⌊(56000 + 5000)/10000⌋ = 6, c3 = ⌊(66500 + 5000)/10000⌋ = 7
        #expect(quota(7, Self.above) == "ABBBBBC")
        // N = 10: c1 = ⌊25000/10000⌋ = 2, c2 = ⌊85000/10000⌋ = 8, c3 = ⌊100000/10000⌋ = 10
        #expect(quota(10, Self.above) == "AABBBBBBCC")
        // N = 13: c1 = ⌊31000/10000⌋ = 3, c2 = ⌊109000/10000⌋ = 10, c3 = ⌊128500/10000⌋ = 12
        #expect(quota(13, Self.above) == "AAABBBBBBBCCD")
        // N = 2:  c1 = ⌊9000/10000⌋ = 0, c2 = ⌊21000/10000⌋ = 2, c3 = ⌊24000/10000⌋ = 2
        #expect(quota(2, Self.above) == "BB")
    }

    @Test func belowScaleQuotaCuts() {
        // P1 = 500, P2 = 7500, P3 = 9500.
        // N = 7:  c1 = ⌊(3500 + 5000)/10000⌋ = 0, c2 = ⌊(52500 + 5000)/10000⌋ = 5, c3 = ⌊(66500 + 5000)/10000⌋ = 7
        #expect(quota(7, Self.below) == "BBBBBCC")
        // N = 10: c1 = ⌊10000/10000⌋ = 1, c2 = ⌊80000/10000⌋ = 8, c3 = ⌊100000/10000⌋ = 10
        #expect(quota(10, Self.below) == "ABBBBBBBCC")
        // N = 13: c1 = ⌊11500/10000⌋ = 1, c2 = ⌊102500/10000⌋ = 10, c3 = ⌊128500/10000⌋ = 12
        #expect(quota(13, Self.below) == "ABBBBBBBBBCCD")
        // N = 2:  c1 = ⌊6000/10000⌋ = 0, c2 = ⌊20000/10000⌋ = 2, c3 = ⌊24000/10000⌋ = 2
        #expect(quota(2, Self.below) == "BB")
    }

    @Test func quotaCutsWithTwoDecimalSharesAndEdgeCounts() {
        // A 12.5 %: N = 4: c1 = ⌊(4·1250 + 5000)/10000⌋ = ⌊10000/10000⌋ = 1 (exactly half rounds up),
        // c2 = ⌊(4·7250 + 5000)/10000⌋ = 3, c3 = ⌊(4·8750 + 5000)/10000⌋ = 4
        #expect(quota(4, (a: 1250, b: 6000, c: 1500)) == "ABBC")
        #expect(quota(0, Self.above) == "")
        // N = 1: c1 = ⌊7000/10000⌋ = 0, c2 = ⌊13000/10000⌋ = 1
        #expect(quota(1, Self.above) == "B")
    }

    @Test func equalPrintedTotalsNeverSplitAcrossACut() {
        // N = 10 above: cuts AABBBBBBCC; positions 2 and 3 are equal, so 3 takes 2's A.
        #expect(quota([100, 90, 90, 80, 70, 60, 50, 40, 30, 20], Self.above) == "AAABBBBBCC")
        // N = 13 above: cuts …CCD; positions 12 and 13 equal → 13 takes C.
        #expect(quota([13, 12, 11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 2], Self.above) == "AAABBBBBBBCCC")
        // A run of equal totals across two cuts takes the class of its first member: from position 2 (A)…
        #expect(quota([9, 7, 7, 7, 7, 7, 7, 7, 7, 7], Self.above) == "AAAAAAAAAA")
        // …or from position 3 (B).
        #expect(quota([9, 8, 7, 7, 7, 7, 7, 7, 7, 7], Self.above) == "AABBBBBBBB")
        #expect(quota([5, 5], Self.below) == "BB")
    }

    /// Five above-scale enterprises scoring 500, 400, 300, 200, 100 (tax per mu 50 … 10 on a fixed
    /// benchmark of 10, weight 100), an exempt sixth one, and the given violations rows.
    private func vetoRun(_ violations: [String], vetoKinds: [ViolationKind]? = nil) throws -> RunResult {
        var p = onePipeline([spec(.taxPerMu, 100, .fixed(10))])
        if let vetoKinds { p.vetoKinds = vetoKinds }
        let taxes = [50, 40, 30, 20, 10, 60]
        return try evaluate(
            [
                "enterprises.csv": csv(
                    ["uscc,name,industry,region,scale,established,exempt"]
                        + (0..<5).map { "\(e[$0]),n,C3670,r,above,2015-01-01," }
                        + ["\(e[5]),n,C3670,r,above,2015-01-01,政策性搬迁"]),
                "land.csv": csv(["uscc,parcel_id,area,unit"] + (0..<6).map { "\(e[$0]),P,1,mu" }),
                "tax.csv": csv(["uscc,period,amount"] + (0..<6).map { "\(e[$0]),2024-06,\(taxes[$0])" }),
                "violations.csv": csv(["uscc,date,kind,severity"] + violations),
            ], pipeline: p)
    }

    @Test func majorViolationInTheYearVetoesToDButStaysRanked() throws {
        let r = try vetoRun([
            "\(e[0]),2024-03-01,safety,major",  // veto
            "\(e[1]),2024-03-01,safety,minor",  // minor: no veto
            "\(e[2]),2023-12-31,safety,major",  // last year: no veto
            "\(e[3]),2024-07-01,land,major",  // two vetoing kinds: environment comes first in veto_kinds
            "\(e[3]),2024-02-01,environment,重大",
            "\(e[4]),2024-02-01,tax,major",  // tax is not a veto kind
            "\(e[5]),2024-02-01,safety,major",  // exempt: T wins over the veto
        ])
        #expect(r.enterpriseClass(e[0]) == .d && r.reason(e[0]) == "veto:safety")
        #expect(r.enterpriseClass(e[3]) == .d && r.reason(e[3]) == "veto:environment")
        // Ordinary: e2 (400), e3 (300), e5 (100): N = 3, c1 = ⌊(6000 + 5000)/10000⌋ = 1,
        // c2 = ⌊(24000 + 5000)/10000⌋ = 2, c3 = ⌊(28500 + 5000)/10000⌋ = 3.
        #expect(r.enterpriseClass(e[1]) == .a && r.reason(e[1]) == "quota")
        #expect(r.enterpriseClass(e[2]) == .b)
        #expect(r.enterpriseClass(e[4]) == .c)
        // Ranks count the vetoed: 500, 400, 300, 200, 100.
        #expect([0, 1, 2, 3, 4].map { r.rank(e[$0]) } == [1, 2, 3, 4, 5])
        #expect(close(r.total(e[0]), 500))
        #expect(r.enterpriseClass(e[5]) == .t && r.reason(e[5]) == "exempt" && r.rank(e[5]) == nil)
    }

    @Test func vetoReasonFollowsTheConfiguredKindOrder() throws {
        let r = try vetoRun(
            [
                "\(e[0]),2024-03-01,safety,major",
                "\(e[3]),2024-02-01,environment,major",
                "\(e[3]),2024-07-01,land,major",
            ], vetoKinds: [.land, .environment])
        #expect(r.reason(e[3]) == "veto:land")
        // safety is no longer a veto kind: e1, e2, e3, e5 are ordinary, N = 4:
        // c1 = ⌊(8000 + 5000)/10000⌋ = 1, c2 = ⌊(32000 + 5000)/10000⌋ = 3, c3 = ⌊(38000 + 5000)/10000⌋ = 4.
        #expect([0, 1, 2, 4].map { r.enterpriseClass(e[$0]) } == [.a, .b, .b, .c])
    }

    @Test func thresholdsCompareThePrintedTotal() throws {
        var p = onePipeline([spec(.taxPerMu, 1, .fixed(1))])
        p.groups[0].classes = .thresholds(a: 90, b: 70, c: 50)
        let taxes = ["89.9999996", "69.9999994", "50", "49.99", "70"]
        let r = try evaluate(
            [
                "enterprises.csv": registry((0..<5).map { (e[$0], "C3670") }),
                "land.csv": csv(["uscc,parcel_id,area,unit"] + (0..<5).map { "\(e[$0]),P,1,mu" }),
                "tax.csv": csv(["uscc,period,amount"] + (0..<5).map { "\(e[$0]),2024-06,\(taxes[$0])" }),
            ], pipeline: p)
        // 89.9999996 prints as 90.000000 ≥ 90 → A (the raw value would be B).
        #expect(r.enterpriseClass(e[0]) == .a && r.reason(e[0]) == "threshold")
        // 69.9999994 prints as 69.999999 < 70 → C.
        #expect(r.enterpriseClass(e[1]) == .c)
        // exactly 50 → C; 49.99 → D; exactly 70 → B.
        #expect(r.enterpriseClass(e[2]) == .c)
        #expect(r.enterpriseClass(e[3]) == .d)
        #expect(r.enterpriseClass(e[4]) == .b)
    }

    @Test func rankOrderIsPrintedTotalThenCode() throws {
        let p = onePipeline([spec(.taxPerMu, 1, .fixed(1))])
        // e1 10.0000001 and e2 10.0000004 both print 10.000000: tied, so e1 (smaller code) ranks first
        // although e2's raw total is larger.
        let taxes = ["10.0000001", "10.0000004", "20"]
        let r = try evaluate(
            [
                "enterprises.csv": registry((0..<3).map { (e[$0], "C3670") }),
                "land.csv": csv(["uscc,parcel_id,area,unit"] + (0..<3).map { "\(e[$0]),P,1,mu" }),
                "tax.csv": csv(["uscc,period,amount"] + (0..<3).map { "\(e[$0]),2024-06,\(taxes[$0])" }),
            ], pipeline: p)
        #expect(r.rank(e[2]) == 1)
        #expect(r.rank(e[0]) == 2)
        #expect(r.rank(e[1]) == 3)
        // N = 3 above: c1 = 1, c2 = ⌊29000/10000⌋ = 2, c3 = ⌊33500/10000⌋ = 3 → A, B, C;
        // position 3 ties position 2 as printed, so it takes B.
        #expect(r.enterpriseClass(e[2]) == .a)
        #expect(r.enterpriseClass(e[0]) == .b)
        #expect(r.enterpriseClass(e[1]) == .b)
    }
}

extension ClassifyTests {
    /// The packed-integer rank order is the order of the rule itself (total descending, then code
    /// ascending), with many equal totals, negative totals, and a span too wide to pack.
    @Test func rankOrderIsTotalDescendingThenCode() {
        var rng = SystemRandomNumberGenerator()
        // The last two spans are too wide for a 64-bit distance: the comparator's route.
        let cases = [(0, 10, 0), (1, 10, 0), (50, 3, 0), (2000, 40, 0), (2000, 2_000_000_000, 0), (300, 1 << 40, 0),
                     (300, Int.max, 0), (300, 1000, 70), (300, Int.max, 2)]
        for (count, span, shift) in cases {
            let printed = (0..<count).map { _ in (Int128(Int.random(in: 0..<span, using: &rng)) - Int128(span / 2)) << shift }
            let codes = Set((0..<count * 3).map { _ in UInt128(UInt64.random(in: 0..<UInt64(1_000_000), using: &rng)) << 40 })
                .shuffled(using: &rng).prefix(count).map { $0 }
            let sortedCodes = codes.sorted()
            let codeRanks = codes.map { UInt32(sortedCodes.firstIndex(of: $0)!) }
            let expected = printed.indices.sorted {
                printed[$0] != printed[$1] ? printed[$0] > printed[$1] : codes[$0] < codes[$1]
            }
            let order = Classify.rankOrder(printed: printed, codeRanks: codeRanks)
            #expect(order == expected, "count \(count) span \(span) << \(shift)")
            // The totals in rank order come off the sorted keys (or the fallback's gather).
            let (sameOrder, totals) = Classify.rankOrderAndTotals(printed: printed, codeRanks: codeRanks)
            #expect(sameOrder == expected && totals == expected.map { printed[$0] }, "totals, count \(count) << \(shift)")
        }
    }

    /// Code ranks need not be dense; equal ones (never from classify) keep position order.
    @Test func rankOrderTakesSparseOrRepeatedCodeRanks() {
        let printed: [Int128] = [5, 7, 5, 7]
        #expect(Classify.rankOrder(printed: printed, codeRanks: [9, 3, 2, 8]) == [1, 3, 2, 0])
        #expect(Classify.rankOrder(printed: printed, codeRanks: [1, 1, 0, 0]) == [3, 1, 2, 0])
    }
}
