import CIntrinsics

/// A data record read straight from the bytes, for the readers' fast path (issue #3): the common
/// clean row of a file whose header is in SPEC order (unquoted cells that need no trimming, one
/// line, as many cells as the header) is checked and kept in one pass, without the tokenizer's
/// field table or `RowCells`.
///
/// Every accessor returns nil for anything it does not handle exactly as the generic path would
/// (a quoted cell — but `optionalCell` reads plain quoted fields —, white space to trim, an
/// empty cell where it may not be, a missing or extra cell, a record cut by the end of the bytes);
/// the reader then hands the record to the generic path from its start, so results and rejects
/// never depend on which path a row took.
///
/// Its cell methods are `@_transparent`: marked `@inline(__always)`, they were still called once
/// per cell, the cursor kept in memory between calls (~10 % of ingest at a million enterprises).
struct FastRow {
    let p: UnsafeMutablePointer<UInt8>
    private(set) var position: Int
    private let end: Int
    /// Physical line of the record.
    let line: Int
    /// The commas and line feeds of the 64 bytes from `maskStart`, those already passed cleared;
    /// 0 when the row started too near the end of the bytes, or is longer and its rest is scanned.
    private var separators: UInt64 = 0
    private let maskStart: Int

    init(_ p: UnsafeMutablePointer<UInt8>, at position: Int, end: Int, line: Int = 0) {
        self.p = p
        self.position = position
        self.end = end
        self.line = line
        maskStart = position
        if end - position >= 64 { separators = mujun_separator_mask64(p + position) }
    }

    /// Where the cell at `position` stops: its comma or line feed, or `end`.
    @_transparent
    private mutating func nextStop() -> Int {
        guard separators != 0 else { return nextSeparatorOrNewline(p, position, end) }
        // Each cell takes one separator, in order, so the lowest left is this cell's.
        let stop = maskStart + separators.trailingZeroBitCount
        separators &= separators &- 1
        return stop
    }

    /// The next cell, up to its `,` (which must follow).
    @_transparent
    mutating func cell() -> UnsafeBufferPointer<UInt8>? {
        let start = position
        let stop = nextStop()
        guard stop < end, p[stop] == UInt8(ascii: ","), FastRow.isClean(p + start, stop - start) else { return nil }
        position = stop + 1
        return bytes(start, stop - start)
    }

    /// The record's last cell, up to its line feed (a carriage return before it is not part of
    /// the cell); afterwards `position` is where the next record starts.
    @_transparent
    mutating func lastCell() -> UnsafeBufferPointer<UInt8>? {
        let start = position
        let stop = nextStop()
        guard stop < end, p[stop] == UInt8(ascii: "\n") else { return nil }
        var cellEnd = stop
        if cellEnd > start && p[cellEnd - 1] == UInt8(ascii: "\r") { cellEnd -= 1 }
        guard FastRow.isClean(p + start, cellEnd - start) else { return nil }
        position = stop + 1
        return bytes(start, cellEnd - start)
    }

    /// The record's last cell as `lastCell`, except that it may be empty (an optional column left
    /// blank); nil for anything else the fast path leaves to the generic one.
    @_transparent
    mutating func lastCellOrEmpty() -> UnsafeBufferPointer<UInt8>? {
        let start = position
        if start < end && (p[start] == UInt8(ascii: "\n") || (p[start] == UInt8(ascii: "\r")
            && start + 1 < end && p[start + 1] == UInt8(ascii: "\n")))
        {
            // Empty: the line feed is this row's last separator, which the mask must pass too.
            let stop = nextStop()
            guard stop < end, p[stop] == UInt8(ascii: "\n") else { return nil }
            position = stop + 1
            return bytes(start, 0)
        }
        return lastCell()
    }

    /// The next cell as `cell`, except that it may also be empty (an optional column left blank;
    /// an empty buffer) or a plain quoted field: `"…"` holding no quote and no line break, whose
    /// content would be clean — how spreadsheets write numbers with thousands separators
    /// (`"1,930,410.08"`); its content is returned. nil for anything else.
    @_transparent
    mutating func optionalCell() -> UnsafeBufferPointer<UInt8>? {
        let start = position
        guard start < end else { return nil }
        if p[start] == UInt8(ascii: ",") {
            guard nextStop() == start else { return nil }
            position = start + 1
            return bytes(start, 0)
        }
        guard p[start] == UInt8(ascii: "\"") else { return cell() }
        guard let (content, after) = quotedCell(), p[after] == UInt8(ascii: ","), take(separatorAt: after) else {
            return nil
        }
        return content
    }

    /// The record's last cell as `lastCell`, except that it may also be empty or a plain quoted
    /// field, as in `optionalCell`; afterwards `position` is where the next record starts.
    @_transparent
    mutating func lastOptionalCell() -> UnsafeBufferPointer<UInt8>? {
        let start = position
        guard start < end, p[start] == UInt8(ascii: "\"") else { return lastCellOrEmpty() }
        guard let (content, after) = quotedCell() else { return nil }
        let lineEnd = p[after] == UInt8(ascii: "\r") ? after + 1 : after
        guard lineEnd < end, p[lineEnd] == UInt8(ascii: "\n"), take(separatorAt: lineEnd) else { return nil }
        return content
    }

    /// The quoted field at `position` (its first byte is a quote): its content and where the byte
    /// after its closing quote is (inside the bytes). nil when the field holds a quote or a line
    /// break, its content is empty or not clean, or the bytes end first.
    @_transparent
    private func quotedCell() -> (UnsafeBufferPointer<UInt8>, Int)? {
        let open = position
        var close = open + 1
        while close < end && p[close] != UInt8(ascii: "\"") && p[close] != UInt8(ascii: "\n") { close += 1 }
        guard close + 1 < end, p[close] == UInt8(ascii: "\""), FastRow.isClean(p + open + 1, close - open - 1) else {
            return nil
        }
        return (bytes(open + 1, close - open - 1), close + 1)
    }

    /// Takes the separator at `stop` (a comma or line feed) as this cell's, passing the mask's
    /// separators before it (commas inside quotes); `position` then follows it. False if the
    /// mask disagrees.
    @_transparent
    private mutating func take(separatorAt stop: Int) -> Bool {
        skipSeparators(before: stop)
        position = stop
        guard nextStop() == stop else { return false }
        position = stop + 1
        return true
    }

    /// Drops the mask's separators before `limit` (inside a quoted field, or before the line feed
    /// of a CRLF), so that the next one taken is at `limit` or after it.
    @_transparent
    private mutating func skipSeparators(before limit: Int) {
        let passed = limit - maskStart
        if passed >= 64 {
            separators = 0
        } else if passed > 0 {
            separators &= ~((UInt64(1) << UInt64(passed)) &- 1)
        }
    }

    /// An optional figure's cell (from `optionalCell`) as the generic path reads it: `.some(nil)`
    /// for an empty cell, `.some(value)` for a number (not below 0 with `nonNegative`); nil —
    /// leave the row to the generic path, which rejects it — for anything else.
    @_transparent
    static func figure(
        _ cell: UnsafeBufferPointer<UInt8>, limit: UnsafePointer<UInt8>, nonNegative: Bool
    ) -> Double?? {
        // `count`, not `isEmpty`: in the readers' row closures `isEmpty` stayed a call.
        if cell.count == 0 { return .some(nil) }
        guard let value = parseNumber(cell, readableUpTo: limit), !nonNegative || value >= 0 else { return nil }
        return .some(value)
    }

    /// The `count` bytes from `start`. Built here, inlined where it is used: the buffer's
    /// initializer written out in a cell method stayed a call in the readers' row closures (one a
    /// row, ~1 % of their instructions).
    @inline(__always)
    private func bytes(_ start: Int, _ count: Int) -> UnsafeBufferPointer<UInt8> {
        UnsafeBufferPointer(start: p + start, count: count)
    }

    /// Where the bytes readable after this row's cells end (the end of the window or chunk).
    @_transparent
    var limit: UnsafePointer<UInt8> { UnsafePointer(p + end) }

    /// Non-empty, not quoted (a quote opens a quoted field), and nothing to trim.
    @_transparent
    static func isClean(_ c: UnsafeMutablePointer<UInt8>, _ count: Int) -> Bool {
        plainlyUntrimmed(c, count) && c[0] != UInt8(ascii: "\"")
    }
}
