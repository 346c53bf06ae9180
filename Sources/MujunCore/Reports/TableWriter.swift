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

    private mutating func separator() {
        if !atRowStart { bytes.append(UInt8(ascii: ",")) }
        atRowStart = false
    }

    /// A text cell, quoted when it holds a separator, quote or line break.
    public mutating func text(_ s: String) {
        separator()
        var utf8 = Array(s.utf8)
        if excel, let first = utf8.first, TableWriter.formulaStarts.contains(first), parseNumber(s) == nil {
            // A leading apostrophe makes spreadsheets show the cell as text instead of evaluating it.
            utf8.insert(UInt8(ascii: "'"), at: 0)
        }
        let needsQuotes = utf8.contains { $0 == 0x2C || $0 == 0x22 || $0 == 0x0A || $0 == 0x0D }
        if needsQuotes {
            bytes.append(0x22)
            for b in utf8 {
                if b == 0x22 { bytes.append(0x22) }
                bytes.append(b)
            }
            bytes.append(0x22)
        } else {
            bytes += utf8
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
        if let v { bytes += Array(String(v).utf8) }
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
