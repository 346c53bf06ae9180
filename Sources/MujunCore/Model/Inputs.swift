/// What ingest hands to the rest of the pipeline: the registry, every enterprise's own yearly sums
/// (indexed by dense id, in registry order), the row lists that stay rows, and the accounting.

/// One accepted enterprises.csv row per entry; `id` is the position in these arrays.
public struct Registry: Sendable {
    public var codes: [USCC] = []
    public var names = TextColumn()
    public var industries = InternedText()
    public var regions = InternedText()
    public var scales: [Scale] = []
    public var established: [CivilDate] = []
    public var highTech: [Bool] = []
    /// Non-empty = not evaluated (免评原因).
    public var exempt = InternedText()
    var index = CodeIndex()

    public init() {}

    public var count: Int { codes.count }

    public func id(of code: USCC) -> Int? { index.id(of: code.key, in: codes) }

    /// Enters `candidates` in order, each unless an earlier one has its code (first row wins,
    /// appendix 10), and says which were entered; the registry must be empty. Once they are in,
    /// `fill` gives the other columns, one entry per code entered, in the same order.
    mutating func enterCodes(_ candidates: [USCC]) -> [Bool] {
        precondition(codes.isEmpty, "codes are entered into an empty registry")
        let (built, entered) = CodeIndex.entering(candidates)
        index = built
        codes.reserveCapacity(built.count)
        for (k, code) in candidates.enumerated() where entered[k] { codes.append(code) }
        return entered
    }

    /// The columns besides the codes, for the codes `enterCodes` entered.
    mutating func fill(_ columns: RegistryColumns) {
        names = columns.names
        industries = columns.industries
        regions = columns.regions
        scales = columns.scales
        established = columns.established
        highTech = columns.highTech
        exempt = columns.exempt
    }
}

/// The registry's columns besides its codes, one entry per code entered, in id order.
struct RegistryColumns {
    var names: TextColumn
    var industries: InternedText
    var regions: InternedText
    var scales: [Scale]
    var established: [CivilDate]
    var highTech: [Bool]
    var exempt: InternedText
}

/// Statistics-bureau figures for one year, per enterprise; NaN = missing (no row, or an empty cell).
public struct EconomyColumns: Sendable {
    public var hasRow: [Bool]
    public var revenue: [Double]
    public var valueAdded: [Double]
    public var employees: [Double]
    public var rdExpense: [Double]

    init(count: Int) {
        // A column each, not one shared: a shared one is copied by each column's first write, in
        // the economy reader's row loop.
        hasRow = Array(repeating: false, count: count)
        revenue = Array(repeating: .nan, count: count)
        valueAdded = Array(repeating: .nan, count: count)
        employees = Array(repeating: .nan, count: count)
        rdExpense = Array(repeating: .nan, count: count)
    }
}

/// Each enterprise's own sums for the evaluation year, before any lease merge (SPEC §4).
public struct OwnSums: Sendable {
    // Tax and energy, the files read in parallel chunks, keep the sums where their workers added
    // them (`SumColumn`); the other files' sums are arrays.
    /// 万元, all tax rows of the year (refunds included).
    public var tax: SumColumn
    /// 万元, rows typed land-use tax.
    public var landUseTax: SumColumn
    public var energyTce: SumColumn
    /// 万kWh, electricity rows only.
    public var electricity10kKwh: SumColumn
    /// mu, accepted parcels (any year: land has no period).
    public var landMu: [ExactSum]
    /// Pollution equivalents.
    public var emissionEq: [ExactSum]
    public var economy: EconomyColumns
    /// Revenue (万元) of years Y−3, Y−2, Y−1 for growth (index 0 = Y−3); NaN when absent.
    public var earlierRevenue: [[Double]]
    /// Whether the enterprise has an economy row in Y−3, Y−2, Y−1 (index 0 = Y−3); growth needs every
    /// year's row even where a cell is empty.
    public var earlierHasRow: [[Bool]]

    init(count: Int) {
        let empty = Array(repeating: ExactSum(), count: count)
        let emptyColumn = SumColumn(count: count)
        tax = emptyColumn
        landUseTax = emptyColumn
        energyTce = emptyColumn
        electricity10kKwh = emptyColumn
        landMu = empty
        emissionEq = empty
        economy = EconomyColumns(count: count)
        earlierRevenue = Array(repeating: Array(repeating: .nan, count: count), count: 3)
        earlierHasRow = Array(repeating: Array(repeating: false, count: count), count: 3)
    }

    /// Makes every column that no file filled (an optional file that is absent) an empty column of
    /// `count` entries. Ingest starts from columns of none: each file's reader makes its own, so
    /// empty columns of the whole registry made up front (~90 MB at a million enterprises, written
    /// on one core) were thrown away unread.
    mutating func fillAbsent(count: Int) {
        func lacking(_ n: Int) -> Bool { n != count }
        if lacking(tax.count) { tax = SumColumn(count: count) }
        if lacking(landUseTax.count) { landUseTax = SumColumn(count: count) }
        if lacking(energyTce.count) { energyTce = SumColumn(count: count) }
        if lacking(electricity10kKwh.count) { electricity10kKwh = SumColumn(count: count) }
        if lacking(landMu.count) { landMu = Array(repeating: ExactSum(), count: count) }
        if lacking(emissionEq.count) { emissionEq = Array(repeating: ExactSum(), count: count) }
        if lacking(economy.revenue.count) { economy = EconomyColumns(count: count) }
        if earlierRevenue.count != 3 || earlierRevenue.contains(where: { lacking($0.count) }) {
            earlierRevenue = Array(repeating: Array(repeating: .nan, count: count), count: 3)
        }
        if earlierHasRow.count != 3 || earlierHasRow.contains(where: { lacking($0.count) }) {
            earlierHasRow = Array(repeating: Array(repeating: false, count: count), count: 3)
        }
    }
}

public struct Lease: Equatable, Sendable {
    public var landlord: Int
    public var tenant: Int
    public var areaMu: Double
}

public struct Violation: Equatable, Sendable {
    public var enterprise: Int
    public var date: CivilDate
    public var kind: ViolationKind
    public var severity: Severity
}

/// One row of history.csv (or of an earlier run's rankings.csv given with `--history`).
///
/// Stored compactly (40 bytes instead of 64): a province's history has millions of rows.
public struct HistoryEntry: Equatable, Sendable {
    // The code's key in two halves: a UInt128 field would align the whole entry to 16 bytes.
    private var codeHigh: UInt64
    private var codeLow: UInt64
    /// NaN when the row has no score.
    private var storedScore: Double
    /// 0 when the row has no rank (a rank is positive).
    private var storedRank: Int64
    /// A history year has four digits.
    private var storedYear: Int16
    public var enterpriseClass: EnterpriseClass
    /// The code's registry id as the reader looked it up (-1: not in the registry), so the history
    /// stage need not look 2.9 million codes up again; -2 when the entry was made without one.
    private var storedRegistryID: Int32 = -2

    public init(code: USCC, year: Int, enterpriseClass: EnterpriseClass, score: Double?, rank: Int?) {
        codeHigh = UInt64(truncatingIfNeeded: code.key >> 64)
        codeLow = UInt64(truncatingIfNeeded: code.key)
        storedYear = Int16(clamping: year)
        self.enterpriseClass = enterpriseClass
        storedScore = score ?? .nan
        storedRank = rank.map { Int64($0) } ?? 0
    }

    /// A row the reader has looked up: `registryID` is the code's id, nil when it is not in the registry.
    init(code: USCC, registryID: Int?, year: Int, enterpriseClass: EnterpriseClass, score: Double?, rank: Int?) {
        self.init(code: code, year: year, enterpriseClass: enterpriseClass, score: score, rank: rank)
        storedRegistryID = registryID.map { Int32(truncatingIfNeeded: $0) } ?? -1
    }

    /// The registry id the reader found: `.some(nil)` when the code is not in the registry, nil
    /// when the entry was made without a look-up.
    var lookedUpRegistryID: Int?? {
        switch storedRegistryID {
        case -2: return nil
        case -1: return .some(nil)
        default: return .some(Int(storedRegistryID))
        }
    }

    public var code: USCC { USCC(key: UInt128(codeHigh) << 64 | UInt128(codeLow)) }
    public var year: Int { Int(storedYear) }
    public var score: Double? { storedScore.isNaN ? nil : storedScore }
    public var rank: Int? { storedRank == 0 ? nil : Int(storedRank) }

    public static func == (a: HistoryEntry, b: HistoryEntry) -> Bool {
        a.code == b.code && a.year == b.year && a.enterpriseClass == b.enterpriseClass && a.score == b.score
            && a.rank == b.rank
    }
}

/// Stable reason codes of appendix rule 12 (dashboards key on them).
public enum RejectReason: String, CaseIterable, Sendable, Comparable {
    case malformedRow = "malformed_row"
    case missingValue = "missing_value"
    case invalidUSCC = "invalid_uscc"
    case unparseableNumber = "unparseable_number"
    case unparseablePeriod = "unparseable_period"
    case unparseableDate = "unparseable_date"
    case unparseableYear = "unparseable_year"
    case negativeValue = "negative_value"
    case nonPositiveValue = "non_positive_value"
    case unknownCarrier = "unknown_carrier"
    case unknownUnit = "unknown_unit"
    case unknownPollutant = "unknown_pollutant"
    case unknownKind = "unknown_kind"
    case unknownSeverity = "unknown_severity"
    case unknownClass = "unknown_class"
    case invalidValue = "invalid_value"
    case unknownEnterprise = "unknown_enterprise"
    case duplicateKey = "duplicate_key"

    public static func < (a: RejectReason, b: RejectReason) -> Bool { a.rawValue < b.rawValue }
}

/// One rejected input row, as rejects.csv lists it.
public struct Reject: Equatable, Sendable {
    public var file: InputFile
    public var line: Int
    /// The row's code as read (trimmed, upper-cased), when the row has one.
    public var uscc: String
    public var reason: RejectReason
    public var message: String
}

/// Row accounting for one input file (the manifest's `inputs`).
public struct FileReport: Equatable, Sendable {
    public var file: InputFile
    public var path: String
    /// False for an optional file that is absent.
    public var present: Bool
    public var facts: FileFacts?
    public var rowsRead = 0
    public var rowsAccepted = 0
    public var rejectsByReason: [RejectReason: Int] = [:]
    /// Accepted rows dated in the evaluation year (files with a period, year or date).
    public var rowsInYear = 0

    public var rowsRejected: Int { rowsRead - rowsAccepted }
}

/// Everything ingest produced.
public struct Inputs: Sendable {
    public var year: Int
    public var registry: Registry
    public var sums: OwnSums
    public var leases: [Lease]
    public var violations: [Violation]
    public var history: [HistoryEntry]
    public var rejects: [Reject]
    public var files: [FileReport]
    public var warnings: [Warning]
    /// What the history stage needs of `history`, taken by ingest while the other files were still
    /// being read (nil for inputs made otherwise: the digest is then taken from `history`).
    public var historyDigest: HistoryDigest? = nil
}
