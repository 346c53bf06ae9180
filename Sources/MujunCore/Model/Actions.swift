/// What the stages after classify produce: history columns, policies, remediation categories,
/// gazelles and zone targets (SPEC §10–§12). Per-enterprise columns are indexed by dense id.

/// Output of history (SPEC §12, appendix 31): last year's class and rank, and years in the current class.
public struct HistoryColumns: Sendable {
    /// Class in year − 1 (nil when that year has no history row).
    public var prevClass: [EnterpriseClass?]
    /// Rank in year − 1 (nil when that row has none).
    public var prevRank: [Int?]
    /// prev_rank − rank (positive = moved up); nil unless both exist.
    public var rankChange: [Int?]
    /// 1 + the unbroken run of immediately preceding years in the same class; nil without a class.
    public var yearsInClass: [Int?]
    /// yearsInClass when the class is D now, else 0; nil without a class.
    public var consecutiveDYears: [Int?]
}

/// One row of allocation.csv: the differentiated policies of one enterprise with class A–D (SPEC §10).
public struct AllocationRow: Equatable, Sendable {
    // Stored in 64 bytes instead of 128 (a province has a million rows): ids and years as 32-bit
    // integers, missing amounts as NaN, and the two products computed when read.
    private var storedEnterprise: Int32
    private var storedGroup: Int32
    private var storedYears: Int32
    public var enterpriseClass: EnterpriseClass
    private var storedKwh: Double
    /// yuan/kWh: the class's schedule at the years in class (0 without a schedule).
    public var surchargeRate: Double
    private var storedLandUseTax: Double
    public var rebateShare: Double
    public var energyQuotaChange: Double
    public var emissionQuotaChange: Double

    public init(
        enterprise: Int, group: Int, enterpriseClass: EnterpriseClass, yearsInClass: Int, electricityKwh: Double?,
        surchargeRate: Double, landUseTaxWan: Double?, rebateShare: Double, energyQuotaChange: Double,
        emissionQuotaChange: Double
    ) {
        storedEnterprise = Int32(clamping: enterprise)
        storedGroup = Int32(clamping: group)
        storedYears = Int32(clamping: yearsInClass)
        self.enterpriseClass = enterpriseClass
        storedKwh = electricityKwh ?? .nan
        self.surchargeRate = surchargeRate
        storedLandUseTax = landUseTaxWan ?? .nan
        self.rebateShare = rebateShare
        self.energyQuotaChange = energyQuotaChange
        self.emissionQuotaChange = emissionQuotaChange
    }

    public var enterprise: Int { Int(storedEnterprise) }
    public var group: Int { Int(storedGroup) }
    public var yearsInClass: Int { Int(storedYears) }
    /// Own electricity in kWh (万kWh × 10⁴); nil without electricity rows in the year.
    public var electricityKwh: Double? { storedKwh.isNaN ? nil : storedKwh }
    /// yuan; nil when the electricity is.
    public var surchargeYuan: Double? { electricityKwh.map { $0 * surchargeRate } }
    /// Own land-use tax, 万元; nil without land-use tax rows in the year.
    public var landUseTaxWan: Double? { storedLandUseTax.isNaN ? nil : storedLandUseTax }
    /// 万元; nil when the land-use tax is.
    public var rebateWan: Double? { landUseTaxWan.map { $0 * rebateShare } }

    public static func == (a: AllocationRow, b: AllocationRow) -> Bool {
        a.enterprise == b.enterprise && a.group == b.group && a.enterpriseClass == b.enterpriseClass
            && a.yearsInClass == b.yearsInClass && a.electricityKwh == b.electricityKwh
            && a.surchargeRate == b.surchargeRate && a.landUseTaxWan == b.landUseTaxWan
            && a.rebateShare == b.rebateShare && a.energyQuotaChange == b.energyQuotaChange
            && a.emissionQuotaChange == b.emissionQuotaChange
    }
}

/// Output of allocate: rows by group (pipeline order), class, uscc.
public struct Allocation: Sendable {
    public var rows: [AllocationRow]
}

/// Problem level from violations dated in the evaluation year (SPEC §11), ordered none < some < serious.
public enum ProblemLevel: Int, Comparable, Sendable {
    case none = 0
    case some = 1
    case serious = 2

    public var name: String {
        switch self {
        case .none: return "none"
        case .some: return "some"
        case .serious: return "serious"
        }
    }

    public static func < (a: ProblemLevel, b: ProblemLevel) -> Bool { a.rawValue < b.rawValue }
}

/// Whether an enterprise rents out its land (厂中厂), SPEC §11.
public enum RentalStatus: String, Sendable {
    case pure
    case partial
    case none
}

/// The five remediation categories of SPEC §11 (分类整治), first match wins.
public enum RemediationCategory: Int, CaseIterable, Comparable, Sendable {
    case pureRentalSerious = 1
    case partialRentalTenantSerious = 2
    case partialRentalSomeProblems = 3
    case lowEfficiency = 4
    case aboveScaleWithProblems = 5

    /// The category's official name, as remediation.csv prints it.
    public var chineseName: String {
        switch self {
        case .pureRentalSerious: return "纯出租且问题严重"
        case .partialRentalTenantSerious: return "部分出租且承租企业问题严重"
        case .partialRentalSomeProblems: return "部分出租且承租企业存在一定问题或自身存在问题较严重"
        case .lowEfficiency: return "产值不高、用地效率低下"
        case .aboveScaleWithProblems: return "存在一定问题的规上企业"
        }
    }

    public static func < (a: RemediationCategory, b: RemediationCategory) -> Bool { a.rawValue < b.rawValue }
}

/// The flags of SPEC §11 reported alongside the categories, in rankings.csv order.
public enum DiagnosisFlag: String, CaseIterable, Sendable {
    case energyMismatch = "energy_mismatch"
    case idleLand = "idle_land"
}

/// One row of remediation.csv.
public struct RemediationRow: Equatable, Sendable {
    public var enterprise: Int
    public var category: RemediationCategory
    public var rentalStatus: RentalStatus
    public var selfProblem: ProblemLevel
    /// Worst level among its tenants (none without tenants).
    public var tenantProblem: ProblemLevel
    /// Distinct tenants in accepted lease rows.
    public var tenants: Int
}

/// Output of diagnose: categories by priority, and every enterprise's flags.
public struct Remediation: Sendable {
    /// In priority order (priority = position + 1): category, printed total ascending (none last), uscc.
    public var rows: [RemediationRow]
    /// Per enterprise, the flags raised, in `DiagnosisFlag` order.
    public var flags: DiagnosisFlags
    /// The groups' aggregate mean benchmarks the flags compare with (nil when no scored member has
    /// the indicator), indexed like `pipeline.groups`.
    public var meanVaPerEnergy: [Double?]
    public var meanTaxPerMu: [Double?]

    /// The flags cell of rankings.csv and remediation.csv: `;`-separated, empty when none.
    public func flagsCell(_ id: Int) -> String { flags.cell(id) }
}

/// Every enterprise's diagnosis flags, one bit per flag (bit i = `DiagnosisFlag.allCases[i]`): no
/// array per enterprise, and the rankings cell is one of a few shared strings.
public struct DiagnosisFlags: Sendable {
    public var bits: [UInt8]

    /// No flags for `count` enterprises.
    public init(count: Int) { bits = [UInt8](repeating: 0, count: count) }

    /// The flags of enterprise `id`, in `DiagnosisFlag` order.
    public subscript(id: Int) -> [DiagnosisFlag] {
        DiagnosisFlag.allCases.indices.filter { bits[id] & (1 << $0) != 0 }.map { DiagnosisFlag.allCases[$0] }
    }

    /// The bit of `flag` in `bits`.
    public static func bit(_ flag: DiagnosisFlag) -> UInt8 {
        1 << (DiagnosisFlag.allCases.firstIndex(of: flag) ?? 0)
    }

    /// The flags cell: `;`-separated in `DiagnosisFlag` order, empty when none.
    public func cell(_ id: Int) -> String { DiagnosisFlags.cells[Int(bits[id])] }

    /// The cell of every combination of bits.
    static let cells: [String] = (0..<(1 << DiagnosisFlag.allCases.count)).map { set in
        DiagnosisFlag.allCases.indices.filter { set & (1 << $0) != 0 }.map { DiagnosisFlag.allCases[$0].rawValue }
            .joined(separator: ";")
    }
}

/// One gazelle candidate (SPEC §12, appendix 34).
public struct GazelleRow: Equatable, Sendable {
    public var enterprise: Int
    /// Own revenue of Y−3, Y−2, Y−1 and Y, 万元 (the middle years may be missing: an empty cell).
    public var revenue: [Double?]
    public var cagr: Double
}

/// Output of growth: candidates by printed CAGR descending, then uscc.
public struct Gazelles: Sendable {
    public var rows: [GazelleRow]
}

/// One zone-level target row of targets.csv (SPEC §12, appendix 35).
public struct TargetRow: Equatable, Sendable {
    public enum Kind: String, Sendable {
        case taxPerMu = "tax_per_mu"
        case energyIntensity = "energy_intensity"
    }
    /// Whether the value must reach the goal (tax per mu) or stay at or below it (energy intensity).
    public enum Direction: String, Sendable {
        case atLeast = "at_least"
        case atMost = "at_most"
    }
    public var kind: Kind
    public var year: Int
    /// The zone's value; nil when its denominator is 0.
    public var value: Double?
    public var baselineYear: Int?
    public var baseline: Double?
    public var multiplier: Double?
    public var targetYear: Int?
    public var goal: Double
    public var direction: Direction
    /// value / goal.
    public var valueToGoal: Double?
    /// Compared as printed (appendix 33); nil when the value is.
    public var met: Bool?
}

/// Output of targets: only the configured parts.
public struct TargetResults: Sendable {
    public var rows: [TargetRow]
}
