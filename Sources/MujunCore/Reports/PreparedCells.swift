/// Text cells known before a table's rows are written — group ids, classes, scales, flag cells —
/// each laid out once as `TableWriter.text` writes it (quoted, and guarded under `--excel`, where
/// needed), so that a row copies the bytes instead of taking the text through a `String` and
/// checking it again: a million-row table writes millions of them.
struct PreparedCells {
    private var cells = TextColumn()
    /// The number of cells.
    let count: Int

    /// Cell `k` is `texts[k]`.
    init(_ texts: [String], excel: Bool) {
        count = texts.count
        for text in texts {
            var writer = TableWriter(rowsOnly: excel, capacity: 64)
            writer.text(text)
            let bytes = writer.bytes
            bytes.withUnsafeBufferPointer { cells.append($0) }
        }
    }

    /// Cells for the classes by `ordinal`, then the empty cell (no class); see `index(of:)`.
    static func classes(excel: Bool) -> PreparedCells {
        PreparedCells(EnterpriseClass.allCases.map(\.rawValue) + [""], excel: excel)
    }

    /// The cell of `c` in `classes(excel:)`: its ordinal, or the last (empty) cell.
    @inline(__always)
    func index(of c: EnterpriseClass?) -> Int { c?.ordinal ?? count - 1 }

    /// Calls `body` with the bytes of cell `k`.
    @inline(__always)
    func withBytes<R>(_ k: Int, _ body: (UnsafeBufferPointer<UInt8>) -> R) -> R { cells.withBytes(k, body) }
}
