/// Aligning mixed Chinese and English text for a terminal, where CJK characters take two columns.
enum TerminalText {
    /// Columns a string takes in a terminal: East Asian wide and full-width characters count 2.
    static func width(_ s: String) -> Int {
        s.unicodeScalars.reduce(0) { n, u in
            let v = u.value
            let wide =
                (0x1100...0x115F).contains(v) || (0x2E80...0xA4CF).contains(v) || (0xAC00...0xD7A3).contains(v)
                || (0xF900...0xFAFF).contains(v) || (0xFE30...0xFE4F).contains(v) || (0xFF00...0xFF60).contains(v)
                || (0xFFE0...0xFFE6).contains(v) || (0x20000...0x3FFFD).contains(v)
            return n + (wide ? 2 : 1)
        }
    }

    /// `s` padded with spaces to `columns` terminal columns (never cut).
    static func pad(_ s: String, _ columns: Int) -> String {
        s + String(repeating: " ", count: Swift.max(0, columns - width(s)))
    }

    /// `s` as a column of `columns` terminal columns followed by at least two spaces, so a value wider
    /// than its column never runs into the next one.
    static func column(_ s: String, _ columns: Int) -> String {
        s + String(repeating: " ", count: Swift.max(2, columns - width(s)))
    }

    /// `s` right-aligned in `columns` terminal columns (never cut).
    static func padLeft(_ s: String, _ columns: Int) -> String {
        String(repeating: " ", count: Swift.max(0, columns - width(s))) + s
    }
}
