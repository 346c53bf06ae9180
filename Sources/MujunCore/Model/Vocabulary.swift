/// The closed vocabularies of SPEC §2 and §4. Each `init?(cell:)` takes a trimmed cell and
/// accepts exactly the aliases SPEC lists, case-folded (appendix rule 5); anything else is unknown.

public enum EnergyCarrier: String, CaseIterable, Sendable {
    case electricity
    case naturalGas = "natural_gas"
    case rawCoal = "raw_coal"
    case coke
    case fuelOil = "fuel_oil"
    case gasoline
    case diesel
    case lpg
    case heat

    static let aliases: [String: EnergyCarrier] = [
        "electricity": .electricity, "电力": .electricity,
        "natural_gas": .naturalGas, "天然气": .naturalGas,
        "raw_coal": .rawCoal, "原煤": .rawCoal,
        "coke": .coke, "焦炭": .coke,
        "fuel_oil": .fuelOil, "燃料油": .fuelOil,
        "gasoline": .gasoline, "汽油": .gasoline,
        "diesel": .diesel, "柴油": .diesel,
        "lpg": .lpg, "液化石油气": .lpg,
        "heat": .heat, "热力": .heat,
    ]

    static let vocabulary = ByteVocabulary(aliases)

    public init?(cell: String) {
        guard let v = Self.vocabulary.lookup(cell) else { return nil }
        self = v
    }

    /// The same lookup straight from a trimmed cell's bytes (the ingest hot path).
    init?(bytes: UnsafeBufferPointer<UInt8>) {
        guard let v = Self.vocabulary.lookup(bytes) else { return nil }
        self = v
    }

    /// Multipliers from each accepted unit to this carrier's base unit (SPEC §4 table).
    public func baseUnitMultiplier(_ unit: EnergyUnit) -> Double? {
        switch (self, unit) {
        case (.electricity, .kwh): return 1
        case (.electricity, .tenThousandKwh): return 1e4
        case (.electricity, .mwh): return 1e3
        case (.naturalGas, .m3): return 1
        case (.naturalGas, .tenThousandM3): return 1e4
        case (.rawCoal, .kg), (.coke, .kg), (.fuelOil, .kg), (.gasoline, .kg), (.diesel, .kg), (.lpg, .kg):
            return 1
        case (.rawCoal, .t), (.coke, .t), (.fuelOil, .t), (.gasoline, .t), (.diesel, .t), (.lpg, .t):
            return 1e3
        case (.heat, .mj): return 1
        case (.heat, .gj): return 1e3
        default: return nil
        }
    }
}

public enum EnergyUnit: String, CaseIterable, Sendable {
    case kwh = "kWh"
    case tenThousandKwh = "万kWh"
    case mwh = "MWh"
    case m3
    case tenThousandM3 = "万m3"
    case kg
    case t
    case mj = "MJ"
    case gj = "GJ"

    static let aliases: [String: EnergyUnit] = [
        "kwh": .kwh, "千瓦时": .kwh, "度": .kwh,
        "万kwh": .tenThousandKwh, "万千瓦时": .tenThousandKwh,
        "mwh": .mwh,
        "m3": .m3, "m³": .m3, "立方米": .m3,
        "万m3": .tenThousandM3, "万立方米": .tenThousandM3,
        "kg": .kg, "千克": .kg, "公斤": .kg,
        "t": .t, "吨": .t,
        "mj": .mj, "兆焦": .mj,
        "gj": .gj, "吉焦": .gj,
    ]

    static let vocabulary = ByteVocabulary(aliases)

    public init?(cell: String) {
        guard let v = Self.vocabulary.lookup(cell) else { return nil }
        self = v
    }

    /// The same lookup straight from a trimmed cell's bytes (the ingest hot path).
    init?(bytes: UnsafeBufferPointer<UInt8>) {
        guard let v = Self.vocabulary.lookup(bytes) else { return nil }
        self = v
    }
}

public enum AreaUnit: String, CaseIterable, Sendable {
    case mu
    case m2
    case ha

    static let aliases: [String: AreaUnit] = [
        "mu": .mu, "亩": .mu,
        "m2": .m2, "m²": .m2, "㎡": .m2, "平方米": .m2,
        "ha": .ha, "公顷": .ha,
    ]

    static let vocabulary = ByteVocabulary(aliases)

    public init?(cell: String) {
        guard let v = Self.vocabulary.lookup(cell) else { return nil }
        self = v
    }

    /// The same lookup straight from a trimmed cell's bytes (the ingest hot path).
    init?(bytes: UnsafeBufferPointer<UInt8>) {
        guard let v = Self.vocabulary.lookup(bytes) else { return nil }
        self = v
    }

    /// 1 mu = 10000/15 m² exactly (SPEC §4).
    public var toMu: Double {
        switch self {
        case .mu: return 1
        case .m2: return 0.0015
        case .ha: return 15
        }
    }
}

public enum Pollutant: String, CaseIterable, Sendable {
    case cod = "COD"
    case nh3n = "NH3N"
    case so2 = "SO2"
    case nox = "NOX"

    /// Position in `allCases`: a switch, because `allCases` is a new array per use (this is per row).
    var ordinal: Int {
        switch self {
        case .cod: return 0
        case .nh3n: return 1
        case .so2: return 2
        case .nox: return 3
        }
    }

    static let aliases: [String: Pollutant] = [
        "cod": .cod, "nh3n": .nh3n, "氨氮": .nh3n, "so2": .so2, "二氧化硫": .so2, "nox": .nox, "氮氧化物": .nox,
    ]

    static let vocabulary = ByteVocabulary(aliases)

    public init?(cell: String) {
        guard let v = Self.vocabulary.lookup(cell) else { return nil }
        self = v
    }

    /// The same lookup straight from a trimmed cell's bytes (the ingest hot path).
    init?(bytes: UnsafeBufferPointer<UInt8>) {
        guard let v = Self.vocabulary.lookup(bytes) else { return nil }
        self = v
    }

    /// kg per pollution equivalent (Environmental Protection Tax Law schedule).
    public var kgPerEquivalent: Double {
        switch self {
        case .cod: return 1
        case .nh3n: return 0.8
        case .so2, .nox: return 0.95
        }
    }
}

public enum ViolationKind: String, CaseIterable, Sendable {
    case safety
    case environment
    case land
    case tax
    case other

    static let aliases: [String: ViolationKind] = [
        "safety": .safety, "安全生产": .safety,
        "environment": .environment, "环保": .environment,
        "land": .land, "土地": .land,
        "tax": .tax, "税务": .tax,
        "other": .other,
    ]

    static let vocabulary = ByteVocabulary(aliases)

    public init?(cell: String) {
        guard let v = Self.vocabulary.lookup(cell) else { return nil }
        self = v
    }

    /// The same lookup straight from a trimmed cell's bytes (the ingest hot path).
    init?(bytes: UnsafeBufferPointer<UInt8>) {
        guard let v = Self.vocabulary.lookup(bytes) else { return nil }
        self = v
    }
}

public enum Severity: String, CaseIterable, Sendable {
    case major
    case minor

    static let vocabulary = ByteVocabulary(["major": Severity.major, "重大": .major, "minor": .minor, "一般": .minor])

    public init?(cell: String) {
        guard let v = Self.vocabulary.lookup(cell) else { return nil }
        self = v
    }

    init?(bytes: UnsafeBufferPointer<UInt8>) {
        guard let v = Self.vocabulary.lookup(bytes) else { return nil }
        self = v
    }
}

extension Scale {
    static let vocabulary = ByteVocabulary(["above": Scale.above, "规上": .above, "below": .below, "规下": .below])

    public init?(cell: String) {
        guard let v = Self.vocabulary.lookup(cell) else { return nil }
        self = v
    }

    init?(bytes: UnsafeBufferPointer<UInt8>) {
        guard let v = Self.vocabulary.lookup(bytes) else { return nil }
        self = v
    }
}

extension EnterpriseClass {
    static let vocabulary = ByteVocabulary(["a": EnterpriseClass.a, "b": .b, "c": .c, "d": .d, "t": .t])

    public init?(cell: String) {
        guard let v = Self.vocabulary.lookup(cell) else { return nil }
        self = v
    }

    init?(bytes: UnsafeBufferPointer<UInt8>) {
        // Nearly every class cell is one letter (2.9 million history rows at province scale):
        // folded and matched without the vocabulary.
        if bytes.count == 1 {
            switch bytes[0] | 0x20 {
            case UInt8(ascii: "a"): self = .a
            case UInt8(ascii: "b"): self = .b
            case UInt8(ascii: "c"): self = .c
            case UInt8(ascii: "d"): self = .d
            case UInt8(ascii: "t"): self = .t
            default: return nil
            }
            return
        }
        guard let v = Self.vocabulary.lookup(bytes) else { return nil }
        self = v
    }
}

private let booleans = ByteVocabulary(["1": true, "true": true, "是": true, "0": false, "false": false, "否": false])

/// `1`/`0`, `true`/`false`, `是`/`否` (SPEC §2).
public func parseBoolean(_ cell: String) -> Bool? { booleans.lookup(cell) }

/// The same on a trimmed cell's bytes.
func parseBoolean(bytes: UnsafeBufferPointer<UInt8>) -> Bool? { booleans.lookup(bytes) }

private let landUseTaxTypes = ByteVocabulary(["land_use": true, "城镇土地使用税": true])

/// `land_use` or `城镇土地使用税` marks land-use tax (SPEC §2).
public func isLandUseTaxType(_ cell: String) -> Bool { landUseTaxTypes.lookup(cell) ?? false }

/// The same test on a trimmed cell's bytes.
func isLandUseTaxType(bytes: UnsafeBufferPointer<UInt8>) -> Bool { landUseTaxTypes.lookup(bytes) ?? false }
