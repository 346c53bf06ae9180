/// Indicators: the nine ratios of SPEC §7 for every enterprise that is not a merged tenant, T
/// included (reported, not scored). An indicator is missing when a source has no row in the year or
/// its denominator is 0 (appendix 22).
public enum Indicators {
    public static func run(_ joined: Joined) -> IndicatorTable {
        let s = joined.sums
        let n = s.tax.count
        var values: [IndicatorID: [Double]] = [:]
        for k in IndicatorID.allCases {
            let (num, den) = operands(k, s)
            let merged = joined.mergedInto
            values[k] = Parallel.array(n) { id in
                let a = num[id]
                let b = den[id]
                guard merged[id] == nil, !a.isNaN, !b.isNaN, b != 0 else { return .nan }
                return a / (k == .vaPerEmission ? b / 10_000 : b)
            }
        }
        return IndicatorTable(values: values, sums: s)
    }

    /// Numerator and denominator columns of one indicator (SPEC §7 formulas).
    static func operands(_ k: IndicatorID, _ s: EvaluatedSums) -> ([Double], [Double]) {
        switch k {
        case .taxPerMu: return (s.tax, s.areaMu)
        case .vaPerMu: return (s.valueAdded, s.areaMu)
        case .revenuePerMu: return (s.revenue, s.areaMu)
        case .vaPerEnergy: return (s.valueAdded, s.energyTce)
        // Equivalents are scaled to 万 equivalents in `run` (and `IndicatorOperands`).
        case .vaPerEmission: return (s.valueAdded, s.emissionEq)
        case .laborProductivity: return (s.valueAdded, s.employees)
        case .rdIntensity: return (s.rdExpense, s.revenue)
        case .taxPerKwh: return (s.tax, s.electricity10kKwh)
        case .energyIntensity: return (s.energyTce, s.valueAdded)
        }
    }
}
