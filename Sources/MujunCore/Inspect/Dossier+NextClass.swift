/// "What moving up one class would take" (SPEC §13, explain): the smallest increase of tax per mu
/// alone that lifts the total to the next better class's cut, everything else held as it is.
extension Dossier {
    /// The estimate for a dossier, or nil when there is no better class to reach (A, T, no class).
    ///
    /// The cut is the lowest total of the next better class this year (quota mode: moving up means
    /// passing the last one in) or that class's threshold. With the ratio method the tax-per-mu
    /// score is weight × min(cap, x / b), so x must rise by gap / weight × b unless the cap stops it.
    static func nextClass(_ d: Dossier, pipelineGroup: EvaluationGroup?, notes: inout [String]) -> NextClass? {
        guard let current = EnterpriseClass(rawValue: d.enterpriseClass), current != .a, current != .t,
            let index = EnterpriseClass.allCases.firstIndex(of: current), index > 0
        else { return nil }
        let target = EnterpriseClass.allCases[index - 1]
        var result = NextClass(
            enterpriseClass: target.rawValue, neededTotal: "", basis: "", scoreGap: "", reachable: false,
            taxPerMuIncrease: "", taxPerMuTarget: "", taxIncreaseWan: "", note: "")
        if d.classReason.hasPrefix("veto:") {
            result.note = "一票否决 veto: class D whatever the score"
            return result
        }
        if d.classReason.hasPrefix("tenant_of:") {
            result.note = "a merged tenant takes its landlord's class"
            return result
        }
        guard let total = Double(d.total) else { return nil }

        // The total to reach.
        var needed: Double? = nil
        if d.classMode == "thresholds" {
            result.basis = "threshold"
            if case .thresholds(let a, let b, let c)? = pipelineGroup?.classes {
                needed = [EnterpriseClass.a: a, .b: b, .c: c][target]
            } else {
                notes.append("thresholds unknown without the pipeline file; used the lowest total of class \(target.rawValue)")
                needed = d.cutScores.first { $0.enterpriseClass == target.rawValue }.flatMap { Double($0.minTotal) }
            }
        } else {
            result.basis = "quota"
            needed = d.cutScores.first { $0.enterpriseClass == target.rawValue }.flatMap { Double($0.minTotal) }
        }
        guard let needed else {
            result.note = "no enterprise of the group is in class \(target.rawValue) this year"
            return result
        }
        result.neededTotal = formatMeasure(needed)
        let gap = Swift.max(0, needed - total)
        result.scoreGap = formatMeasure(gap)

        guard let tax = d.scores.first(where: { $0.indicator == .taxPerMu }), let w = Double(tax.weight), w > 0 else {
            result.note = "not reachable by tax per mu alone: the group does not score tax_per_mu"
            return result
        }
        let x = Double(tax.value)
        let score = Double(tax.score) ?? 0
        let wanted = score + gap
        var targetX: Double? = nil
        if tax.method == "minmax" {
            guard let lo = Double(tax.min), let hi = Double(tax.max), hi > lo else {
                result.note = "not reachable by tax per mu alone: every member scores the full weight"
                return result
            }
            let f = (wanted / w - 0.2) / 0.8
            // Beyond the group's maximum the scale itself moves: the score cannot pass the weight.
            guard f <= 1 else {
                result.note = "not reachable by tax per mu alone: it would need more than the full weight \(tax.weight)"
                return result
            }
            targetX = lo + Swift.max(0, f) * (hi - lo)
        } else {
            guard let b = Double(tax.benchmark), b > 0 else {
                result.note = "not reachable by tax per mu alone: no positive benchmark"
                return result
            }
            if let cap = Double(tax.cap), wanted > w * cap + 5e-7 {
                result.note = "not reachable by tax per mu alone: the score is capped at \(tax.cap) × \(tax.weight)"
                return result
            }
            if tax.cap == "unknown" { notes.append("the cap of tax_per_mu is unknown; the estimate assumes none") }
            targetX = wanted / w * b
        }
        guard let targetX else { return result }
        let increase = targetX - (x ?? 0)
        result.reachable = true
        result.taxPerMuTarget = formatMeasure(targetX)
        result.taxPerMuIncrease = formatMeasure(Swift.max(0, increase))
        if let area = Double(d.figures.first { $0.column == "area_mu" }?.value ?? ""), area > 0 {
            result.taxIncreaseWan = formatMeasure(Swift.max(0, increase) * area)
        }
        result.note = "others held as they are"
        return result
    }
}
