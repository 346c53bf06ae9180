import Foundation
import Testing

@testable import MujunCore

/// `CSVReader.readChunked` must hand on exactly what `read` does, whatever the block size, chunk
/// size and worker count (issue #3: "same bytes out whatever the thread count").
@Suite struct CSVChunkedReadTests {
    private let gb18030 = String.Encoding(rawValue: 0x8000_0632)

    /// A failure as plain text, so that sequential and chunked failures compare.
    private struct Failure: Error, Equatable {
        var text: String
    }

    /// What a consumer may throw: the line of the record it refused.
    private struct Refused: Error, Equatable {
        var line: Int
    }

    /// The records (header first, raw fields) and facts of a sequential read.
    private func sequential(
        _ path: String, blockSize: Int = 4 << 20, maxFields: Int = 10_000, maxRecordBytes: Int = 64 << 20,
        refuse: Set<String> = []
    ) -> Result<([TokenizedRecord], FileFacts), Failure> {
        var reader = CSVReader(path: path)
        reader.blockSize = blockSize
        reader.maxFields = maxFields
        reader.maxRecordBytes = maxRecordBytes
        return outcome {
            try reader.read(
                makeConsumer: { [TokenizedRecord]() },
                consume: { records, record in
                    let r = TokenizedRecord(record)
                    if records.count > 0, refuse.contains(r.fields[0]) { throw Refused(line: r.line) }
                    records.append(r)
                })
        }
    }

    /// The same through `readChunked`: the header, then every worker's records merged by line.
    private func chunked(
        _ path: String, blockSize: Int, chunkBytes: Int, workers: Int, maxFields: Int = 10_000,
        maxRecordBytes: Int = 64 << 20, refuse: Set<String> = []
    ) -> Result<([TokenizedRecord], FileFacts), Failure> {
        var reader = CSVReader(path: path)
        reader.blockSize = blockSize
        reader.chunkBytes = chunkBytes
        reader.splitOnlyForIdleThreads = false
        reader.maxFields = maxFields
        reader.maxRecordBytes = maxRecordBytes
        var header: [TokenizedRecord] = []
        return outcome {
            let (parts, facts) = try reader.readChunked(
                start: { record -> [[TokenizedRecord]] in
                    header = [TokenizedRecord(record)]
                    return Array(repeating: [], count: workers)
                },
                consume: { records, record in
                    let r = TokenizedRecord(record)
                    if refuse.contains(r.fields[0]) { throw Refused(line: r.line) }
                    records.append(r)
                })
            // Workers take chunks as they come free, so a worker's records need not be in file
            // order across its chunks (callers sort by line, as here).
            return (header + parts.joined().sorted { $0.line < $1.line }, facts)
        }
    }

    private func outcome<T>(_ body: () throws -> T) -> Result<T, Failure> {
        do {
            return .success(try body())
        } catch {
            return .failure(Failure(text: "\(error)"))
        }
    }

    /// Compares every tuning with the sequential read of the same block size (which only decides
    /// how long a record may get before `recordTooLarge`); returns the tunings that differ.
    private func mismatches(
        _ path: String, blockSizes: ClosedRange<Int> = 1...17, maxFields: Int = 10_000,
        maxRecordBytes: Int = 64 << 20, refuse: Set<String> = []
    ) -> [String] {
        var found: [String] = []
        for blockSize in Array(blockSizes) + [4 << 20] {
            let expected = sequential(
                path, blockSize: blockSize, maxFields: maxFields, maxRecordBytes: maxRecordBytes, refuse: refuse)
            for chunkBytes in [1, 2, 5] {
                for workers in [1, 2, 3, 7] {
                    let got = chunked(
                        path, blockSize: blockSize, chunkBytes: chunkBytes, workers: workers, maxFields: maxFields,
                        maxRecordBytes: maxRecordBytes, refuse: refuse)
                    if got.map({ $0.0 }) != expected.map({ $0.0 }) || got.map({ $0.1 }) != expected.map({ $0.1 }) {
                        found.append("block \(blockSize) chunk \(chunkBytes) workers \(workers): \(got)")
                    }
                }
            }
        }
        return found
    }

    @Test func trickyUTF8GivesTheSequentialRecordsWhateverTheTuning() throws {
        let folder = TempFolder()
        for (i, text) in TrickyCSV.inputs.enumerated() {
            let path = folder.write("tricky\(i).csv", text)
            let expected = try sequential(path).get()
            #expect(expected.0.count == 8 && expected.1.encoding == "utf-8")
            let found = mismatches(path)
            #expect(found.count == 0, "\(found.prefix(3).joined(separator: "\n"))")
        }
    }

    @Test func trickyUTF8WithBOMGivesTheSequentialRecordsWhateverTheTuning() throws {
        let folder = TempFolder()
        let path = folder.write("bom.csv", bytes: [0xEF, 0xBB, 0xBF] + Array(TrickyCSV.closed.utf8))
        #expect(try sequential(path).get().1.encoding == "utf-8-bom")
        let found = mismatches(path)
        #expect(found.count == 0, "\(found.prefix(3).joined(separator: "\n"))")
    }

    @Test func trickyGB18030GivesTheSequentialRecordsWhateverTheTuning() throws {
        let folder = TempFolder()
        for (i, text) in TrickyCSV.inputs.enumerated() {
            let bytes = [UInt8](try #require(text.data(using: gb18030)))
            // Not UTF-8, so every read starts as UTF-8 and restarts as GB18030 with fresh workers.
            #expect(String(validating: bytes, as: UTF8.self) == nil)
            let path = folder.write("gb\(i).csv", bytes: bytes)
            let (records, facts) = try sequential(path).get()
            #expect(records.count == 8)
            #expect(facts.encoding == "gb18030" && facts.bytes == bytes.count)
            let found = mismatches(path)
            #expect(found.count == 0, "\(found.prefix(3).joined(separator: "\n"))")
        }
    }

    @Test func tooManyColumnsIsTheSameErrorWhateverTheTuning() {
        let folder = TempFolder()
        let path = folder.write("wide.csv", TrickyCSV.closed + "\n8,a,b,c,d\n9,z\n")
        #expect(throws: (any Error).self) { try sequential(path, maxFields: 4).get() }
        let found = mismatches(path, maxFields: 4)
        #expect(found.count == 0, "\(found.prefix(3).joined(separator: "\n"))")
    }

    @Test func recordTooLargeIsTheSameErrorWhateverTheTuning() {
        let folder = TempFolder()
        let path = folder.write("long.csv", "a,b\n1,2\n3,\"\(String(repeating: "长\n", count: 30))\"\n4,5\n")
        #expect(throws: (any Error).self) { try sequential(path, blockSize: 8, maxRecordBytes: 40).get() }
        let found = mismatches(path, blockSizes: 1...9, maxRecordBytes: 40)
        #expect(found.count == 0, "\(found.prefix(3).joined(separator: "\n"))")
    }

    @Test func theConsumersEarliestErrorWinsWhateverTheTuning() {
        // Records 3 and 6 are refused: a sequential read stops at 3, so every chunked read must
        // report 3 too, even when the chunk holding 6 finishes first.
        let folder = TempFolder()
        let path = folder.write("refuse.csv", TrickyCSV.closed)
        guard case .failure(let failure) = sequential(path, refuse: ["3", "6"]) else {
            Issue.record("the sequential read should fail")
            return
        }
        #expect(failure.text.contains("line: 8"))
        let found = mismatches(path, refuse: ["3", "6"])
        #expect(found.count == 0, "\(found.prefix(3).joined(separator: "\n"))")
    }

    @Test func aFileWithoutAHeaderHasNoWorkers() throws {
        let folder = TempFolder()
        let path = folder.write("blank.csv", "\n\r\n,,\n")
        var reader = CSVReader(path: path)
        reader.chunkBytes = 1
        var started = false
        let (workers, facts) = try reader.readChunked(
            start: { _ -> [Int] in
                started = true
                return [0]
            }, consume: { n, _ in n += 1 })
        #expect(!started && workers.isEmpty && facts.bytes == 6)
    }
}
