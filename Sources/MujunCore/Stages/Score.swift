/// Score: per group and indicator, a benchmark (fixed, aggregate mean or median, optionally per
/// industry), each scored member's indicator score (ratio or min-max), the missing rule, and the
/// adjustments (SPEC §8, appendix 25–27).
public enum Score {
    public static func run(
        _ inputs: Inputs, _ joined: Joined, _ indicators: IndicatorTable, _ pipeline: Pipeline
    ) -> Scores {
        let n = inputs.registry.count
        let members = joined.scoredMembers(groups: pipeline.groups.count)

        // Each member's industry pool, worked out once per distinct industry code.
        let industries = inputs.registry.industries
        let poolOfValue = industries.values.map(industryPool)
        let pools = pipeline.groups.enumerated().map { g, group -> [String] in
            guard group.indicators.contains(where: \.byIndustry) else { return [] }
            let ids = members[g]
            return Parallel.joinedRanges(ids.count, minimum: 1 << 14) { range in
                range.map { i in poolOfValue[Int(industries.valueIDs[ids[i]])] }
            }
        }
        // Every (group, indicator) is scored on its own, so they are scored in parallel; their
        // results are then applied in pipeline order. A group's results are contiguous from
        // `firstResult[g]`.
        let tasks = pipeline.groups.indices.flatMap { g in pipeline.groups[g].indicators.indices.map { (g, $0) } }
        let results = Parallel.map(tasks.count) { t -> IndicatorResult in
            let (g, s) = tasks[t]
            let group = pipeline.groups[g]
            return scoreIndicator(
                group.indicators[s], group: group, groupIndex: g, ids: members[g], pools: pools[g],
                indicators: indicators)
        }
        let firstResult = pipeline.groups.indices.map { g in tasks.firstIndex { $0.0 == g } ?? tasks.count }
        let benchmarks = results.flatMap(\.rows)
        let warnings = results.flatMap(\.warnings)
        // One column per scored indicator, each built on its own; where a group lists an indicator
        // twice, the later entry's score stands, as pipeline order gives.
        let scored = IndicatorID.allCases.filter { k in pipeline.groups.contains { $0.indicators.contains { $0.id == k } } }
        // Each column is filled and scattered in parallel ranges too (a group's members are distinct
        // ids): with a column per task, the last column kept one core alone for ~25 ms.
        let columns = Parallel.map(scored.count) { c -> [Double] in
            var column = Parallel.array(n) { _ in Double.nan }
            column.withUnsafeMutableBufferPointer { column in
                for g in pipeline.groups.indices {
                    for (s, spec) in pipeline.groups[g].indicators.enumerated() where spec.id == scored[c] {
                        let (result, ids) = (results[firstResult[g] + s], members[g])
                        Parallel.forEachRange(ids.count) { range in
                            for i in range { column[ids[i]] = result.scores[i] }
                        }
                    }
                }
            }
            return column
        }
        let scores = Dictionary(uniqueKeysWithValues: zip(scored, columns))
        // Totals: each member's scores summed exactly (every score of its group's entries, in order)
        // plus its adjustments, in parallel ranges of members; each id is one group's member once.
        // Filled in parallel ranges: the first touch of 8 MB of fresh pages is ~20 ms on one core here.
        var totals = Parallel.array(n) { _ in Double.nan }
        var adjustments = Parallel.array(n) { _ in Double.nan }
        totals.withUnsafeMutableBufferPointer { totals in
            adjustments.withUnsafeMutableBufferPointer { adjustments in
                for g in pipeline.groups.indices {
                    let ids = members[g]
                    let own = results[firstResult[g]..<(firstResult[g] + pipeline.groups[g].indicators.count)]
                    Parallel.forEachRange(ids.count) { range in
                        for i in range {
                            let id = ids[i]
                            var partial = ExactSum()
                            for result in own { partial.add(result.scores[i]) }
                            var adjustment = 0.0
                            if inputs.registry.highTech[id] { adjustment += pipeline.highTechBonus }
                            let beyondFree = joined.tenantCount[id] - pipeline.leases.tenantPenaltyFree
                            if beyondFree > 0 { adjustment -= Double(beyondFree) * pipeline.leases.tenantPenaltyPoints }
                            adjustments[id] = adjustment
                            totals[id] = partial.value + adjustment
                        }
                    }
                }
            }
        }
        return Scores(
            benchmarks: benchmarks, scores: scores, adjustments: adjustments, total: totals, warnings: warnings)
    }

    /// The industry pool of a GB/T 4754 code: its first two ASCII digits, letters dropped (appendix 26).
    public static func industryPool(_ code: String) -> String {
        String(code.unicodeScalars.filter { $0.isASCII && $0.properties.numericType != nil }.prefix(2).map(Character.init))
    }

    struct IndicatorResult {
        var rows: [BenchmarkRow]
        /// Parallel to the group's member ids.
        var scores: [Double]
        var warnings: [Warning]
    }

    static func scoreIndicator(
        _ spec: IndicatorSpec, group: EvaluationGroup, groupIndex g: Int, ids: [Int], pools industryPools: [String],
        indicators: IndicatorTable
    ) -> IndicatorResult {
        let k = spec.id
        let w = spec.weight
        let column = indicators.values[k] ?? []
        // Each member's value, NaN when it has none (as in the indicator columns): 8 bytes a
        // member, where an optional took 16.
        let values = ids.map { id in id < column.count ? column[id] : .nan }
        var scores = [Double](repeating: .nan, count: ids.count)
        var rows: [BenchmarkRow] = []
        var warnings: [Warning] = []
        let has = ids.indices.filter { !values[$0].isNaN }

        switch group.method {
        case .minmax:
            let raised = has.map { Swift.max(0, values[$0]) }
            let lo = raised.min()
            let hi = raised.max()
            for (j, i) in has.enumerated() {
                guard let lo, let hi else { break }
                scores[i] = hi == lo ? w : w * (0.2 + 0.8 * (raised[j] - lo) / (hi - lo))
            }
            rows.append(
                BenchmarkRow(
                    group: g, industry: nil, indicator: k, weight: w, benchmark: nil,
                    source: has.isEmpty ? .none : .minmax, min: lo, max: hi, meanScore: nil))
        case .ratio:
            let groupBenchmark = benchmark(spec.benchmark, pool: has, ids: ids, values: values, k: k, indicators: indicators)
            var memberBenchmark = [Double?](repeating: groupBenchmark.value, count: ids.count)
            rows.append(
                BenchmarkRow(
                    group: g, industry: nil, indicator: k, weight: w, benchmark: groupBenchmark.value,
                    source: groupBenchmark.source, min: nil, max: nil, meanScore: nil))
            if spec.byIndustry, groupBenchmark.source != .fixed {
                var pools: [String: [Int]] = [:]
                for i in ids.indices { pools[industryPools[i], default: []].append(i) }
                for (key, poolMembers) in pools.sorted(by: { $0.key < $1.key }) {
                    let poolHas = poolMembers.filter { !values[$0].isNaN }
                    var b = benchmark(spec.benchmark, pool: poolHas, ids: ids, values: values, k: k, indicators: indicators)
                    if let v = b.value, v <= 0 {
                        b = (groupBenchmark.value, .fallback)
                    }
                    for i in poolMembers { memberBenchmark[i] = b.value }
                    rows.append(
                        BenchmarkRow(
                            group: g, industry: key.isEmpty ? "none" : key, indicator: k, weight: w,
                            benchmark: b.value, source: b.source, min: nil, max: nil, meanScore: nil))
                }
            }
            let cap = group.cap(for: spec)
            var nonPositive = 0
            for i in has {
                guard let b = memberBenchmark[i] else { continue }
                guard b > 0, b.isFinite else {
                    scores[i] = 0
                    nonPositive += 1
                    continue
                }
                var ratio = Swift.max(0, values[i] / b)
                if let cap { ratio = Swift.min(cap, ratio) }
                scores[i] = w * ratio
            }
            if nonPositive > 0 {
                warnings.append(
                    Warning(
                        nil,
                        "group '\(group.id)': benchmark of \(k.rawValue) is not positive; \(nonPositive) enterprise\(nonPositive == 1 ? "" : "s") score 0 on it"
                    ))
            }
        }

        // The missing rule: 0, or the mean score of the group's members that have the indicator.
        var fill = 0.0
        if spec.missing == .groupMean {
            var sum = ExactSum()
            for i in has { sum.add(scores[i]) }
            fill = has.isEmpty ? 0 : sum.value / Double(has.count)
            rows[0].meanScore = fill
        }
        for i in ids.indices where values[i].isNaN { scores[i] = fill }
        return IndicatorResult(rows: rows, scores: scores, warnings: warnings)
    }

    /// A pool's benchmark: fixed, the aggregate ratio Σ numerator ÷ Σ denominator, or the median.
    static func benchmark(
        _ rule: Benchmark, pool: [Int], ids: [Int], values: [Double], k: IndicatorID, indicators: IndicatorTable
    ) -> (value: Double?, source: BenchmarkRow.Source) {
        if case .fixed(let b) = rule { return (b, .fixed) }
        guard !pool.isEmpty else { return (nil, .none) }
        switch rule {
        case .fixed:
            return (nil, .none)
        case .mean:
            var num = ExactSum()
            var den = ExactSum()
            let operands = indicators.operands(k)
            for i in pool {
                num.add(operands.numerator(ids[i]))
                den.add(operands.denominator(ids[i]))
            }
            return (num.value / den.value, .mean)
        case .median:
            // `pool` holds members with a value only.
            let sorted = pool.map { values[$0] }.sorted()
            let m = sorted.count / 2
            let median = sorted.count % 2 == 1 ? sorted[m] : (sorted[m - 1] + sorted[m]) / 2
            return (median, .median)
        }
    }
}
