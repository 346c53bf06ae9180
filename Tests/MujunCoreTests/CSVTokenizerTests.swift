import Testing

@testable import MujunCore

/// One tokenized record in plain values.
struct TokenizedRecord: Equatable, CustomStringConvertible {
    var line: Int
    var fields: [String]
    var malformed = false

    var description: String { "\(line)\(malformed ? "!" : ""):\(fields)" }
}

@Suite struct CSVTokenizerTests {
    /// Every record of `text` (blank ones included), raw fields, the whole input as one buffer at EOF.
    private func tokenize(_ text: String) -> [TokenizedRecord] {
        let bytes = Array(text.utf8)
        let p = UnsafeMutablePointer<UInt8>.allocate(capacity: max(bytes.count, 1))
        defer { p.deallocate() }
        p.update(from: bytes, count: bytes.count)
        var tokenizer = CSVTokenizer()
        var record = CSVRecord(base: p)
        var out: [TokenizedRecord] = []
        var start = 0
        while start < bytes.count {
            guard case .record(let next) = tokenizer.next(p, start: start, end: bytes.count, atEOF: true, into: &record)
            else {
                Issue.record("tokenizer did not finish a record at EOF")
                break
            }
            out.append(
                TokenizedRecord(
                    line: record.line,
                    fields: (0..<record.fieldCount).map { String(decoding: record.rawField($0), as: UTF8.self) },
                    malformed: record.isMalformed))
            start = next
        }
        return out
    }

    /// The outcome for a buffer that is not the end of the input.
    private func outcome(_ text: String) -> String {
        var bytes = Array(text.utf8)
        return bytes.withUnsafeMutableBufferPointer { buf in
            var tokenizer = CSVTokenizer()
            var record = CSVRecord(base: buf.baseAddress!)
            switch tokenizer.next(buf.baseAddress!, start: 0, end: buf.count, atEOF: false, into: &record) {
            case .record(let next): return "record(\(next))"
            case .incomplete: return "incomplete"
            case .tooManyFields: return "tooManyFields"
            }
        }
    }

    @Test func quotedFieldsKeepSeparatorsAndUnescapeDoubledQuotes() {
        let records = tokenize("a,\"b,c\",\"say \"\"hi\"\"\",\"\"\n")
        #expect(records == [TokenizedRecord(line: 1, fields: ["a", "b,c", "say \"hi\"", ""])])
    }

    @Test func lineBreaksInsideQuotesCountTowardTheNextRecordsLine() {
        // Record 2 starts on line 2 and holds two embedded breaks (lines 3 and 4), so record 3 is on line 5.
        let records = tokenize("h1,h2\n1,\"x\ny\nz\"\n2,w\n")
        #expect(
            records == [
                TokenizedRecord(line: 1, fields: ["h1", "h2"]),
                TokenizedRecord(line: 2, fields: ["1", "x\ny\nz"]),
                TokenizedRecord(line: 5, fields: ["2", "w"]),
            ])
    }

    @Test func crlfLineEndsAreNotPartOfTheLastField() {
        let records = tokenize("a,b\r\n1,\"2\"\r\n\"x\r\ny\",3\r\n")
        #expect(
            records == [
                TokenizedRecord(line: 1, fields: ["a", "b"]),
                TokenizedRecord(line: 2, fields: ["1", "2"]),
                // A CRLF inside quotes is content; it is one physical line break.
                TokenizedRecord(line: 3, fields: ["x\r\ny", "3"]),
            ])
    }

    @Test func finalLineWithoutBreakIsARecord() {
        #expect(tokenize("a,b\n1,2") == [TokenizedRecord(line: 1, fields: ["a", "b"]), TokenizedRecord(line: 2, fields: ["1", "2"])])
        // A trailing separator at the end of the file leaves one empty last field.
        #expect(tokenize("1,") == [TokenizedRecord(line: 1, fields: ["1", ""])])
        #expect(tokenize("\"q\"") == [TokenizedRecord(line: 1, fields: ["q"])])
    }

    @Test func quotesInsideAnUnquotedFieldAreLiteral() {
        #expect(tokenize("ab\"c,d\n") == [TokenizedRecord(line: 1, fields: ["ab\"c", "d"])])
    }

    @Test func strayQuoteAfterClosingQuoteMakesTheRecordMalformed() {
        let records = tokenize("\"ab\"c,d\n1,2\n")
        #expect(records.count == 2)
        #expect(records[0].malformed)
        #expect(records[0].line == 1)
        // The next record is unaffected.
        #expect(records[1] == TokenizedRecord(line: 2, fields: ["1", "2"]))
    }

    @Test func unterminatedQuoteAtEndOfFileIsOneMalformedRecord() {
        let records = tokenize("a,b\n1,\"open\n2,3\n")
        #expect(records.count == 2)
        #expect(records[1].line == 2)
        #expect(records[1].malformed)
        #expect(records[1].fields == ["1", "open\n2,3\n"])
    }

    @Test func blankAndCommaOnlyRecordsAreBlank() {
        let bytes = Array("a,b\n\n,,,,\n , \n1,2\n".utf8)
        var blank: [Bool] = []
        var lines: [Int] = []
        var copy = bytes
        copy.withUnsafeMutableBufferPointer { buf in
            var tokenizer = CSVTokenizer()
            var record = CSVRecord(base: buf.baseAddress!)
            var start = 0
            while start < buf.count,
                case .record(let next) = tokenizer.next(
                    buf.baseAddress!, start: start, end: buf.count, atEOF: true, into: &record)
            {
                blank.append(record.isBlank)
                lines.append(record.line)
                start = next
            }
        }
        #expect(blank == [false, true, true, true, false])
        // Blank records still take their physical line: `1,2` is line 5.
        #expect(lines == [1, 2, 3, 4, 5])
    }

    @Test func aBufferEndingInsideARecordAsksForMoreBytes() {
        #expect(outcome("1,2") == "incomplete")
        #expect(outcome("1,\"ab\nc") == "incomplete")
        // A closing quote at the very end might be the first half of `""`.
        #expect(outcome("1,\"ab\"") == "incomplete")
        #expect(outcome("1,2\n3") == "record(4)")
    }
}
