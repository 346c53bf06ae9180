import Testing

@testable import MujunCore

@Suite struct TerminalTextTests {
    @Test func aWideValueKeepsTwoSpacesBeforeTheNextColumn() {
        // 12 CJK characters take 24 columns: wider than a 20-column column.
        #expect(TerminalText.column("和利精密机械制造有限公司", 20) + "above" == "和利精密机械制造有限公司  above")
        #expect(TerminalText.column("abc", 8) == "abc     ")
        #expect(TerminalText.column("abcdefg", 8) == "abcdefg  ")
    }
}
