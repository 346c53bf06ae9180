/// The per-enterprise tables the stages after ingest produce. Columns are arrays indexed by the
/// enterprise's dense id (registry order); a missing number is NaN, never 0 (appendix 24).

/// Why an enterprise is not evaluated (class T), in precedence order (appendix 21).
public enum NotEvaluatedReason: String, CaseIterable, Sendable, Equatable {
    case exempt
    case new
    case noLand = "no_land"
    case noGroup = "no_group"
}

/// The sums an enterprise is evaluated on: its own, or for a landlord in combine mode its own plus
/// its merged tenants'. A merged tenant keeps its own sums here (shown, not scored).
public struct EvaluatedSums: Sendable {
    public var areaMu: [Double]
    public var tax: [Double]
    public var revenue: [Double]
    public var valueAdded: [Double]
    public var energyTce: [Double]
    public var electricity10kKwh: [Double]
    public var employees: [Double]
    public var emissionEq: [Double]
    public var rdExpense: [Double]
}

/// Output of join: lease merges, evaluated sums, groups and eligibility.
public struct Joined: Sendable {
    public var sums: EvaluatedSums
    /// For a merged tenant (combine mode), the top landlord it was merged into; else nil.
    public var mergedInto: [Int?]
    /// Index into `pipeline.groups`; a merged tenant takes its landlord's.
    public var group: [Int?]
    /// Set for class T enterprises (merged tenants are never T themselves: they take their landlord's class).
    public var notEvaluated: [NotEvaluatedReason?]
    /// Distinct tenants in accepted lease rows (the landlord penalty, appendix 19).
    public var tenantCount: [Int]
    /// Own parcels in mu (NaN without parcels), and leased areas, for diagnosis.
    public var ownAreaMu: [Double]
    public var leasedOutMu: [Double]
    public var leasedInMu: [Double]

    /// Members of the group that are scored: in the group, not T, not merged.
    public func isScored(_ id: Int) -> Bool {
        group[id] != nil && notEvaluated[id] == nil && mergedInto[id] == nil
    }

    /// Each of `groups` groups' scored members in id order: one pass in parallel ranges, joined in
    /// range order.
    func scoredMembers(groups: Int) -> [[Int]] {
        let ranges = Parallel.ranges(group.count, minimum: 1 << 16)
        let parts = Parallel.map(ranges.count) { r -> [[Int]] in
            var members = [[Int]](repeating: [], count: groups)
            for id in ranges[r] where isScored(id) {
                if let g = group[id], g < groups { members[g].append(id) }
            }
            return members
        }
        return (0..<groups).map { g in Parallel.concatenated(parts.map { $0[g] }) }
    }
}

/// Output of indicators: each of the nine indicators' value per enterprise (NaN = missing).
/// Numerators and denominators make the aggregate-ratio mean benchmark (SPEC §8); they are read from
/// the sums the ratios were taken of rather than stored again (at a million enterprises the copies
/// were 18 columns, 144 MB).
public struct IndicatorTable: Sendable {
    public var values: [IndicatorID: [Double]]
    let sums: EvaluatedSums

    public init(values: [IndicatorID: [Double]], sums: EvaluatedSums) {
        self.values = values
        self.sums = sums
    }

    public func value(_ k: IndicatorID, _ id: Int) -> Double? {
        guard let v = values[k]?[id], !v.isNaN else { return nil }
        return v
    }

    /// The numerator and denominator of `k` as its ratio used them (SPEC §7); meaningful only
    /// where the indicator has a value.
    public func operands(_ k: IndicatorID) -> IndicatorOperands {
        let (num, den) = Indicators.operands(k, sums)
        return IndicatorOperands(numerators: num, denominators: den, perTenThousand: k == .vaPerEmission)
    }
}

/// One indicator's operand columns.
public struct IndicatorOperands {
    let numerators: [Double]
    let denominators: [Double]
    /// Emission equivalents enter va_per_emission as 万 equivalents.
    let perTenThousand: Bool

    public func numerator(_ id: Int) -> Double { numerators[id] }

    public func denominator(_ id: Int) -> Double {
        perTenThousand ? denominators[id] / 10_000 : denominators[id]
    }
}

/// One pool's benchmark for one indicator (a row of benchmarks.csv).
public struct BenchmarkRow: Equatable, Sendable {
    public enum Source: String, Sendable {
        case fixed, mean, median, fallback, minmax, none
    }
    public var group: Int
    /// Industry pool (first two digits), nil for the whole group.
    public var industry: String?
    public var indicator: IndicatorID
    public var weight: Double
    public var benchmark: Double?
    public var source: Source
    public var min: Double?
    public var max: Double?
    /// The group_mean fill, when the indicator's missing rule is group_mean.
    public var meanScore: Double?
}

/// Output of score: benchmarks, per-indicator scores, adjustments and totals.
public struct Scores: Sendable {
    public var benchmarks: [BenchmarkRow]
    /// Score per indicator (NaN for unscored enterprises).
    public var scores: [IndicatorID: [Double]]
    public var adjustments: [Double]
    public var total: [Double]
    /// Enterprises whose benchmark was ≤ 0 for an indicator: scored 0, with a warning.
    public var warnings: [Warning]
}

/// Output of classify.
public struct Classes: Sendable {
    public var enterpriseClass: [EnterpriseClass?]
    /// `quota`, `threshold`, `veto:<kind>`, `exempt`, `new`, `no_land`, `no_group`, `tenant_of:<uscc>`;
    /// empty for an enterprise with no class.
    public var reason: InternedText
    public var rank: [Int?]
    /// Each group's ranked members (pipeline order), best first: the ids whose `rank` is 1, 2, …
    public var rankedByGroup: [[Int]]
}
