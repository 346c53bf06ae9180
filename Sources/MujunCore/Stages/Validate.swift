import CIntrinsics
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
///
/// A plain value pointing at its state (owned by a `CodeCache.Owner`): it is read and written for
/// every row, and a class would cost a retain and release per row and an exclusivity check per
/// stored `var`.
struct CodeCache {
    fileprivate struct State {
        /// The last code's 18 bytes, as words (only valid codes, all 18 bytes long, are kept).
        var head: UInt64 = 0
        var middle: UInt64 = 0
        var tail: UInt16 = 0
        var code: USCC? = nil
        var lookedUp: USCC? = nil
        var id = 0
    }
    private let state: UnsafeMutablePointer<State>

    /// Owns one cache's state for as long as its reader lives.
    final class Owner {
        let cache: CodeCache

        init() {
            let state = UnsafeMutablePointer<State>.allocate(capacity: 1)
            state.initialize(to: State())
            cache = CodeCache(state: state)
        }

        deinit {
            cache.state.deinitialize(count: 1)
            cache.state.deallocate()
        }
    }

    @inline(__always)
    private static func words(_ p: UnsafePointer<UInt8>) -> (UInt64, UInt64, UInt16) {
        (mujun_load_u64(p), mujun_load_u64(p + 8), mujun_load_u16(p + 16))
    }

    @inline(__always)
    private func code(for cell: UnsafeBufferPointer<UInt8>) -> USCC? {
        guard cell.count == 18, let base = cell.baseAddress, let code = state.pointee.code else { return nil }
        let (head, middle, tail) = CodeCache.words(base)
        let s = state.pointee
        return head == s.head && middle == s.middle && tail == s.tail ? code : nil
    }

    private func remember(_ cell: UnsafeBufferPointer<UInt8>, _ code: USCC) {
        guard cell.count == 18, let base = cell.baseAddress else { return }
        (state.pointee.head, state.pointee.middle, state.pointee.tail) = CodeCache.words(base)
        state.pointee.code = code
    }

    /// The code in a trimmed cell: the last one again, or parsed (and remembered); nil when invalid.
    ///
    /// The check against the last code is inlined into the row loops (most rows repeat the code
    /// before them); a new code is parsed out of line.
    @_transparent
    func code(parsing cell: UnsafeBufferPointer<UInt8>) -> USCC? {
        if let known = code(for: cell) { return known }
        return parseAndRemember(cell)
    }

    @inline(never)
    private func parseAndRemember(_ cell: UnsafeBufferPointer<UInt8>) -> USCC? {
        guard let code = USCC(bytes: cell) else { return nil }
        remember(cell, code)
        return code
    }

    /// The registry id of the code in a trimmed cell, for a fast path that needs an enterprise of
    /// the registry: nil when the cell holds none (an invalid code, or one not in the registry;
    /// the generic path then says which). A new code is packed without its check character
    /// checked and looked up: found, it is a registry code, which was checked when it was entered
    /// (the key holds all 18 characters), and it is remembered; not found, nothing is.
    @_transparent
    func registeredID(parsing cell: UnsafeBufferPointer<UInt8>, in registry: Registry) -> Int? {
        // The last code again, and the last one looked up: inlined. Everything else is one call.
        if let known = code(for: cell), let id = lastLookedUpID(known) { return id }
        return registeredIDOfNewCode(cell, in: registry)
    }

    @inline(never)
    private func registeredIDOfNewCode(_ cell: UnsafeBufferPointer<UInt8>, in registry: Registry) -> Int? {
        // The last code remembered again, but not the last one found: one not in the registry, or
        // one the generic path parsed and left before looking it up (a later cell was bad).
        if let known = code(for: cell) { return lookUp(known, in: registry) }
        guard let key = USCC.uncheckedKey(cell) else { return nil }
        let code = USCC(key: key)
        guard let id = lookUp(code, in: registry) else { return nil }
        remember(cell, code)
        return id
    }

    /// The registry id of `code`, looked up at most once per run of equal codes (that check is
    /// inlined into the row loops, the look-up is not).
    @_transparent
    func id(of code: USCC, in registry: Registry) -> Int? {
        if let id = lastLookedUpID(code) { return id }
        return lookUp(code, in: registry)
    }

    /// The id of the last code looked up, if `code` is that code.
    @_transparent
    private func lastLookedUpID(_ code: USCC) -> Int? {
        guard let last = state.pointee.lookedUp, last.key == code.key else { return nil }
        return state.pointee.id
    }

    /// How many registry codes from the next one on a look-up compares before asking the hash table.
    static let lookAhead = 8

    @inline(never)
    private func lookUp(_ code: USCC, in registry: Registry) -> Int? {
        // Department exports are usually sorted like the registry: the next code is most often the
        // next enterprise's, or one a few places on when the file skips the enterprises it has no
        // rows for, which a few comparisons of the registry's codes in order confirm (its codes
        // are unique) without a cache miss in the hash table. At a million enterprises this
        // takes ~3 in 4 of the look-ups the next code alone left to the table (emissions cover
        // 40 % of the enterprises, energy 95 %).
        let next = state.pointee.lookedUp == nil ? 0 : state.pointee.id + 1
        var found = -1
        let codes = registry.codes
        for candidate in next..<Swift.min(next &+ CodeCache.lookAhead, codes.count) where codes[candidate] == code {
            found = candidate
            break
        }
        if found < 0 {
            guard let known = registry.id(of: code) else { return nil }
            found = known
        }
        state.pointee.lookedUp = code
        state.pointee.id = found
        return found
    }
}

/// Whether a cell plainly needs no trimming: it starts and ends in a printable ASCII byte or a CJK
/// character (three bytes led by E4–EF; white space is led by E1–E3 or C2, and the input is valid
/// UTF-8). Most cells do; the others go through `trimmedRange`.
@inline(__always)
func plainlyUntrimmed(_ p: UnsafePointer<UInt8>, _ count: Int) -> Bool {
    guard count > 0 else { return false }
    let first = p[0]
    let last = p[count - 1]
    let cleanStart = (first > 0x20 && first < 0x80) || (first >= 0xE4 && first <= 0xEF)
    let cleanEnd = (last > 0x20 && last < 0x80) || (last >= 0x80 && count >= 3 && p[count - 3] >= 0xE4 && p[count - 3] <= 0xEF)
    return cleanStart && cleanEnd
}

/// How a number's sign is constrained (appendix rule 13).
enum SignRule {
    case any
    case nonNegative
    case positive
}

/// Checked access to the cells of one record, column by column in SPEC §2 order.
///
/// Built for every row of every file, so it holds only plain values: the record's buffer and
/// field bounds, the column positions, and the code cache, none of them retained or released per
/// row. It must not outlive the record it was made from (the ingest loop uses it only inside
/// `FileConsumer.take`).
struct RowCells {
    private let base: UnsafeMutablePointer<UInt8>
    private let starts: UnsafeMutablePointer<Int>
    private let ends: UnsafeMutablePointer<Int>
    /// Field position of each column slot, -1 when the header lacks it.
    private let positions: UnsafePointer<Int>
    let file: InputFile
    /// Physical line of the record.
    let line: Int
    /// Remembers the last code seen: department exports list an enterprise's rows together.
    let cache: CodeCache

    init(record: CSVRecord, positions: UnsafePointer<Int>, file: InputFile, cache: CodeCache) {
        base = record.base
        line = record.line
        starts = record.bounds.starts
        ends = record.bounds.ends
        self.positions = positions
        self.file = file
        self.cache = cache
    }

    private func name(_ slot: Int) -> String { file.columns[slot].name }

    /// The trimmed cell, empty when the header has no such column. Callers check the field count
    /// against the header's before asking for cells, so every position is inside the record.
    @inline(__always)
    func cell(_ slot: Int) -> UnsafeBufferPointer<UInt8> {
        let position = positions[slot]
        guard position >= 0 else { return UnsafeBufferPointer(start: nil, count: 0) }
        let start = starts[position]
        let count = ends[position] - start
        let p = base + start
        if plainlyUntrimmed(p, count) { return UnsafeBufferPointer(start: p, count: count) }
        let raw = UnsafeBufferPointer(start: UnsafePointer(p), count: count)
        return UnsafeBufferPointer(rebasing: raw[trimmedRange(raw)])
    }

    func text(_ slot: Int) -> String { String(decoding: cell(slot), as: UTF8.self) }

    func required(_ slot: Int) throws -> UnsafeBufferPointer<UInt8> {
        let c = cell(slot)
        if c.isEmpty { throw RowReject(.missingValue, "'\(name(slot))' is empty") }
        return c
    }

    func uscc(_ slot: Int) throws -> USCC {
        guard let code = cache.code(parsing: try required(slot)) else {
            throw RowReject(.invalidUSCC, "'\(text(slot))' is not a valid unified social credit code")
        }
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
