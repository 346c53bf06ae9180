/// A parsed, validated pipeline file (SPEC §14). Every field holds its default when the file is
/// silent, so stages never need to know what was written and what was defaulted.
public struct Pipeline: Equatable, Sendable {
    public var name: String = "mujun"
    /// The evaluation year; `--year` overrides it.
    public var year: Int = 2024
    /// Default `--data` folder, already resolved against the pipeline file's folder.
    public var data: String? = nil
    public var maxRejectShare: Double = 0.05
    /// Per input file settings, keyed by the canonical file name (`tax.csv`).
    public var inputs: [InputFile: InputSettings] = [:]
    public var energyFactors: EnergyFactors = EnergyFactors()
    public var leases: LeaseSettings = LeaseSettings()
    public var eligibility: Eligibility = Eligibility()
    public var vetoKinds: [ViolationKind] = [.safety, .environment, .land]
    public var highTechBonus: Double = 0
    public var groups: [EvaluationGroup] = []
    public var policies: Policies = Policies()
    public var diagnosis: Diagnosis = Diagnosis()
    public var gazelle: GazelleSettings = GazelleSettings()
    public var targets: Targets = Targets()

    public init() {}

    public func settings(for file: InputFile) -> InputSettings {
        inputs[file] ?? InputSettings()
    }
}

/// The nine department exports of SPEC §2, in the order rejects.csv and the manifest list them.
public enum InputFile: String, CaseIterable, Sendable, Hashable, Comparable {
    case enterprises = "enterprises.csv"
    case tax = "tax.csv"
    case energy = "energy.csv"
    case land = "land.csv"
    case economy = "economy.csv"
    case emissions = "emissions.csv"
    case leases = "leases.csv"
    case violations = "violations.csv"
    case history = "history.csv"

    public var isRequired: Bool {
        switch self {
        case .enterprises, .tax, .energy, .land: return true
        default: return false
        }
    }

    /// Position in `allCases` (SPEC §2 order): a switch, because `allCases` is a new array per use.
    public var ordinal: Int {
        switch self {
        case .enterprises: return 0
        case .tax: return 1
        case .energy: return 2
        case .land: return 3
        case .economy: return 4
        case .emissions: return 5
        case .leases: return 6
        case .violations: return 7
        case .history: return 8
        }
    }

    public static func < (a: InputFile, b: InputFile) -> Bool { a.ordinal < b.ordinal }
}

public enum TextEncoding: String, Sendable, Equatable {
    case auto
    case utf8 = "utf-8"
    case gb18030
}

public enum MoneyUnit: String, Sendable, Equatable {
    case yuan
    case wanYuan = "wan_yuan"

}

public struct InputSettings: Equatable, Sendable {
    /// Relative to `--data`; defaults to the canonical file name.
    public var path: String? = nil
    public var encoding: TextEncoding = .auto
    public var moneyUnit: MoneyUnit = .yuan
    /// Header as found in the file (after trimming and case-folding) → canonical column name.
    public var columns: [String: String] = [:]
    public init() {}
}

/// kgce per base unit (SPEC §4), config-overridable.
public struct EnergyFactors: Equatable, Sendable {
    public var electricity = 0.1229
    public var naturalGas = 1.2143
    public var rawCoal = 0.7143
    public var coke = 0.9714
    public var fuelOil = 1.4286
    public var gasoline = 1.4714
    public var diesel = 1.4571
    public var lpg = 1.7143
    public var heat = 0.0341
    public init() {}

    public subscript(carrier: EnergyCarrier) -> Double {
        get {
            switch carrier {
            case .electricity: return electricity
            case .naturalGas: return naturalGas
            case .rawCoal: return rawCoal
            case .coke: return coke
            case .fuelOil: return fuelOil
            case .gasoline: return gasoline
            case .diesel: return diesel
            case .lpg: return lpg
            case .heat: return heat
            }
        }
        set {
            switch carrier {
            case .electricity: electricity = newValue
            case .naturalGas: naturalGas = newValue
            case .rawCoal: rawCoal = newValue
            case .coke: coke = newValue
            case .fuelOil: fuelOil = newValue
            case .gasoline: gasoline = newValue
            case .diesel: diesel = newValue
            case .lpg: lpg = newValue
            case .heat: heat = newValue
            }
        }
    }
}

public enum LeaseMode: String, Sendable, Equatable {
    case combine
    case split
}

public struct LeaseSettings: Equatable, Sendable {
    public var mode: LeaseMode = .combine
    public var tenantPenaltyFree: Int = 1
    public var tenantPenaltyPoints: Double = 5
    public var pureRentalShare: Double = 0.95
    public init() {}
}

public struct Eligibility: Equatable, Sendable {
    public var newEnterpriseYears: Int = 2
    public var minAreaMu: Double = 0
    public init() {}
}

public enum Scale: String, CaseIterable, Sendable, Equatable {
    case above
    case below

    /// Position in `allCases`, for tables indexed by scale.
    @inline(__always)
    public var ordinal: Int {
        switch self {
        case .above: return 0
        case .below: return 1
        }
    }
}

/// Which enterprises a group takes: all conditions present must hold.
public struct GroupPredicate: Equatable, Sendable {
    public var scale: Scale? = nil
    /// Inclusive.
    public var minAreaMu: Double? = nil
    /// Exclusive.
    public var maxAreaMu: Double? = nil
    public init() {}
}

public enum ScoringMethod: String, Sendable, Equatable {
    case ratio
    case minmax
}

public enum Benchmark: Equatable, Sendable {
    case mean
    case median
    case fixed(Double)
}

public enum MissingRule: String, Sendable, Equatable {
    case zero
    case groupMean = "group_mean"
}

/// The nine indicators of SPEC §7, in that order (the order of rankings.csv).
public enum IndicatorID: String, CaseIterable, Sendable, Hashable {
    case taxPerMu = "tax_per_mu"
    case vaPerMu = "va_per_mu"
    case revenuePerMu = "revenue_per_mu"
    case vaPerEnergy = "va_per_energy"
    case vaPerEmission = "va_per_emission"
    case laborProductivity = "labor_productivity"
    case rdIntensity = "rd_intensity"
    case taxPerKwh = "tax_per_kwh"
    case energyIntensity = "energy_intensity"
}

public struct IndicatorSpec: Equatable, Sendable {
    public var id: IndicatorID
    public var weight: Double
    public var benchmark: Benchmark = .mean
    public var byIndustry: Bool = false
    public var missing: MissingRule = .zero
    /// Overrides the group's cap when set.
    public var cap: Double? = nil
    public init(id: IndicatorID, weight: Double) {
        self.id = id
        self.weight = weight
    }
}

public enum ClassRule: Equatable, Sendable {
    /// Cumulative shares are taken from these, in integer hundredths of a percent (SPEC §9).
    case quota(aHundredths: Int, bHundredths: Int, cHundredths: Int)
    case thresholds(a: Double, b: Double, c: Double)
}

public struct EvaluationGroup: Equatable, Sendable {
    public var id: String
    public var name: String = ""
    public var predicate: GroupPredicate = GroupPredicate()
    public var method: ScoringMethod = .ratio
    public var cap: Double? = nil
    public var indicators: [IndicatorSpec] = []
    public var classes: ClassRule = .quota(aHundredths: 2000, bHundredths: 6000, cHundredths: 1500)
    public init(id: String) { self.id = id }

    /// The cap an indicator is scored with: its own, else the group's.
    public func cap(for indicator: IndicatorSpec) -> Double? { indicator.cap ?? cap }
}

/// Evaluation classes; `t` is "not evaluated" (暂不评价).
public enum EnterpriseClass: String, CaseIterable, Sendable, Comparable {
    case a = "A"
    case b = "B"
    case c = "C"
    case d = "D"
    case t = "T"

    public static func < (l: EnterpriseClass, r: EnterpriseClass) -> Bool {
        l.ordinal < r.ordinal
    }
}

public struct Policies: Equatable, Sendable {
    /// yuan/kWh by consecutive year in class (the last entry holds from then on).
    public var electricitySurcharge: [EnterpriseClass: [Double]] = [.c: [0.05], .d: [0.1, 0.2, 0.3]]
    public var landUseTaxRebate: [EnterpriseClass: Double] = [.a: 1.0, .b: 0.5]
    public var energyQuotaChange: [EnterpriseClass: Double] = [:]
    public var emissionQuotaChange: [EnterpriseClass: Double] = [:]
    public init() {}
}

public struct Diagnosis: Equatable, Sendable {
    public var energyMismatchRatio: Double = 0.5
    public var idleLandMinAreaMu: Double = 10
    public var idleLandMaxTaxShare: Double = 0.1
    /// Category number ("1" … "5") → recommended action text.
    public var actions: [Int: String] = [:]
    public init() {}
}

public struct GazelleSettings: Equatable, Sendable {
    public var minCagr: Double = 0.20
    public var minRevenueWan: Double = 2000
    public init() {}
}

public struct TaxPerMuTarget: Equatable, Sendable {
    public var baselineYear: Int
    public var baseline: Double
    public var multiplier: Double
    public var targetYear: Int?
    public init(baselineYear: Int, baseline: Double, multiplier: Double, targetYear: Int?) {
        self.baselineYear = baselineYear
        self.baseline = baseline
        self.multiplier = multiplier
        self.targetYear = targetYear
    }
}

public struct Targets: Equatable, Sendable {
    public var taxPerMu: TaxPerMuTarget? = nil
    public var energyIntensityReference: Double? = nil
    public init() {}
}
