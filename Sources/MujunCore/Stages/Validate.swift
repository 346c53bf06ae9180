#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Validate: the per-cell checks of SPEC §3 and appendix rules 4–14, applied to each record as it is
/// read, and the quality gate applied to the accounting afterwards.

/// Why one row was rejected; thrown by the cell checks and caught by the ingest loop.
struct RowReject: Error {
    var reason: RejectReason
    var message: String

    init(_ reason: RejectReason, _ message: String) {
        self.reason = reason
        self.message = message
    }
}

/// The last valid code read in a file and the enterprise it resolved to: consecutive rows of the
/// same enterprise skip both the check-character arithmetic and the registry look-up.
final class CodeCache {
    private var bytes = [UInt8](repeating: 0, count: 18)
    private var count = 0
    private var code: USCC? = nil
    private var lookedUp: USCC? = nil
    private var id = 0

    func code(for cell: UnsafeBufferPointer<UInt8>) -> USCC? {
        guard let code, cell.count == count, let base = cell.baseAddress else { return nil }
        let same = bytes.withUnsafeBufferPointer { b in b.baseAddress.map { memcmp($0, base, count) == 0 } ?? false }
        return same ? code : nil
    }

    func remember(_ cell: UnsafeBufferPointer<UInt8>, _ code: USCC) {
        guard cell.count <= 18 else { return }
        for i in 0..<cell.count { bytes[i] = cell[i] }
        count = cell.count
        self.code = code
    }

    /// The registry id of `code`, looked up at most once per run of equal codes.
    func id(of code: USCC, in registry: Registry) -> Int? {
        if code == lookedUp { return id }
        // Department exports are usually sorted like the registry: the next code is most often the
        // next enterprise's, which one comparison confirms (registry codes are unique) without
        // touching the hash table.
        let next = lookedUp == nil ? 0 : id + 1
        if next < registry.count && registry.codes[next] == code {
            lookedUp = code
            id = next
            return next
        }
        guard let found = registry.id(of: code) else { return nil }
        lookedUp = code
        id = found
        return found
    }
}

/// How a number's sign is constrained (appendix rule 13).
enum SignRule {
    case any
    case nonNegative
    case positive
}

/// Checked access to the cells of one record, column by column in SPEC §2 order.
struct RowCells {
    let record: CSVRecord
    let map: ColumnMap
    let file: InputFile
    /// Remembers the last code seen: department exports list an enterprise's rows together.
    let cache: CodeCache

    private func name(_ slot: Int) -> String { file.columns[slot].name }

    /// The trimmed cell, empty when the header has no such column.
    func cell(_ slot: Int) -> UnsafeBufferPointer<UInt8> {
        guard let position = map.positions[slot] else { return UnsafeBufferPointer(start: nil, count: 0) }
        return record.field(position)
    }

    func text(_ slot: Int) -> String { String(decoding: cell(slot), as: UTF8.self) }

    func required(_ slot: Int) throws -> UnsafeBufferPointer<UInt8> {
        let c = cell(slot)
        if c.isEmpty { throw RowReject(.missingValue, "'\(name(slot))' is empty") }
        return c
    }

    func uscc(_ slot: Int) throws -> USCC {
        let c = try required(slot)
        if let known = cache.code(for: c) { return known }
        guard let code = USCC(bytes: c) else {
            throw RowReject(.invalidUSCC, "'\(text(slot))' is not a valid unified social credit code")
        }
        cache.remember(c, code)
        return code
    }

    func number(_ slot: Int, _ sign: SignRule) throws -> Double {
        try checkedNumber(slot, try required(slot), sign)
    }

    /// An optional numeric cell: empty is missing (nil), not zero.
    func optionalNumber(_ slot: Int, _ sign: SignRule) throws -> Double? {
        let c = cell(slot)
        if c.isEmpty { return nil }
        return try checkedNumber(slot, c, sign)
    }

    private func checkedNumber(_ slot: Int, _ c: UnsafeBufferPointer<UInt8>, _ sign: SignRule) throws -> Double {
        guard let v = parseNumber(c) else {
            throw RowReject(.unparseableNumber, "'\(name(slot))' is not a number: '\(text(slot))'")
        }
        switch sign {
        case .any: break
        case .nonNegative:
            if v < 0 { throw RowReject(.negativeValue, "'\(name(slot))' must not be negative: \(text(slot))") }
        case .positive:
            if v <= 0 { throw RowReject(.nonPositiveValue, "'\(name(slot))' must be positive: \(text(slot))") }
        }
        return v
    }

    func period(_ slot: Int) throws -> Period {
        guard let p = parsePeriod(try required(slot)) else {
            throw RowReject(.unparseablePeriod, "'\(name(slot))' is not a period: '\(text(slot))'")
        }
        return p
    }

    func year(_ slot: Int) throws -> Int {
        guard let y = parseYear(try required(slot)) else {
            throw RowReject(.unparseableYear, "'\(name(slot))' is not a year: '\(text(slot))'")
        }
        return y
    }

    func date(_ slot: Int) throws -> CivilDate {
        guard let d = parseDate(try required(slot)) else {
            throw RowReject(.unparseableDate, "'\(name(slot))' is not a date: '\(text(slot))'")
        }
        return d
    }

    /// A vocabulary cell: empty is missing, an unknown word is `reason`.
    func word<T>(
        _ slot: Int, _ reason: RejectReason, _ what: String, _ parse: (UnsafeBufferPointer<UInt8>) -> T?
    ) throws -> T {
        guard let v = parse(try required(slot)) else { throw RowReject(reason, "unknown \(what) '\(text(slot))'") }
        return v
    }
}

/// The quality gate (SPEC §3, appendix 15): a file fails when rejected / read > `max_reject_share`.
public enum QualityGate {
    /// Files that fail the gate, in SPEC §2 order.
    public static func failures(_ files: [FileReport], maxRejectShare: Double) -> [FileReport] {
        files.filter { $0.rowsRead > 0 && Double($0.rowsRejected) / Double($0.rowsRead) > maxRejectShare }
    }

    /// The error a failing gate raises (exit 65).
    public static func error(_ failing: [FileReport], maxRejectShare: Double) -> PipelineError {
        let f = failing[0]
        let share = Double(f.rowsRejected) / Double(f.rowsRead)
        return .qualityGate(
            path: f.path, rejected: f.rowsRejected, read: f.rowsRead, share: share, limit: maxRejectShare,
            otherFiles: failing.count - 1)
    }
}
