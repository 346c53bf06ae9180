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

extension TextColumnTests {
    @Test func appendsEntriesFromBytesAndWholeColumns() {
        let first = ["清溪", "", "a,b"]
        let second = ["", "ｋ😀", "x"]
        var a = TextColumn()
        for t in first { a.append(t) }
        var b = TextColumn()
        for t in second {
            var t = t
            t.withUTF8 { b.append($0) }
        }
        #expect(Array(b) == second)
        a.append(contentsOf: b)
        #expect(Array(a) == first + second)
        a.append(contentsOf: TextColumn())
        #expect(Array(a) == first + second)
    }

    @Test func internedTextsAreTheSameStringForTheSameBytes() {
        var interner = TextInterner()
        let texts = ["C3670", "白沙街道", "", "C3670", "白沙街道", "C36", ""]
        let ids = texts.map { t -> Int32 in
            var t = t
            return t.withUTF8 { interner.id(of: $0) }
        }
        #expect(ids == [0, 1, 2, 0, 1, 3, 2])
        #expect(interner.texts == ["C3670", "白沙街道", "", "C36"])
        // Many distinct texts (the table grows) keep their ids.
        let many = (0..<500).map { "行业\($0)" }
        let manyIDs = many.map { interner.id(of: $0) }
        #expect(many.map { interner.id(of: $0) } == manyIDs)
        #expect(Set(manyIDs).count == 500)
    }

    @Test func rowsComeBackInLineOrderWhateverTheWorkersTurns() {
        // Two workers' rows, each in file order, taking turns by chunk.
        let lines = [2, 3, 4, 9, 10, 5, 6, 7, 8, 11]
        #expect(positionsInOrder(lines).map { lines[$0] } == lines.sorted())
        // Keys too large to pack take the comparator route to the same order; equal keys by position.
        let huge = lines.map { $0 + (1 << 33) }
        #expect(positionsInOrder(huge) == positionsInOrder(lines))
        #expect(positionsInOrder([3, 1, 3, 1, -1]) == [4, 1, 3, 0, 2])
        #expect(positionsInOrder([5, 1 << 40, 5]) == [0, 2, 1])
        #expect(positionsInOrder([]).isEmpty)
    }

    @Test func ascendingRunsMergeToTheOrderASortGives() {
        // Two workers' lines, [2, 3, 4, 9, 10] and [5, 6, 7, 8, 11]; then three runs with ties
        // across runs (earlier run first), an empty run, and runs that are not ascending (sorted).
        let cases: [[[Int]]] = [
            [[2, 3, 4, 9, 10], [5, 6, 7, 8, 11]], [[1, 4, 4], [], [0, 4, 9], [4]], [[3, 1], [2]], [[]], [],
        ]
        for runs in cases {
            let joined = Array(runs.joined())
            #expect(positionsInOrder(runs: runs) == positionsInOrder(joined), "\(runs)")
        }
        #expect(positionsInOrder(runs: [[1, 4, 4], [], [0, 4, 9], [4]]) == [3, 0, 1, 2, 4, 6, 5])
    }

    @Test func runsMergedInPiecesOfTheKeyRangeGiveTheSameOrder() {
        // Pieces of one key: the runs' keys cut into key ranges merged at the same time, with ties
        // across runs and pieces, negative keys, a run of one repeated key, and empty runs.
        var generator = SystemRandomNumberGenerator()
        for trial in 0..<40 {
            let runCount = 1 + trial % 5
            let runs = (0..<runCount).map { r -> [Int] in
                let count = r == 2 ? 0 : Int.random(in: 0...300, using: &generator)
                let spread = trial % 3 == 0 ? 5 : 1000
                return (0..<count).map { _ in Int.random(in: -spread...spread, using: &generator) }.sorted()
            }
            let joined = Array(runs.joined())
            for minimum in [1, 7, 1 << 16] {
                #expect(positionsInOrder(runs: runs, minimumPerPiece: minimum) == positionsInOrder(joined))
            }
        }
        #expect(positionsInOrder(runs: [[7, 7, 7], [7]], minimumPerPiece: 1) == [0, 1, 2, 3])
        #expect(positionsInOrder(runs: [[Int.min, 0], [Int.max]], minimumPerPiece: 1) == [0, 1, 2])
    }
}
