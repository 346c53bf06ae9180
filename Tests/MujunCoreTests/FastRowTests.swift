import Testing
@testable import MujunCore

@Suite struct FastRowTests {
    /// Reads every row of `text` as four cells through `FastRow`; nil for a row it declines.
    private func cells(_ text: String) -> [[String]?] {
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
                    guard let cell = k < 3 ? row.cell() : row.lastCell() else { break }
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
}
