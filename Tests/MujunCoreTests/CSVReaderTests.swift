import Foundation
import CIntrinsics
import Testing

@testable import MujunCore

@Suite struct CSVReaderTests {
    /// Foundation's GB18030 (the encoding Excel on a Chinese Windows writes).
    private let gb18030 = String.Encoding(rawValue: 0x8000_0632)

    /// Every record the reader hands on (header included), trimmed fields, and the file facts.
    private func read(
        _ path: String, blockSize: Int? = nil, encoding: TextEncoding = .auto
    ) throws -> ([TokenizedRecord], FileFacts) {
        var reader = CSVReader(path: path, encoding: encoding)
        if let blockSize { reader.blockSize = blockSize }
        return try reader.read(
            makeConsumer: { [TokenizedRecord]() },
            consume: { records, record in
                records.append(
                    TokenizedRecord(
                        line: record.line, fields: (0..<record.fieldCount).map { record.string($0) },
                        malformed: record.isMalformed))
            })
    }

    private func readError(_ path: String, blockSize: Int? = nil, encoding: TextEncoding = .auto) -> CSVError? {
        do {
            _ = try read(path, blockSize: blockSize, encoding: encoding)
            return nil
        } catch let e as CSVError {
            return e
        } catch {
            Issue.record("unexpected error \(error)")
            return nil
        }
    }

    /// A file that exercises every tokenizer path and multi-byte characters.
    private let awkward =
        "uscc,name,note\r\n"
        + "1,浙江台州某某机械有限公司,\"含,逗号\"\r\n"
        + "\n"
        + ",,\n"
        + "2,\"黄岩\"\"模具\"\"厂\",\"跨\n两行\"\n"
        + "3,  全角空格\u{3000} ,x\n"
        + "\"4\"x,bad,quote\n"
        + "5,最后一行,无换行"

    private let awkwardRecords = [
        TokenizedRecord(line: 1, fields: ["uscc", "name", "note"]),
        TokenizedRecord(line: 2, fields: ["1", "浙江台州某某机械有限公司", "含,逗号"]),
        // Lines 3 (blank) and 4 (`,,`) are not records.
        TokenizedRecord(line: 5, fields: ["2", "黄岩\"模具\"厂", "跨\n两行"]),
        TokenizedRecord(line: 7, fields: ["3", "全角空格", "x"]),
        TokenizedRecord(line: 8, fields: ["4", "bad", "quote"], malformed: true),
        TokenizedRecord(line: 9, fields: ["5", "最后一行", "无换行"]),
    ]

    @Test func readsRecordsSkippingBlankRowsAndCountingPhysicalLines() throws {
        let folder = TempFolder()
        let path = folder.write("a.csv", awkward)
        let (records, facts) = try read(path)
        #expect(records == awkwardRecords)
        #expect(facts.encoding == "utf-8")
        #expect(facts.bytes == awkward.utf8.count)
    }

    @Test func tinyBlocksGiveTheSameRecordsAsOneBlock() throws {
        let folder = TempFolder()
        let path = folder.write("a.csv", awkward)
        let (whole, _) = try read(path)
        for size in 1...7 {
            let (records, facts) = try read(path, blockSize: size)
            #expect(records == whole, "blockSize \(size)")
            #expect(facts.encoding == "utf-8", "blockSize \(size)")
        }
    }

    @Test func utf8BOMIsDroppedAndReported() throws {
        let folder = TempFolder()
        let path = folder.write("bom.csv", bytes: [0xEF, 0xBB, 0xBF] + Array("uscc,name\n1,甲\n".utf8))
        let (records, facts) = try read(path)
        #expect(records == [TokenizedRecord(line: 1, fields: ["uscc", "name"]), TokenizedRecord(line: 2, fields: ["1", "甲"])])
        #expect(facts.encoding == "utf-8-bom")
        // "uscc,name\n" 10 + "1," 2 + 甲 3 + "\n" 1 = 16, plus the BOM.
        #expect(facts.bytes == 3 + 16)
    }

    @Test func utf8BOMIsRecognisedWhateverTheBlockSize() throws {
        // SPEC §2: "a UTF-8 BOM means UTF-8". The block size is a tuning knob and must not change
        // what is read: a BOM split across the first blocks is still a BOM, not part of the header.
        let folder = TempFolder()
        let path = folder.write("bom.csv", bytes: [0xEF, 0xBB, 0xBF] + Array("uscc,name\n1,甲\n".utf8))
        for size in 1...4 {
            let (records, facts) = try read(path, blockSize: size)
            #expect(records.first?.fields == ["uscc", "name"], "blockSize \(size)")
            #expect(facts.encoding == "utf-8-bom", "blockSize \(size)")
        }
    }

    @Test func gb18030FileIsDetectedAndDecoded() throws {
        let text = "统一社会信用代码,企业名称,乡镇街道\n1,浙江省台州市黄岩区某模塑厂,\"新前街道,院桥\"\n2,€ 欧元À😀,䶮\n"
        let bytes = [UInt8](text.data(using: gb18030)!)
        // The bytes are not valid UTF-8, so detection must fall back.
        #expect(String(validating: bytes, as: UTF8.self) == nil)
        let folder = TempFolder()
        let path = folder.write("gb.csv", bytes: bytes)
        let expected = [
            TokenizedRecord(line: 1, fields: ["统一社会信用代码", "企业名称", "乡镇街道"]),
            TokenizedRecord(line: 2, fields: ["1", "浙江省台州市黄岩区某模塑厂", "新前街道,院桥"]),
            TokenizedRecord(line: 3, fields: ["2", "€ 欧元À😀", "䶮"]),
        ]
        let (records, facts) = try read(path)
        #expect(records == expected)
        #expect(facts.encoding == "gb18030")
        #expect(facts.bytes == bytes.count)
        for size in 1...7 {
            let (small, smallFacts) = try read(path, blockSize: size)
            #expect(small == expected, "blockSize \(size)")
            #expect(smallFacts.encoding == "gb18030", "blockSize \(size)")
        }
    }

    @Test func pinnedGB18030ReadsEvenValidUTF8AsGB18030() throws {
        // "ab" is the same in both; pinning must not fail on plain ASCII.
        let folder = TempFolder()
        let path = folder.write("a.csv", "a,b\n1,2\n")
        let (records, facts) = try read(path, encoding: .gb18030)
        #expect(records.count == 2)
        #expect(facts.encoding == "gb18030")
    }

    @Test func bytesThatAreNeitherUTF8NorGB18030AreUndecodableAtTheirOffset() {
        let folder = TempFolder()
        // "a,b\n" is 4 bytes, so the bad lead byte 0x81 (followed by a space, which no GB18030
        // sequence allows) is at offset 4.
        let path = folder.write("bad.csv", bytes: Array("a,b\n".utf8) + [0x81, 0x20] + Array("\n".utf8))
        let expected = CSVError.undecodable(path: path, offset: 4, encoding: "GB18030")
        #expect(readError(path) == expected)
        for size in 1...7 {
            #expect(readError(path, blockSize: size) == expected, "blockSize \(size)")
        }
        #expect(expected.exitStatus == .dataError)
        #expect(expected.message == "invalid GB18030 at byte offset 4")
    }

    @Test func bomFileWithInvalidUTF8IsUndecodable() {
        let folder = TempFolder()
        // BOM (3 bytes) + "a,b\n" (4 bytes): the stray 0xFF is at offset 7. It is not retried as GB18030.
        let path = folder.write("bad.csv", bytes: [0xEF, 0xBB, 0xBF] + Array("a,b\n".utf8) + [0xFF, 0x0A])
        #expect(readError(path) == .undecodable(path: path, offset: 7, encoding: "UTF-8"))
    }

    @Test func pinnedUTF8DoesNotFallBack() {
        let folder = TempFolder()
        let bytes = [UInt8]("a,b\n1,中\n".data(using: gb18030)!)
        let path = folder.write("gb.csv", bytes: bytes)
        // "a,b\n1," is 6 bytes; 中 in GB18030 is D6 D0 and D6 needs a continuation byte ≥ 0x80.
        #expect(readError(path, encoding: .utf8) == .undecodable(path: path, offset: 6, encoding: "UTF-8"))
    }

    @Test func missingFileIsUnreadableWithExitStatus66() {
        let path = TempFolder().path + "/nope.csv"
        let error = readError(path)
        #expect(error == .unreadable(path: path, reason: "no such file"))
        #expect(error?.exitStatus == .noInput)
        #expect(ExitStatus.noInput.rawValue == 66)
    }

    @Test func emptyRegistryFileIsNoHeaderWithExitStatus65() {
        let folder = TempFolder()
        folder.writeInputs([:])
        let path = folder.write("enterprises.csv", "")
        #expect {
            try Ingest.run(Pipeline(), Ingest.Options(dataDirectory: folder.path, year: 2024))
        } throws: { error in
            guard let e = error as? CSVError else { return false }
            return e == .noHeader(path: path) && e.exitStatus == .dataError && e.exitStatus.rawValue == 65
        }
    }

    @Test func fileOfBlankLinesHasNoHeader() {
        let folder = TempFolder()
        folder.writeInputs([:])
        let path = folder.write("tax.csv", "\n\n,,\n")
        #expect(throws: CSVError.noHeader(path: path)) {
            try Ingest.run(Pipeline(), Ingest.Options(dataDirectory: folder.path, year: 2024))
        }
    }

    @Test func missingRequiredFileStopsIngestWithExitStatus66() throws {
        let folder = TempFolder()
        folder.writeInputs([:])
        try FileManager.default.removeItem(atPath: folder.path + "/energy.csv")
        #expect {
            try Ingest.run(Pipeline(), Ingest.Options(dataDirectory: folder.path, year: 2024))
        } throws: { error in
            (error as? CSVError) == .unreadable(path: folder.path + "/energy.csv", reason: "no such file")
                && (error as? CSVError)?.exitStatus.rawValue == 66
        }
    }

    @Test func missingRequiredColumnNamesTheColumnAndTheHeadersFound() {
        let folder = TempFolder()
        folder.writeInputs([:])
        let path = folder.write("enterprises.csv", " USCC ,name,industry,region,established,Extra\n")
        let expected = CSVError.missingColumn(
            path: path, column: "scale", found: ["USCC", "name", "industry", "region", "established", "Extra"])
        #expect(throws: expected) {
            try Ingest.run(Pipeline(), Ingest.Options(dataDirectory: folder.path, year: 2024))
        }
        #expect(expected.exitStatus == .dataError)
        #expect(
            expected.message
                == "missing required column 'scale'; found: 'USCC', 'name', 'industry', 'region', 'established', 'Extra'"
        )
    }
}

/// The streaming validators' common shape, for one test helper.
private protocol BlockValidator {
    mutating func feed(_ block: UnsafeBufferPointer<UInt8>) -> Int?
    func finish() -> Int?
}
extension UTF8Validator: BlockValidator {}
extension GB18030Validator: BlockValidator {}

/// Feeds `bytes` in pieces cut at `cuts`; the offset of the first invalid sequence, if any.
private func firstInvalid(_ validator: some BlockValidator, _ bytes: [UInt8], cuts: [Int]) -> Int? {
    var v = validator
    var start = 0
    for end in cuts.sorted() + [bytes.count] where end >= start {
        let bad = bytes.withUnsafeBufferPointer { v.feed(UnsafeBufferPointer(rebasing: $0[start..<end])) }
        if let bad { return bad }
        start = end
    }
    return v.finish()
}

@Suite struct UTF8ValidatorTests {
    private func validate(_ bytes: [UInt8], cuts: [Int]) -> Int? { firstInvalid(UTF8Validator(), bytes, cuts: cuts) }

    /// Valid exactly when the standard library says so, and the same answer however the bytes are
    /// cut into blocks: random mixes of ASCII, two-, three- and four-byte characters, and stray bytes.
    @Test func agreesWithTheStandardLibraryAcrossBlockCuts() {
        var rng = SystemRandomNumberGenerator()
        let pieces: [[UInt8]] = [
            Array("a,b".utf8), Array("增值税".utf8), Array("é".utf8), Array("😀".utf8), Array("\u{3000}".utf8),
            Array("\u{FFFD}".utf8), Array("\u{D7FF}".utf8), Array("\u{E000}".utf8), [0xED, 0xA0, 0x80], [0xE0, 0x80, 0x80],
            [0xC0, 0x80], [0xF4, 0x90, 0x80, 0x80], [0xE4, 0xB8], [0x80], [0xFF], [0xEF, 0xBB, 0xBF],
        ]
        for round in 0..<3000 {
            var bytes: [UInt8] = []
            for _ in 0..<Int.random(in: 0...12, using: &rng) {
                bytes += pieces[Int.random(in: 0..<(round % 2 == 0 ? 10 : pieces.count), using: &rng)]
            }
            let valid = String(validating: bytes, as: UTF8.self) != nil
            let whole = validate(bytes, cuts: [])
            #expect((whole == nil) == valid, "\(bytes)")
            let cuts = (0..<Int.random(in: 1...4, using: &rng)).map { _ in Int.random(in: 0...bytes.count, using: &rng) }
            #expect(validate(bytes, cuts: cuts) == whole, "\(bytes) cut at \(cuts)")
        }
    }
}

extension UTF8ValidatorTests {
    /// The start of the first sequence that is not well-formed, by the standard library's parser:
    /// the bytes of the valid characters before it.
    private func reference(_ bytes: [UInt8]) -> Int? {
        var parser = Unicode.UTF8.ForwardParser()
        var input = bytes.makeIterator()
        var offset = 0
        while true {
            switch parser.parseScalar(from: &input) {
            case .valid(let scalar): offset += scalar.count
            case .error: return offset
            case .emptyInput: return nil
            }
        }
    }

    /// Long inputs — mostly valid, many 16-byte vectors long, a bad sequence here and there — give
    /// the exact offset of the first bad sequence, however they are cut into blocks: the vector
    /// check finds that a block is bad, the byte-by-byte one where.
    @Test func findsTheFirstBadSequenceInLongInputs() {
        var rng = SystemRandomNumberGenerator()
        let good: [[UInt8]] = [
            Array("9133100214336790X9,2024-01,124378.36,".utf8), Array("增值税\n".utf8), Array("é".utf8),
            Array("😀".utf8), Array("\u{10FFFF}".utf8), Array("\u{800}".utf8), Array("\u{80}".utf8), Array("\u{D7FF}".utf8),
            Array("\u{E000}".utf8), Array("\u{10000}".utf8), Array("x".utf8),
        ]
        let bad: [[UInt8]] = [
            [0xED, 0xA0, 0x80], [0xE0, 0x9F, 0xBF], [0xC1, 0xBF], [0xF4, 0x90, 0x80, 0x80], [0xF0, 0x8F, 0xBF, 0xBF],
            [0xF5, 0x80, 0x80, 0x80], [0xE4, 0xB8], [0x80], [0xBF, 0x80], [0xFF], [0xC2], [0xF0, 0x9F, 0x98],
        ]
        var invalid = 0
        for round in 0..<2000 {
            var bytes: [UInt8] = []
            for _ in 0..<Int.random(in: 0...60, using: &rng) {
                let rare = Int.random(in: 0..<40, using: &rng) == 0
                bytes += rare ? bad.randomElement(using: &rng)! : good.randomElement(using: &rng)!
            }
            let expected = reference(bytes)
            if expected != nil { invalid += 1 }
            #expect(validate(bytes, cuts: []) == expected, "round \(round): \(bytes)")
            let cuts = (0..<Int.random(in: 1...6, using: &rng)).map { _ in Int.random(in: 0...bytes.count, using: &rng) }
            #expect(validate(bytes, cuts: cuts) == expected, "round \(round) cut at \(cuts): \(bytes)")
        }
        #expect(invalid > 200 && invalid < 1900)
    }

    /// The vector check itself (which the validator trusts when it says a block is good, and
    /// double-checks byte by byte when it says bad) says good exactly for well-formed input: every
    /// character of a few kinds at every offset of a 96-byte stretch, so each sits across every
    /// 16- and 32-byte boundary, alone and with a bad sequence before or after it.
    @Test func vectorCheckSaysGoodExactlyForWellFormedInput() {
        let pieces: [[UInt8]] = [
            Array("增".utf8), Array("é".utf8), Array("😀".utf8), Array("\u{10FFFF}".utf8), Array("\u{800}".utf8),
            [0xED, 0xA0, 0x80], [0xE0, 0x9F, 0xBF], [0xC1, 0xBF], [0xF4, 0x90, 0x80, 0x80], [0xE4, 0xB8], [0x80],
            [0xC2], [0xF0, 0x9F, 0x98],
        ]
        var wrong: [String] = []
        for a in pieces {
            for b in pieces + [[]] {
                for offset in 0..<90 {
                    var bytes = [UInt8](repeating: UInt8(ascii: "a"), count: 96)
                    bytes.replaceSubrange(offset..<offset, with: a + b)
                    let good = reference(bytes) == nil
                    let said = bytes.withUnsafeBufferPointer { mujun_utf8_is_valid($0.baseAddress, $0.count) }
                    if said != (good ? 1 : 0) { wrong.append("\(a) \(b) at \(offset): \(said)") }
                }
            }
        }
        #expect(wrong.isEmpty, "\(wrong.prefix(5))")
    }
}

@Suite struct GB18030ValidatorTests {
    /// The byte structure checked one byte at a time, as the definition reads: the reference.
    private func reference(_ bytes: [UInt8]) -> Int? {
        var state = 0
        var start = 0
        for (i, b) in bytes.enumerated() {
            switch state {
            case 0:
                if b < 0x80 { continue }
                guard b >= 0x81 && b <= 0xFE else { return i }
                start = i
                state = 1
            case 1:
                if (b >= 0x40 && b <= 0x7E) || (b >= 0x80 && b <= 0xFE) {
                    state = 0
                } else if b >= 0x30 && b <= 0x39 {
                    state = 2
                } else {
                    return start
                }
            case 2:
                guard b >= 0x81 && b <= 0xFE else { return start }
                state = 3
            default:
                guard b >= 0x30 && b <= 0x39 else { return start }
                state = 0
            }
        }
        return state == 0 ? nil : start
    }

    private func validate(_ bytes: [UInt8], cuts: [Int]) -> Int? { firstInvalid(GB18030Validator(), bytes, cuts: cuts) }

    /// The validator skips ASCII eight bytes at a time; it must still find the first bad sequence
    /// exactly where the byte-by-byte definition does, however the bytes are cut into blocks.
    @Test func agreesWithTheByteByByteDefinitionAcrossBlockCuts() {
        var rng = SystemRandomNumberGenerator()
        let pieces: [[UInt8]] = [
            Array("a,b".utf8), Array("abcdefghijk\n".utf8), [0xB0, 0xA1], [0x81, 0x40], [0xFE, 0xFE], [0x81, 0x30, 0x81, 0x30],
            [0x95, 0x32, 0x82, 0x36], [0x80], [0xFF], [0x81, 0x20], [0x81, 0x30, 0x20], [0x81, 0x30, 0x81, 0x20], [0x81],
            // Two-byte trails at the edges of their ranges, and just outside them.
            [0x81, 0x7E], [0xFE, 0x80], [0x81, 0x7F], [0x81, 0x3F], [0x7F], [0x81, 0xFF],
        ]
        for round in 0..<3000 {
            var bytes: [UInt8] = []
            for _ in 0..<Int.random(in: 0...14, using: &rng) {
                bytes += pieces[Int.random(in: 0..<(round % 2 == 0 ? 7 : pieces.count), using: &rng)]
            }
            let expected = reference(bytes)
            #expect(validate(bytes, cuts: []) == expected, "\(bytes)")
            let cuts = (0..<Int.random(in: 1...4, using: &rng)).map { _ in Int.random(in: 0...bytes.count, using: &rng) }
            #expect(validate(bytes, cuts: cuts) == expected, "\(bytes) cut at \(cuts)")
        }
    }
}
