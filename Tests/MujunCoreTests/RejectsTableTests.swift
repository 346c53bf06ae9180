import Testing

@testable import MujunCore

@Suite struct RejectsTableTests {
    private func reject(_ file: InputFile, _ line: Int, _ message: String) -> Reject {
        Reject(file: file, line: line, uscc: "", reason: .invalidValue, message: message)
    }

    @Test func ordinalsArePositionsInAllCases() {
        #expect(InputFile.allCases.map(\.ordinal) == Array(0..<InputFile.allCases.count))
        #expect(InputFile.allCases.sorted() == InputFile.allCases)
        #expect(InputFile.tax < InputFile.history && !(InputFile.history < InputFile.tax))
        #expect(Pollutant.allCases.map(\.ordinal) == Array(0..<Pollutant.allCases.count))
    }

    @Test func rejectsAreListedByFileThenLineThenAsGiven() {
        let rejects = [
            reject(.history, 2, "h2"), reject(.tax, 9, "t9-first"), reject(.enterprises, 40, "e40"),
            reject(.tax, 3, "t3"), reject(.tax, 9, "t9-second"), reject(.enterprises, 7, "e7"),
            reject(.land, 1_000_000_000_000, "l-big"), reject(.land, 5, "l5"), reject(.tax, 9, "t9-third"),
        ]
        let expected = ["e7", "e40", "t3", "t9-first", "t9-second", "t9-third", "l5", "l-big", "h2"]
        #expect(RejectsTable.order(rejects).map { rejects[$0].message } == expected)
        let text = String(decoding: RejectsTable.write(rejects), as: UTF8.self)
        let messages = text.split(separator: "\n").dropFirst().map { $0.split(separator: ",").last.map(String.init) ?? "" }
        #expect(messages == expected)
    }

    /// More rejects than a round of chunks holds, given out of order: the streamed table has every
    /// row once, in file-then-line order, quoted where a message needs it, after one header.
    @Test func aLongTableStreamsInOrderAcrossRounds() {
        let n = TableWriter.rowsPerChunk * 3 + 17
        let rejects = (0..<n).reversed().map { k in
            Reject(
                file: k % 2 == 0 ? .tax : .energy, line: k + 2, uscc: "91330000MA2\(k)",
                reason: .unparseableNumber, message: k % 1000 == 0 ? "bad, \"quoted\" \(k)" : "bad \(k)")
        }
        var expected = "file,line,uscc,reason,message\n"
        for file in [InputFile.tax, .energy] {
            for k in 0..<n where (k % 2 == 0) == (file == .tax) {
                let message = k % 1000 == 0 ? "\"bad, \"\"quoted\"\" \(k)\"" : "bad \(k)"
                expected += "\(file.rawValue),\(k + 2),91330000MA2\(k),unparseable_number,\(message)\n"
            }
        }
        #expect(String(decoding: RejectsTable.write(rejects), as: UTF8.self) == expected)
    }
}
