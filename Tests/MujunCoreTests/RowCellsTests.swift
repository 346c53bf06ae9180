import Testing

@testable import MujunCore

@Suite struct RowCellsTests {
    /// `RowCells.cell` skips trimming for cells that plainly need none; whatever the cell, it must
    /// give exactly the bytes `trimmedRange` leaves.
    @Test func aCellIsTrimmedExactlyAsTrimmedRangeTrimsIt() {
        let pieces = [
            "a", "7", ".", "电", "力", "税", "\u{3000}", "\u{00A0}", "\u{0085}", "\u{2028}", "\u{1680}", " ", "\t",
            "é", "€", "😀", "\u{FEFF}", "ｋ",
        ]
        var rng = SystemRandomNumberGenerator()
        let owner = CodeCache.Owner()
        for _ in 0..<5_000 {
            let text = (0..<Int.random(in: 0...5, using: &rng)).map { _ in pieces.randomElement(using: &rng) ?? "" }.joined()
            var bytes = Array(text.utf8)
            let count = bytes.count
            bytes.withUnsafeMutableBufferPointer { buffer in
                guard let base = buffer.baseAddress else { return }
                var record = CSVRecord(base: base)
                record.append(0, count)
                let positions = [0]
                positions.withUnsafeBufferPointer { p in
                    let cells = RowCells(
                        record: record, positions: p.baseAddress.unsafelyUnwrapped, file: .tax, cache: owner.cache)
                    let expected = UnsafeBufferPointer(rebasing: UnsafeBufferPointer(buffer)[trimmedRange(UnsafeBufferPointer(buffer))])
                    #expect(Array(cells.cell(0)) == Array(expected), "\(text.unicodeScalars.map { $0.value })")
                }
            }
        }
        withExtendedLifetime(owner) {}
    }
}
