import Testing

@testable import MujunCore

@Suite struct InternedTextTests {
    @Test func equalTextsShareAValueInTheOrderTheyFirstCome() {
        let column = InternedText(["南屿镇", "", "C3670", "南屿镇", "C3670", "南屿镇"])
        #expect(column.values == ["南屿镇", "", "C3670"])
        #expect(column.valueIDs == [0, 1, 2, 0, 2, 0])
        #expect(Array(column) == ["南屿镇", "", "C3670", "南屿镇", "C3670", "南屿镇"])
        #expect(column[4] == "C3670" && column.count == 6)
    }

    @Test func columnsAreEqualByTheirTexts() {
        let column: InternedText = ["a", "b", "a"]
        #expect(column == InternedText(values: ["b", "a"], valueIDs: [1, 0, 1]))
        #expect(column != ["a", "b", "b"])
        #expect(InternedText() == [] && InternedText().values.isEmpty)
    }
}
