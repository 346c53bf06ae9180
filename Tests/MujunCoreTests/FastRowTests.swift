import Testing
@testable import MujunCore

@Suite struct FastRowTests {
    /// Reads every row of `text` as four cells through `FastRow`; nil for a row it declines.
    /// `optional`: the last three through `optionalCell` / `lastOptionalCell`.
    private func cells(_ text: String, optional: Bool = false) -> [[String]?] {
        var bytes = Array(text.utf8)
        let end = bytes.count
        return bytes.withUnsafeMutableBufferPointer { buffer -> [[String]?] in
            guard let p = buffer.baseAddress else { return [] }
            var rows: [[String]?] = []
            var start = 0
            while start < end {
                var row = FastRow(p, at: start, end: end)
                var found: [String] = []
                for k in 0..<4 {
                    let read =
                        optional && k > 0
                        ? (k < 3 ? row.optionalCell() : row.lastOptionalCell()) : (k < 3 ? row.cell() : row.lastCell())
                    guard let cell = read else { break }
                    found.append(String(decoding: cell, as: UTF8.self))
                }
                if found.count == 4 {
                    rows.append(found)
                    start = row.position
                } else {
                    rows.append(nil)
                    // Past this row's line feed, as the generic path would go on.
                    while start < end && p[start] != UInt8(ascii: "\n") { start += 1 }
                    start += 1
                }
            }
            return rows
        }
    }

    /// Short rows (cells from the 64-byte separator mask), rows longer than the mask (the rest
    /// scanned), rows within 64 bytes of the end (scanned), CRLF; declined: a quoted cell, an
    /// empty cell, padding, a missing cell.
    @Test func cellsComeFromTheMaskAndFromScanning() {
        let long = String(repeating: "增值税", count: 8)
        let rows = [
            "9133100214336790X9,2024-01,124378.36,增值税",
            "9133100214336790X9,2024-02,\(String(repeating: "9", count: 60)),\(long)",
            "a,b,c,d\r",
            "9133100214336790X9,\"2024-03\",1,增值税",
            "9133100214336790X9,2024-03,,增值税",
            "9133100214336790X9,2024-03, 1,增值税",
            "9133100214336790X9,2024-03,1",
            "\(String(repeating: "x", count: 70)),y,z,w",
            "9133100214336790X9,2024-04,5,增值税",
            "e,f,g,h",
        ]
        let got = cells(rows.joined(separator: "\n") + "\n")
        let expected: [[String]?] = [
            ["9133100214336790X9", "2024-01", "124378.36", "增值税"],
            ["9133100214336790X9", "2024-02", String(repeating: "9", count: 60), long],
            ["a", "b", "c", "d"],
            nil, nil, nil, nil,
            [String(repeating: "x", count: 70), "y", "z", "w"],
            ["9133100214336790X9", "2024-04", "5", "增值税"],
            ["e", "f", "g", "h"],
        ]
        #expect(got.count == expected.count)
        for (k, row) in expected.enumerated() where k < got.count {
            #expect(got[k] == row, "row \(k + 1): \(rows[k])")
        }
    }

    /// Optional cells: empty ones, and plain quoted fields read as their content, from the mask
    /// (commas inside the quotes passed) and from scanning (rows longer than the mask, rows near the
    /// end); declined: a quote inside, a line break inside, padding inside, an empty quoted field,
    /// bytes after the closing quote, a quoted field cut by the end of the bytes.
    @Test func optionalCellsReadEmptyAndPlainQuotedFields() {
        let long = String(repeating: "9", count: 50)
        let rows: [(String, [String]?)] = [
            ("91331,\"1,234.50\",,\"7\"", ["91331", "1,234.50", "", "7"]),
            ("91331,,\"2,000\",", ["91331", "", "2,000", ""]),
            ("91331,\"3,000\",\"4,000\",\"5,000\"\r", ["91331", "3,000", "4,000", "5,000"]),
            ("91331,\"\(long),\(long)\",x,\"1,2\"", ["91331", "\(long),\(long)", "x", "1,2"]),
            ("\(long)\(long),a,\"b,c\",d", ["\(long)\(long)", "a", "b,c", "d"]),
            ("91331,\"a\"\"b\",c,d", nil),
            ("91331,\" 1\",c,d", nil),
            ("91331,\"\",c,d", nil),
            ("91331,\"1\"x,c,d", nil),
            ("91331,1,2,3", ["91331", "1", "2", "3"]),
            ("91331,1,2,\"3,4\"", ["91331", "1", "2", "3,4"]),
        ]
        let text = rows.map(\.0).joined(separator: "\n") + "\n"
        let got = cells(text, optional: true)
        #expect(got.count == rows.count)
        for (k, row) in rows.enumerated() where k < got.count {
            #expect(got[k] == row.1, "row \(k + 1): \(row.0)")
        }
        // The same rows each alone at the end of the bytes (scanned, no mask), and after padding
        // that moves every separator to another place in the mask.
        for (k, row) in rows.enumerated() {
            #expect(cells(row.0 + "\n", optional: true) == [row.1], "row \(k + 1) alone")
            for pad in [1, 7, 30] {
                let padded = cells("\(String(repeating: "z", count: pad)),x,y,w\n" + row.0 + "\n" + long + "," + long + ",a,b\n", optional: true)
                #expect(padded.count == 3 && padded[1] == row.1, "row \(k + 1) after \(pad)")
            }
        }
        // A quoted field with a line break, or cut by the end of the bytes: declined.
        #expect(cells("91331,\"1\n2\",c,d\n", optional: true).first == .some(nil))
        #expect(cells("91331,a,b,\"12", optional: true) == [nil])
    }
}
