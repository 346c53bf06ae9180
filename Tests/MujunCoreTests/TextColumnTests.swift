import Testing

@testable import MujunCore

@Suite struct TextColumnTests {
    @Test func givesBackEachEntryAndWritesItAsATextCell() {
        let texts = ["清溪江南阀门有限公司", "", "a,b", "say \"hi\"", "line\nbreak", "=1+1", "ｋ😀"]
        var column = TextColumn()
        for t in texts { column.append(t) }
        #expect(column.count == texts.count)
        #expect(Array(column) == texts)
        #expect(column.withBytes(0) { Array($0) } == Array(texts[0].utf8))
        var same = TextColumn()
        for t in texts { same.append(t) }
        #expect(same == column)
        same.append("x")
        #expect(same != column)
        // A cell written from the column's bytes is the cell written from the String.
        for excel in [false, true] {
            let fromColumn = TableWriter.table(header: ["t"], excel: excel, rows: texts.count) { w, range in
                for i in range {
                    w.text(column, i)
                    w.endRow()
                }
            }
            let fromStrings = TableWriter.table(header: ["t"], excel: excel, rows: texts.count) { w, range in
                for i in range {
                    w.text(texts[i])
                    w.endRow()
                }
            }
            #expect(fromColumn == fromStrings)
            #expect(String(decoding: fromColumn, as: UTF8.self).contains("\"say \"\"hi\"\"\""))
        }
    }
}
