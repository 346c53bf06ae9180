import Testing

@testable import MujunCore

/// Inputs whose bytes hold every way a nominal cut can land inside a record (issue #3).
enum TrickyCSV {
    /// Quoted fields with `,`, `\n` and `\r\n` inside, `""` escapes, a field that is only `""`,
    /// CRLF and LF line ends, blank lines, multi-byte UTF-8 (浙江台州, U+3000), a stray quote after a
    /// closing quote, a quoted field whose second line looks like a record with too many fields,
    /// and an unclosed quote at the end of the file.
    static let text =
        "h1,h2,h3\r\n"
        + "1,\"a,b\",浙江台州\r\n"
        + "\r\n"
        + "2,\"多\n行\r\n字段\",\u{3000}全角\u{3000}\n"
        + "\n"
        + "3,\"say \"\"hi\"\"\",\"\"\r\n"
        + ",,\n"
        + "4,\"x\"junk,\"\"\"\"\n"
        + "5,\"\n,,,,,,,,\n\",end\r\n"
        + "6,浙,\"\"\"\r\n,\"\"\"\n"
        + "7,\"unclosed\n浙江,\r\n"

    /// The same without the unclosed quote, ending in a record with no line end.
    static let closed =
        text.components(separatedBy: "7,\"unclosed")[0] + "7,最后一行,\u{3000}"

    static let inputs = [text, closed]
}

/// A record of a reference tokenization, with where it starts and where the next one does.
private struct Placed: Equatable, CustomStringConvertible {
    var start: Int
    var next: Int
    var record: TokenizedRecord

    var description: String { "[\(start)..<\(next)] \(record)" }
}

/// The sequential tokenization the splitter must agree with: every record from offset 0 (blank
/// ones too), where complete records stop, and whether they stop at a record with too many fields.
private struct Reference {
    var records: [Placed] = []
    var complete = 0
    var tooManyFields = false

    /// Record starts, plus `complete`: where a chunk boundary may fall.
    var boundaries: [Int] { records.map(\.start) + [complete] }

    /// The first true record start at or after `cut` (or where complete records stop).
    func boundary(atOrAfter cut: Int) -> Int { boundaries.first { $0 >= cut } ?? complete }

    init(_ bytes: [UInt8], atEOF: Bool, maxFields: Int) {
        let buffer = Bytes(bytes)
        var tokenizer = CSVTokenizer()
        tokenizer.maxFields = maxFields
        var record = CSVRecord(base: buffer.p)
        var i = 0
        loop: while i < bytes.count {
            switch tokenizer.next(buffer.p, start: i, end: bytes.count, atEOF: atEOF, into: &record) {
            case .record(let next):
                records.append(Placed(start: i, next: next, record: TokenizedRecord(record)))
                i = next
            case .incomplete:
                break loop
            case .tooManyFields:
                tooManyFields = true
                break loop
            }
        }
        complete = i
    }
}

/// Bytes in raw memory, as the reader holds them.
final class Bytes {
    let p: UnsafeMutablePointer<UInt8>
    let count: Int

    init(_ bytes: [UInt8]) {
        count = bytes.count
        p = .allocate(capacity: max(bytes.count, 1))
        p.update(from: bytes, count: bytes.count)
    }

    var array: [UInt8] { Array(UnsafeBufferPointer(start: p, count: count)) }

    deinit { p.deallocate() }
}

extension TokenizedRecord {
    /// The record's raw fields (unescaped, not trimmed).
    init(_ record: CSVRecord) {
        self.init(
            line: record.line, fields: (0..<record.fieldCount).map { String(decoding: record.rawField($0), as: UTF8.self) },
            malformed: record.isMalformed)
    }
}

@Suite struct CSVChunkSplitterTests {
    /// Splits `bytes` at `cuts` and checks everything against the sequential reference; returns
    /// the mismatches found, described.
    private func check(_ bytes: [UInt8], cuts: [Int], atEOF: Bool, maxFields: Int = 10_000) -> [String] {
        let reference = Reference(bytes, atEOF: atEOF, maxFields: maxFields)
        let buffer = Bytes(bytes)
        let splitter = CSVChunkSplitter(maxFields: maxFields)
        let split = splitter.split(buffer.p, start: 0, end: bytes.count, atEOF: atEOF, cuts: cuts)
        let context = "cuts \(cuts) atEOF \(atEOF):"
        var problems: [String] = []
        // Speculation must never write: another chunk may be reading these bytes.
        if buffer.array != bytes { problems.append("\(context) the split wrote to the buffer") }
        let expectedStarts = [0] + cuts.map { reference.boundary(atOrAfter: $0) }
        let starts = split.chunks.map(\.start)
        if starts != expectedStarts { problems.append("\(context) chunk starts \(starts), expected \(expectedStarts)") }
        let ends = split.chunks.map(\.end)
        if ends != Array(expectedStarts.dropFirst()) + [reference.complete] {
            problems.append("\(context) chunk ends \(ends) do not follow the starts \(expectedStarts)")
        }
        if split.complete != reference.complete {
            problems.append("\(context) complete \(split.complete), expected \(reference.complete)")
        }
        if split.tooManyFields != reference.tooManyFields {
            problems.append("\(context) tooManyFields \(split.tooManyFields), expected \(reference.tooManyFields)")
        }
        func newlines(before offset: Int) -> Int { bytes[0..<offset].count { $0 == UInt8(ascii: "\n") } }
        for (j, chunk) in split.chunks.enumerated() where chunk.newlinesBefore != newlines(before: chunk.start) {
            problems.append("\(context) chunk \(j) newlinesBefore \(chunk.newlinesBefore)")
        }
        if split.newlines != newlines(before: split.complete) {
            problems.append("\(context) newlines \(split.newlines)")
        }
        guard problems.isEmpty else { return problems }

        // Tokenizing each chunk for real, as the reader does, gives exactly the sequential records.
        var records: [Placed] = []
        for chunk in split.chunks {
            var tokenizer = CSVTokenizer()
            tokenizer.maxFields = maxFields
            tokenizer.line = 1 + chunk.newlinesBefore
            var record = CSVRecord(base: buffer.p)
            var i = chunk.start
            while i < chunk.end {
                guard
                    case .record(let next) = tokenizer.next(
                        buffer.p, start: i, end: chunk.end, atEOF: true, into: &record)
                else {
                    problems.append("\(context) chunk [\(chunk.start)..<\(chunk.end)] did not tokenize whole")
                    break
                }
                records.append(Placed(start: i, next: next, record: TokenizedRecord(record)))
                i = next
            }
        }
        if records != reference.records {
            problems.append("\(context) records\n\(records)\nexpected\n\(reference.records)")
        }
        return problems
    }

    /// Splits every tricky input at each list of cuts `cutLists` gives for its bytes, at and
    /// before the end of the input, and expects the sequential records every time.
    private func expectSequentialRecords(
        sourceLocation: Testing.SourceLocation = #_sourceLocation, _ cutLists: ([UInt8]) -> [[Int]]
    ) {
        for text in TrickyCSV.inputs {
            let bytes = Array(text.utf8)
            var problems: [String] = []
            for atEOF in [true, false] {
                for cuts in cutLists(bytes) { problems += check(bytes, cuts: cuts, atEOF: atEOF) }
            }
            #expect(problems.count == 0, "\(problems.prefix(3).joined(separator: "\n"))", sourceLocation: sourceLocation)
        }
    }

    @Test func twoChunksAtEveryOffsetMatchTheSequentialRecords() {
        expectSequentialRecords { bytes in (1..<bytes.count).map { [$0] } }
    }

    @Test func threeChunksAtEveryOffsetMatchTheSequentialRecords() {
        expectSequentialRecords { bytes in
            (1..<bytes.count).flatMap { b in [1, 2, 3, 5, 8, 13, 40].filter { b + $0 < bytes.count }.map { [b, b + $0] } }
        }
    }

    @Test func manyTinyChunksMatchTheSequentialRecords() {
        // A cut every few bytes: most chunks are empty or hold part of one long quoted record.
        expectSequentialRecords { bytes in
            (1...9).flatMap { step in (0..<step).map { Array(stride(from: 1 + $0, to: bytes.count, by: step)) } }
        }
    }

    @Test func tooManyFieldsCountsOnlyWhereARecordTrulyStarts() {
        // With 4 fields allowed, the ",,,,,,,," line inside record 5's quoted field would be a
        // record with too many fields if a chunk guessed it was a record: only the real record
        // with 5 fields may stop the split.
        let text = TrickyCSV.closed + "\n" + "8,a,b,c,d\n" + "9,z\n"
        let bytes = Array(text.utf8)
        var problems: [String] = []
        for atEOF in [true, false] {
            for b in 1..<bytes.count {
                problems += check(bytes, cuts: [b], atEOF: atEOF, maxFields: 4)
                for k in [1, 4, 16] where b + k < bytes.count {
                    problems += check(bytes, cuts: [b, b + k], atEOF: atEOF, maxFields: 4)
                }
            }
        }
        #expect(problems.count == 0, "\(problems.prefix(3).joined(separator: "\n"))")
        #expect(Reference(bytes, atEOF: true, maxFields: 4).tooManyFields)
        #expect(!Reference(Array(TrickyCSV.closed.utf8), atEOF: true, maxFields: 4).tooManyFields)
    }

    /// Without a quote every line is a record: CRLF and LF, blank lines and lines of empty fields,
    /// multi-byte UTF-8 (浙江台州, U+3000), a stray `\r`, a last line with and without a line end.
    static let quoteFree = [
        "h1,h2,h3\r\n1,a,浙江台州\r\n\r\n2,多行,\u{3000}全角\u{3000}\n\n3,x\ry,\r\n,,\n4,b,最后",
        "h1,h2,h3\n1,a,b\n\n2,浙,江\r\n,,\n",
    ]

    /// Splits `bytes` by scanning and by skimming at each list of cuts: the problems (differences,
    /// or differences from the sequential records), and how many splits took the scanning route.
    private func compareRoutes(_ bytes: [UInt8], cutLists: [[Int]]) -> (problems: [String], scanned: Int, splits: Int) {
        let splitter = CSVChunkSplitter()
        let buffer = Bytes(bytes)
        var problems: [String] = []
        var scanned = 0
        var splits = 0
        for atEOF in [true, false] {
            for cuts in cutLists {
                problems += check(bytes, cuts: cuts, atEOF: atEOF)
                let fast = splitter.splitByScanning(buffer.p, start: 0, end: bytes.count, atEOF: atEOF, cuts: cuts)
                splits += 1
                if fast != nil { scanned += 1 }
                let skimmed = splitter.splitBySkimming(buffer.p, start: 0, end: bytes.count, atEOF: atEOF, cuts: cuts)
                if fast != skimmed {
                    problems.append("cuts \(cuts) atEOF \(atEOF): \(String(describing: fast)) vs \(skimmed)")
                }
            }
        }
        return (problems, scanned, splits)
    }

    /// Every single cut, and pairs of cuts a few bytes apart.
    private func everyCut(_ count: Int) -> [[Int]] {
        (1..<count).map { [$0] }
            + (1..<count).flatMap { b in [1, 3, 7].filter { b + $0 < count }.map { [b, b + $0] } }
    }

    @Test func scanningSplitsExactlyAsSkimmingWould() {
        // Quote-free bytes, and the tricky inputs: quoted line breaks, CRLF, `""`, stray quotes after
        // a closing quote, quotes inside unquoted fields, an unclosed quote at the end.
        let texts = Self.quoteFree + TrickyCSV.inputs + ["a,b\"c\"d,\"e\"\"\n\",f\n\"\"\"\",\"x\" ,y\r\n"]
        for text in texts {
            let bytes = Array(text.utf8)
            let (problems, scanned, splits) = compareRoutes(bytes, cutLists: everyCut(bytes.count))
            #expect(problems.count == 0, "\(problems.prefix(3).joined(separator: "\n"))")
            // No record is long enough to need the skim.
            #expect(scanned == splits && splits > 0)
        }
    }

    @Test func scanningAgreesWithSkimmingOnRandomBytes() {
        // Short records of quotes, separators, line ends, CR, spaces and a multi-byte character, in
        // every mix: the two routes must find the same records at every cut.
        var random = SeededGenerator(seed: 7)
        let alphabet: [[UInt8]] = [[0x22], [0x22], [0x2C], [0x0A], [0x0D], [0x20], [0x61], Array("浙".utf8)]
        var problems: [String] = []
        for _ in 0..<150 {
            var bytes: [UInt8] = []
            for _ in 0..<(8 + Int(random.next() % 40)) { bytes += alphabet[Int(random.next() % UInt64(alphabet.count))] }
            let cuts = (1..<bytes.count).filter { _ in random.next() % 3 == 0 }.map { [$0] }
            problems += compareRoutes(bytes, cutLists: cuts).problems
        }
        #expect(problems.count == 0, "\(problems.prefix(3).joined(separator: "\n"))")
    }

    @Test func scanningAgreesWithSkimmingOnLongRandomInputs() {
        // Many 64-byte blocks: most without a quote (taken whole from their line feeds), some with
        // quoted fields holding separators, line breaks and `""`, stray quotes inside unquoted
        // fields, CRLF; records around the length where only counting fields can decide.
        var random = SeededGenerator(seed: 11)
        func pick(_ n: Int) -> Int { Int(random.next() % UInt64(n)) }
        let letters = ["a", "b", "1", " ", "\r", "浙"]
        var problems: [String] = []
        var scanned = 0
        var splits = 0
        for round in 0..<90 {
            var text = ""
            // In the rounds that allow few fields, records are short but now and then one is long.
            let maxFields = [64, 150, 10_000][round % 3]
            for _ in 0..<(20 + pick(60)) {
                var fields: [String] = []
                let longLine = maxFields == 10_000 || pick(60) == 0
                for _ in 0..<(1 + pick(longLine ? 6 : 3)) {
                    var field = (0..<pick(longLine ? 40 : 12)).map { _ in letters[pick(letters.count)] }.joined()
                    switch pick(12) {
                    case 0: field = "\"" + field + ",\n\"\"x\""
                    case 1: field = field + "\"" + field
                    // More fields than the 64 allowed: the split must stop at this record.
                    case 2 where longLine && maxFields == 64: field += String(repeating: ",", count: 70)
                    default: break
                    }
                    fields.append(field)
                }
                text += fields.joined(separator: ",") + (pick(4) == 0 ? "\r\n" : "\n")
            }
            let bytes = Array(text.utf8)
            let splitter = CSVChunkSplitter(maxFields: maxFields)
            let buffer = Bytes(bytes)
            let single = (0..<30).map { _ in [1 + pick(bytes.count - 1)] }
            let pairs = (0..<20).map { _ in Set([1 + pick(bytes.count - 1), 1 + pick(bytes.count - 1)]).sorted() }
            for atEOF in [true, false] {
                for cuts in single + pairs {
                    let skimmed = splitter.splitBySkimming(buffer.p, start: 0, end: bytes.count, atEOF: atEOF, cuts: cuts)
                    splits += 1
                    // Falling back to the skim is always allowed; a split it gives must be the skim's.
                    guard let fast = splitter.splitByScanning(buffer.p, start: 0, end: bytes.count, atEOF: atEOF, cuts: cuts)
                    else {
                        if maxFields == 10_000 { problems.append("round \(round) cuts \(cuts): fell back") }
                        continue
                    }
                    scanned += 1
                    if fast != skimmed { problems.append("round \(round) cuts \(cuts) atEOF \(atEOF): \(fast) vs \(skimmed)") }
                }
            }
        }
        #expect(problems.isEmpty, "\(problems.prefix(3).joined(separator: "\n"))")
        #expect(scanned > splits / 2)
    }

    @Test func recordsThatCouldHoldTooManyFieldsAreSkimmed() {
        let quoted = Bytes(Array("a,b\n\"c\",d\n".utf8))
        #expect(CSVChunkSplitter().splitByScanning(quoted.p, start: 0, end: quoted.count, atEOF: true, cuts: [4]) != nil)
        // With 4 fields allowed, a 7-byte record could hold 5: the skim decides (and finds them).
        let wide = Bytes(Array("1,2\na,b,c,d,e\n3,4\n".utf8))
        let splitter = CSVChunkSplitter(maxFields: 4)
        #expect(splitter.splitByScanning(wide.p, start: 0, end: wide.count, atEOF: true, cuts: [2]) == nil)
        #expect(splitter.split(wide.p, start: 0, end: wide.count, atEOF: true, cuts: [2]).tooManyFields)
        #expect(check(wide.array, cuts: [2], atEOF: true, maxFields: 4).isEmpty)
        // A record spanning lines counts whole: each line is short, the quoted record is not.
        let spanning = Bytes(Array("1,2\n\"a\nb\nc\",d\n".utf8))
        #expect(splitter.splitByScanning(spanning.p, start: 0, end: spanning.count, atEOF: true, cuts: [2]) == nil)
    }

    @Test func equalCutsSplitIntoNearlyEqualParts() {
        #expect(CSVChunkSplitter.equalCuts(start: 100, end: 1100, parts: 2) == [600])
        #expect(CSVChunkSplitter.equalCuts(start: 0, end: 900, parts: 3) == [300, 600])
        #expect(CSVChunkSplitter.equalCuts(start: 0, end: 10, parts: 4) == [2, 5, 7])
        #expect(CSVChunkSplitter.equalCuts(start: 5, end: 9, parts: 1) == [])
        // The cuts increase inside the range, down to parts of one byte.
        for parts in 2...40 {
            for total in [parts, parts + 1, 10 * parts, 1_000, 4 << 20] where total >= parts {
                let cuts = CSVChunkSplitter.equalCuts(start: 50, end: 50 + total, parts: parts)
                #expect(cuts.count == parts - 1)
                #expect(zip([50] + cuts, cuts + [50 + total]).allSatisfy { $0 < $1 }, "\(parts) \(total) \(cuts)")
            }
        }
    }

    @Test func skimmingDoesNotUnescapeButFindsTheSameRecord() {
        let bytes = Array("\"a\"\"b\",c\nx\n".utf8)
        let buffer = Bytes(bytes)
        var skimmer = CSVTokenizer()
        var record = CSVRecord(base: buffer.p)
        let skimmed = skimmer.next(buffer.p, start: 0, end: bytes.count, atEOF: false, into: &record, unescape: false)
        #expect(buffer.array == bytes)
        var tokenizer = CSVTokenizer()
        let parsed = tokenizer.next(buffer.p, start: 0, end: bytes.count, atEOF: false, into: &record)
        guard case .record(let a) = skimmed, case .record(let b) = parsed else {
            Issue.record("expected a record both ways")
            return
        }
        #expect(a == b && a == 9)
        #expect(skimmer.line == tokenizer.line)
        #expect(TokenizedRecord(record).fields == ["a\"b", "c"])
    }
}
