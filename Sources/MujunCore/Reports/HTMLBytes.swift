/// Many small elements of report.html (a chart's ~3,000 points) built as bytes. Written as string
/// interpolations, every piece went through the generic `String.append` (~400 instructions a
/// piece, ~30 pieces a point), and the numbers through `String(format:)`.
struct HTMLBytes {
    private(set) var bytes: [UInt8] = []

    init(capacity: Int) { bytes.reserveCapacity(capacity) }

    /// Markup, as it is.
    mutating func add(_ markup: StaticString) { markup.withUTF8Buffer { bytes.append(contentsOf: $0) } }

    /// Text that needs no escaping (digits, codes, colours, class letters), as it is.
    mutating func add(raw text: String) { bytes.append(contentsOf: text.utf8) }

    /// Bytes that need no escaping (a measure laid out by `appendMeasure`), as they are.
    mutating func add(raw utf8: [UInt8]) { bytes.append(contentsOf: utf8) }

    /// Text bytes, escaped as `SVG.escape` escapes them.
    mutating func add(escaped utf8: UnsafeBufferPointer<UInt8>) { SVG.appendEscaped(utf8, to: &bytes) }

    /// A coordinate as `SVG.px` prints it.
    mutating func add(px x: Double) { SVG.appendFixed(x, decimals: 2, to: &bytes) }

    /// A credit code's 18 characters (never escaped: the alphabet holds nothing to escape).
    mutating func add(code: USCC) {
        let start = bytes.count
        bytes.append(contentsOf: repeatElement(0, count: 18))
        bytes.withUnsafeMutableBufferPointer { out in
            if let base = out.baseAddress { code.layOut(at: base + start) }
        }
    }

    /// A chart's point tied to a rankings.csv cell: `<circle` with its centre, radius, class colour
    /// and opacity, and the cell's `data-*` attributes as `SVG.cell("rankings", code, column, value)`
    /// writes them (none of them needs escaping), up to the tag's closing `>`, left to the caller.
    mutating func addRankingsPoint(
        cx: Double, cy: Double, radius: StaticString, colour: String, opacity: StaticString, code: USCC,
        column: StaticString, value: [UInt8]
    ) {
        add("<circle cx=\"")
        add(px: cx)
        add("\" cy=\"")
        add(px: cy)
        add("\" r=\"")
        add(radius)
        add("\" fill=\"")
        add(raw: colour)
        add("\" fill-opacity=\"")
        add(opacity)
        add("\" data-table=\"rankings\" data-key=\"")
        add(code: code)
        add("\" data-column=\"")
        add(column)
        add("\" data-value=\"")
        add(raw: value)
        add("\"")
    }

    /// `><title>` and an enterprise's escaped name and code, a space between.
    mutating func addTitle(name names: TextColumn, _ id: Int, code: USCC) {
        add("><title>")
        names.withBytes(id) { add(escaped: $0) }
        add(" ")
        add(code: code)
    }

    var string: String { String(decoding: bytes, as: UTF8.self) }
}
