/// Targets: the zone's per-mu tax against the "亩均税收翻番" goal and its energy intensity against a
/// reference (SPEC §12, appendix 35). Only the parts the pipeline file configures are reported.
public enum ZoneTargets {
    /// One row per configured target: tax per mu (Σ tax ÷ Σ area over the scored enterprises), then
    /// energy intensity (Σ tce ÷ Σ value added over the scored enterprises with value added).
    public static func run(_ inputs: Inputs, _ joined: Joined, _ pipeline: Pipeline) -> TargetResults {
        var rows: [TargetRow] = []
        let s = joined.sums
        let n = joined.group.count
        if let t = pipeline.targets.taxPerMu {
            let (tax, area) = exactSums(n) { id, tax, area in
                guard joined.isScored(id) else { return }
                if !s.tax[id].isNaN { tax.add(s.tax[id]) }
                if !s.areaMu[id].isNaN { area.add(s.areaMu[id]) }
            }
            let value = area.value == 0 ? nil : tax.value / area.value
            let goal = t.baseline * t.multiplier
            rows.append(
                TargetRow(
                    kind: .taxPerMu, year: inputs.year, value: value, baselineYear: t.baselineYear,
                    baseline: t.baseline, multiplier: t.multiplier, targetYear: t.targetYear, goal: goal,
                    direction: .atLeast, valueToGoal: value.flatMap { goal == 0 ? nil : $0 / goal },
                    met: value.map { printedMicros($0) >= printedMicros(goal) }))
        }
        if let reference = pipeline.targets.energyIntensityReference {
            // Over the scored enterprises with value added; their missing energy adds nothing.
            let (tce, valueAdded) = exactSums(n) { id, tce, valueAdded in
                guard joined.isScored(id), !s.valueAdded[id].isNaN else { return }
                valueAdded.add(s.valueAdded[id])
                if !s.energyTce[id].isNaN { tce.add(s.energyTce[id]) }
            }
            let value = valueAdded.value == 0 ? nil : tce.value / valueAdded.value
            rows.append(
                TargetRow(
                    kind: .energyIntensity, year: inputs.year, value: value, baselineYear: nil, baseline: nil,
                    multiplier: nil, targetYear: nil, goal: reference, direction: .atMost,
                    valueToGoal: value.flatMap { reference == 0 ? nil : $0 / reference },
                    met: value.map { printedMicros($0) <= printedMicros(reference) }))
        }
        return TargetResults(rows: rows)
    }

    /// Two exact sums over ids `0..<count`, each range of ids summed on its own thread: exact sums
    /// do not depend on the order they are added in.
    private static func exactSums(
        _ count: Int, _ add: (Int, inout ExactSum, inout ExactSum) -> Void
    ) -> (ExactSum, ExactSum) {
        let ranges = Parallel.ranges(count, minimum: 1 << 16)
        let parts = Parallel.map(ranges.count) { r -> (ExactSum, ExactSum) in
            var first = ExactSum()
            var second = ExactSum()
            for id in ranges[r] { add(id, &first, &second) }
            return (first, second)
        }
        var first = ExactSum()
        var second = ExactSum()
        for part in parts {
            first.add(part.0)
            second.add(part.1)
        }
        return (first, second)
    }
}
