import Foundation
import Testing

@testable import MujunCore

@Suite struct TableWriterTests {
    /// A sink that keeps each write apart, to see how a table reached it.
    final class CountingSink: TableSink {
        var writes: [[UInt8]] = []
        func write(_ bytes: UnsafeRawBufferPointer) throws { writes.append(Array(bytes)) }
    }

    private func rows(_ w: inout TableWriter, _ range: Range<Int>) {
        for i in range {
            w.integer(i)
            w.text(i % 3 == 0 ? "含,逗号" : "行\(i)")
            w.measure(Double(i) / 7)
            w.endRow()
        }
    }

    @Test func streamedBatchesJoinToTheSameBytesWhateverTheBatchSize() throws {
        let whole = TableWriter.table(header: ["n", "text", "x"], excel: false, rows: 5000, chunk: rows)
        #expect(whole.count > 50_000)
        for perChunk in [1, 7, 100, 4096, 1 << 20] {
            let sink = CountingSink()
            try TableWriter.stream(
                header: ["n", "text", "x"], excel: false, rows: 5000, into: sink, rowsPerChunk: perChunk, chunk: rows)
            #expect(Array(sink.writes.joined()) == whole, "rowsPerChunk \(perChunk)")
            // Small batches reach the sink as many writes: the table is never held whole.
            if perChunk <= 100 { #expect(sink.writes.count > 5000 / (perChunk * Parallel.threads * 4)) }
        }
        for (perChunk, perBatch) in [(7, 100), (100, 1000), (100, 99), (64, 5000), (4096, 1 << 20)] {
            let sink = CountingSink()
            var prepared: [Range<Int>] = []
            try TableWriter.stream(
                header: ["n", "text", "x"], excel: false, rows: 5000, into: sink, rowsPerChunk: perChunk,
                rowsPerBatch: perBatch,
                prepare: { range -> Range<Int> in
                    prepared.append(range)
                    return range
                },
                chunk: { w, batch, range in
                    // Every chunk lies inside the batch prepared for it.
                    #expect(batch.lowerBound <= range.lowerBound && range.upperBound <= batch.upperBound)
                    rows(&w, range)
                })
            #expect(Array(sink.writes.joined()) == whole, "rowsPerChunk \(perChunk), rowsPerBatch \(perBatch)")
            // A batch is gathered once for all its rounds, and never smaller than a round.
            let batch = max(perBatch, perChunk * Parallel.threads)
            #expect(prepared == stride(from: 0, to: 5000, by: batch).map { $0..<min(5000, $0 + batch) })
        }
        let text = String(decoding: whole, as: UTF8.self)
        #expect(text.hasPrefix("n,text,x\n0,\"含,逗号\",0.000000\n1,行1,0.142857\n"))
        #expect(text.hasSuffix("4999,行4999,714.142857\n"))
    }
}

extension TableWriterTests {
    struct DiskFull: Error, Equatable {}

    /// A sink that fails from its `failAt`th write on, counting what reached it.
    final class FailingSink: TableSink {
        let failAt: Int
        var writes = 0
        var accepted = 0
        init(failAt: Int) { self.failAt = failAt }
        func write(_ bytes: UnsafeRawBufferPointer) throws {
            writes += 1
            if writes >= failAt {
                // Slow to fail, as a full disk can be: the next round is ready and waiting by then.
                Thread.sleep(forTimeInterval: 0.05)
                throw DiskFull()
            }
            accepted += 1
        }
    }

    /// Rounds are handed to the sink on a thread of their own: a sink's failure still ends the
    /// table with that error, and no round reaches the sink after the failing one.
    @Test func aFailingSinkEndsTheTableWithItsError() {
        for failAt in [1, 2, 3, 10] {
            let sink = FailingSink(failAt: failAt)
            #expect(throws: DiskFull.self) {
                try TableWriter.stream(
                    header: ["n", "text", "x"], excel: false, rows: 5000, into: sink, rowsPerChunk: 50, chunk: rows)
            }
            #expect(sink.writes == failAt, "failAt \(failAt)")
            #expect(sink.accepted == failAt - 1)
        }
    }

    /// A text cell is quoted exactly when it holds `,` `"` LF or CR, wherever that byte sits
    /// (the test looks at cells eight bytes at a time), and inner quotes are doubled.
    @Test func cellsAreQuotedWhenAndOnlyWhenTheyMustBe() {
        for filler in ["a", "中", "-", " ", "é"] {
            for length in 0..<24 {
                for special in [",", "\"", "\n", "\r", "+", "=", "\t", "*"] {
                    for position in 0...length {
                        var parts = Array(repeating: filler, count: length)
                        parts.insert(special, at: position)
                        let text = parts.joined()
                        let must = text.contains { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" || $0 == "\r\n" }
                        let expected = must ? "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : text
                        let bytes = TableWriter.table(header: [], excel: false, rows: 1) { w, _ in
                            w.text(text)
                            w.endRow()
                        }
                        #expect(String(decoding: bytes, as: UTF8.self) == "\n" + expected + "\n", "\(text.debugDescription)")
                    }
                }
            }
        }
    }

    /// Integer cells are `String(v)`: every power of ten and its neighbours, both signs, the extremes.
    @Test func integerCellsAreTheirDecimalDigits() {
        var values: [Int] = [0, Int.max, Int.min, Int.min + 1]
        var power = 1
        for _ in 0..<19 {
            values += [power - 1, power, power + 1, -(power - 1), -power, -(power + 1)]
            if power <= Int.max / 10 { power *= 10 }
        }
        for v in values {
            let bytes = TableWriter.table(header: [], excel: false, rows: 1) { w, _ in
                w.integer(v)
                w.integer(nil)
                w.integer(v)
            }
            #expect(String(decoding: bytes, as: UTF8.self) == "\n\(v),,\(v)", "\(v)")
        }
    }

    /// A prepared cell writes exactly what `text` writes for its text — quoting, escaping and the
    /// `--excel` formula guard included — first in a row or after other cells.
    @Test func preparedCellsWriteWhatTextWrites() {
        let texts = ["", "above", "A", "a,b", "say \"hi\"", "two\nlines", "=1+1", "-5", "+x", "@me", "区域,一", "veto"]
        for excel in [false, true] {
            let prepared = PreparedCells(texts, excel: excel)
            #expect(prepared.count == texts.count)
            for (k, text) in texts.enumerated() {
                func row(_ write: (inout TableWriter) -> Void) -> [UInt8] {
                    TableWriter.table(header: [], excel: excel, rows: 1) { w, _ in
                        write(&w)
                        w.integer(7)
                        write(&w)
                        w.endRow()
                    }
                }
                #expect(row { $0.cell(prepared, k) } == row { $0.text(text) }, "\(text.debugDescription) excel \(excel)")
            }
        }
        let classes = PreparedCells.classes(excel: false)
        #expect(classes.index(of: nil) == EnterpriseClass.allCases.count)
        for c in EnterpriseClass.allCases {
            let bytes = TableWriter.table(header: [], excel: false, rows: 1) { w, _ in w.cell(classes, classes.index(of: c)) }
            #expect(String(decoding: bytes, as: UTF8.self) == "\n" + c.rawValue)
        }
    }
}

@Suite struct BatchGatherTests {
    @Test func gathersEveryRowsCellWhateverTheIdOrder() {
        var rng = SystemRandomNumberGenerator()
        let column = (0..<1000).map { "企业\($0)" }
        let numbers = (0..<1000).map { Double($0) / 3 }
        for count in [0, 1, 2, 17, 500] {
            // Distinct ids in a scrambled order, and the same ids repeated.
            let ids = Array((0..<1000).shuffled(using: &rng).prefix(count)) + Array(repeating: 7, count: count % 3) + [0]
            let gather = BatchGather(ids: ids)
            #expect(gather(column) == ids.map { column[$0] })
            #expect(gather(numbers) == ids.map { numbers[$0] })
            // A text column, entry by entry (some entries empty, id 0 among them when drawn).
            var text = TextColumn()
            for i in 0..<1000 { text.append(i % 5 == 0 ? "" : column[i]) }
            let gatheredText = gather(text)
            #expect(gatheredText.count == ids.count)
            #expect(Array(gatheredText) == ids.map { text[$0] })
            // Doubles straight into a buffer of the batch's.
            var out = [Double](repeating: -1, count: ids.count)
            out.withUnsafeMutableBufferPointer { gather.gather(numbers, into: $0) }
            #expect(out == ids.map { numbers[$0] })
        }
    }
}
