/// Builds one output CSV in memory as bytes, in the format of SPEC §13: UTF-8, `,`, `\n`, measures
/// with exactly 6 decimals, integers for counts, empty cells for missing values.
public struct TableWriter {
    public private(set) var bytes: [UInt8] = []
    /// `--excel`: a BOM up front, and text cells that a spreadsheet would run as a formula are guarded.
    public let excel: Bool
    private var atRowStart = true

    public init(header: [String], excel: Bool = false) {
        self.excel = excel
        bytes.reserveCapacity(1 << 16)
        if excel { bytes += [0xEF, 0xBB, 0xBF] }
        for h in header { text(h) }
        endRow()
    }

    /// A writer for rows only (no BOM, no header), to be appended to another's bytes.
    init(rowsOnly excel: Bool, capacity: Int) {
        self.excel = excel
        bytes.reserveCapacity(capacity)
    }

    /// A whole table whose rows are written in parallel chunks and joined in row order, so the
    /// bytes are the same for any thread count. `row` must only read shared state.
    public static func table(
        header: [String], excel: Bool, rows count: Int, _ row: (inout TableWriter, Int) -> Void
    ) -> [UInt8] {
        var head = TableWriter(header: header, excel: excel)
        let ranges = Parallel.ranges(count)
        let chunks = Parallel.map(ranges.count) { c -> [UInt8] in
            let range = ranges[c]
            var w = TableWriter(rowsOnly: excel, capacity: range.count * 256)
            for i in range { row(&w, i) }
            return w.bytes
        }
        head.bytes.reserveCapacity(head.bytes.count + chunks.reduce(0) { $0 + $1.count })
        for c in chunks { head.bytes += c }
        return head.bytes
    }

    private mutating func separator() {
        if !atRowStart { bytes.append(UInt8(ascii: ",")) }
        atRowStart = false
    }

    /// A text cell, quoted when it holds a separator, quote or line break.
    public mutating func text(_ s: String) {
        separator()
        var s = s
        s.withUTF8 { utf8 in
            var guardFormula = false
            if excel, let first = utf8.first, TableWriter.formulaStarts.contains(first), parseNumber(utf8) == nil {
                // A leading apostrophe makes spreadsheets show the cell as text instead of evaluating it.
                guardFormula = true
            }
            let needsQuotes = utf8.contains { $0 == 0x2C || $0 == 0x22 || $0 == 0x0A || $0 == 0x0D }
            if needsQuotes {
                bytes.append(0x22)
                if guardFormula { bytes.append(UInt8(ascii: "'")) }
                for b in utf8 {
                    if b == 0x22 { bytes.append(0x22) }
                    bytes.append(b)
                }
                bytes.append(0x22)
            } else {
                if guardFormula { bytes.append(UInt8(ascii: "'")) }
                bytes.append(contentsOf: utf8)
            }
        }
    }

    /// A computed measure with 6 decimals; nil or NaN is an empty cell.
    public mutating func measure(_ x: Double?) {
        separator()
        if let x, x.isFinite { appendMeasure(x, to: &bytes) }
    }

    /// An integer cell; nil is empty.
    public mutating func integer(_ v: Int?) {
        separator()
        guard let v else { return }
        if v < 0 { bytes.append(UInt8(ascii: "-")) }
        var digits: (UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8,
                     UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8) =
            (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        var rest = v.magnitude
        var count = 0
        withUnsafeMutableBytes(of: &digits) { d in
            repeat {
                d[count] = UInt8(truncatingIfNeeded: rest % 10) &+ 0x30
                rest /= 10
                count += 1
            } while rest > 0
            for i in stride(from: count - 1, through: 0, by: -1) { bytes.append(d[i]) }
        }
    }

    /// A credit code cell: its 18 characters, written from the packed key without a `String`
    /// (never quoted or guarded: the alphabet holds no separator and no formula start).
    public mutating func code(_ c: USCC) {
        separator()
        // 31^9 splits the key (below 31^18) into two halves of nine characters that fit a UInt64 each.
        let (high, low) = c.key.quotientAndRemainder(dividingBy: 26_439_622_160_671)
        let end = bytes.count + 18
        bytes.append(contentsOf: repeatElement(0, count: 18))
        bytes.withUnsafeMutableBufferPointer { b in
            USCC.alphabet.withUnsafeBufferPointer { alphabet in
                var rest = UInt64(truncatingIfNeeded: low)
                for i in 1...9 {
                    b[end - i] = alphabet[Int(rest % 31)]
                    rest /= 31
                }
                rest = UInt64(truncatingIfNeeded: high)
                for i in 10...18 {
                    b[end - i] = alphabet[Int(rest % 31)]
                    rest /= 31
                }
            }
        }
    }

    public mutating func empty() { separator() }

    public mutating func endRow() {
        bytes.append(UInt8(ascii: "\n"))
        atRowStart = true
    }

    static let formulaStarts: Set<UInt8> = [
        UInt8(ascii: "="), UInt8(ascii: "+"), UInt8(ascii: "-"), UInt8(ascii: "@"), 0x09, 0x0D,
    ]
}
