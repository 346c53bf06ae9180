import CIntrinsics

/// A data record read straight from the bytes, for the readers' fast path (issue #3): the common
/// clean row of a file whose header is in SPEC order (unquoted cells that need no trimming, one
/// line, as many cells as the header) is checked and kept in one pass, without the tokenizer's
/// field table or `RowCells`.
///
/// Every accessor returns nil for anything it does not handle exactly as the generic path would
/// (a quoted cell, white space to trim, an empty cell, a missing or extra cell, a record cut by
/// the end of the bytes); the reader then hands the record to the generic path from its start, so
/// results and rejects never depend on which path a row took.
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
        return UnsafeBufferPointer(start: p + start, count: stop - start)
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
        return UnsafeBufferPointer(start: p + start, count: cellEnd - start)
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
            return UnsafeBufferPointer(start: p + start, count: 0)
        }
        return lastCell()
    }

    /// Where the bytes readable after this row's cells end (the end of the window or chunk).
    var limit: UnsafePointer<UInt8> { UnsafePointer(p + end) }

    /// Non-empty, not quoted (a quote opens a quoted field), and nothing to trim.
    @_transparent
    static func isClean(_ c: UnsafeMutablePointer<UInt8>, _ count: Int) -> Bool {
        plainlyUntrimmed(c, count) && c[0] != UInt8(ascii: "\"")
    }
}
