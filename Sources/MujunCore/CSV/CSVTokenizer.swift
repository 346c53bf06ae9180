/// RFC 4180 records from UTF-8 bytes held in a buffer (SPEC §2, appendix 8 and 9), without copying:
/// fields are ranges into the buffer, and quoted fields with `""` are unescaped in place once their
/// record is known to be complete, so a record cut by the end of a block can be parsed again.

private let comma = UInt8(ascii: ",")
private let quote = UInt8(ascii: "\"")
private let newline = UInt8(ascii: "\n")
private let carriageReturn = UInt8(ascii: "\r")
private let space = UInt8(ascii: " ")
private let tab = UInt8(ascii: "\t")

/// One record: its physical line, its fields as byte ranges, and whether it is malformed
/// (a stray quote after a closing quote, or a quoted field left open at the end of the file).
public struct CSVRecord {
    /// Physical line of the record's first byte; the header is line 1.
    public internal(set) var line = 0
    public internal(set) var isMalformed = false
    public internal(set) var fieldCount = 0
    var base: UnsafeMutablePointer<UInt8>
    let bounds = FieldBounds()

    init(base: UnsafeMutablePointer<UInt8>) { self.base = base }

    /// The field's bytes as read (unquoted, unescaped, not trimmed).
    public func rawField(_ i: Int) -> UnsafeBufferPointer<UInt8> {
        precondition(i >= 0 && i < fieldCount, "field index out of range")
        let start = bounds.starts[i]
        return UnsafeBufferPointer(start: base + start, count: bounds.ends[i] - start)
    }

    /// The field's bytes with surrounding Unicode white space removed (appendix rule 5).
    public func field(_ i: Int) -> UnsafeBufferPointer<UInt8> {
        let raw = rawField(i)
        let r = trimmedRange(raw)
        return UnsafeBufferPointer(rebasing: raw[r])
    }

    /// The trimmed field as a String (invalid UTF-8 cannot occur: the reader validated it).
    public func string(_ i: Int) -> String {
        String(decoding: field(i), as: UTF8.self)
    }

    /// True when every field is empty after trimming: such a record is not a row (appendix 8).
    public var isBlank: Bool {
        for i in 0..<fieldCount where !field(i).isEmpty { return false }
        return true
    }

    mutating func append(_ start: Int, _ end: Int) {
        if fieldCount == bounds.capacity { bounds.grow() }
        bounds.starts[fieldCount] = start
        bounds.ends[fieldCount] = end
        fieldCount += 1
    }
}

/// Where each field of the current record starts and ends: raw memory reused for every record,
/// because this is written for every field of every row.
final class FieldBounds {
    private(set) var capacity = 64
    private(set) var starts: UnsafeMutablePointer<Int>
    private(set) var ends: UnsafeMutablePointer<Int>

    init() {
        starts = .allocate(capacity: capacity)
        ends = .allocate(capacity: capacity)
    }

    func grow() {
        let bigger = capacity * 2
        let s = UnsafeMutablePointer<Int>.allocate(capacity: bigger)
        let e = UnsafeMutablePointer<Int>.allocate(capacity: bigger)
        s.update(from: starts, count: capacity)
        e.update(from: ends, count: capacity)
        starts.deallocate()
        ends.deallocate()
        starts = s
        ends = e
        capacity = bigger
    }

    deinit {
        starts.deallocate()
        ends.deallocate()
    }
}

/// The first `,` or `\n` in `p[from..<end]`, or `end`: eight bytes at a time (a zero-byte test on
/// the word XORed with each target), then byte by byte for the tail.
@inline(__always)
func nextSeparatorOrNewline(_ p: UnsafeMutablePointer<UInt8>, _ from: Int, _ end: Int) -> Int {
    var i = from
    let ones: UInt64 = 0x0101_0101_0101_0101
    let highs: UInt64 = 0x8080_8080_8080_8080
    while i + 8 <= end {
        let w = UInt64(littleEndian: UnsafeRawPointer(p + i).loadUnaligned(as: UInt64.self))
        let c = w ^ (ones &* UInt64(comma))
        let n = w ^ (ones &* UInt64(newline))
        let found = ((c &- ones) & ~c | (n &- ones) & ~n) & highs
        // The lowest flagged byte is exact: a borrow only ever flags bytes above a true match.
        if found != 0 { return i + found.trailingZeroBitCount >> 3 }
        i += 8
    }
    while i < end {
        let c = p[i]
        if c == comma || c == newline { return i }
        i += 1
    }
    return end
}

/// Splits a buffer into records. It keeps no state between calls beyond the line counter, so a
/// caller can hand it any stretch of bytes that starts at a record boundary.
struct CSVTokenizer {
    /// Physical line of the next record.
    var line = 1
    /// Most fields a record may have before the reader gives up on the file.
    var maxFields = 10_000
    private var escaped: [Int] = []

    enum Outcome {
        /// The record is complete; the next one starts at `next`.
        case record(next: Int)
        /// The buffer ends inside this record; more bytes are needed.
        case incomplete
        /// The record has more fields than `maxFields`.
        case tooManyFields
    }

    /// Parses one record starting at `start`. `atEOF` says whether `end` is the end of the input.
    ///
    /// With `unescape: false` the record is found exactly as with `true` (same end, same lines, same
    /// outcome) but the buffer is never written: `""` pairs stay doubled in the bytes and in the
    /// field ranges. The chunk splitter guesses record boundaries with this, so a wrong guess
    /// cannot corrupt bytes that another chunk is reading.
    mutating func next(
        _ p: UnsafeMutablePointer<UInt8>, start: Int, end: Int, atEOF: Bool, into record: inout CSVRecord,
        unescape: Bool = true
    ) -> Outcome {
        record.base = p
        record.fieldCount = 0
        record.isMalformed = false
        record.line = line
        if !escaped.isEmpty { escaped.removeAll(keepingCapacity: true) }
        var newlines = 0
        var i = start
        while true {
            if record.fieldCount >= maxFields { return .tooManyFields }
            if i < end && p[i] == quote {
                // Quoted field: find the closing quote, noting `""` pairs for later.
                let contentStart = i + 1
                var hasEscape = false
                var closed = false
                i += 1
                while i < end {
                    let c = p[i]
                    if c == quote {
                        if i + 1 < end {
                            if p[i + 1] == quote {
                                hasEscape = true
                                i += 2
                                continue
                            }
                            closed = true
                            break
                        }
                        if !atEOF { return .incomplete }
                        closed = true
                        break
                    }
                    if c == newline { newlines += 1 }
                    i += 1
                }
                if !closed {
                    if !atEOF { return .incomplete }
                    // A quoted field left open at the end of the file: one malformed record.
                    record.append(contentStart, end)
                    record.isMalformed = true
                    line += newlines
                    return .record(next: end)
                }
                if hasEscape { escaped.append(record.fieldCount) }
                record.append(contentStart, i)
                i += 1
                while i < end && (p[i] == space || p[i] == tab || p[i] == carriageReturn) { i += 1 }
                if i == end {
                    if !atEOF { return .incomplete }
                    break
                }
                if p[i] == comma {
                    i += 1
                    if i == end && atEOF {
                        record.append(i, i)
                        break
                    }
                    continue
                }
                if p[i] == newline {
                    newlines += 1
                    i += 1
                    break
                }
                // Something other than a separator after a closing quote.
                record.isMalformed = true
                while i < end && p[i] != comma && p[i] != newline { i += 1 }
                if i == end {
                    if !atEOF { return .incomplete }
                    break
                }
                if p[i] == newline {
                    newlines += 1
                    i += 1
                    break
                }
                i += 1
                continue
            }
            // Unquoted field: up to the next separator or line end; quotes inside are literal.
            let fieldStart = i
            i = nextSeparatorOrNewline(p, i, end)
            if i == end {
                if !atEOF { return .incomplete }
                record.append(fieldStart, i)
                break
            }
            if p[i] == comma {
                record.append(fieldStart, i)
                i += 1
                if i == end && atEOF {
                    record.append(i, i)
                    break
                }
                continue
            }
            var fieldEnd = i
            if fieldEnd > fieldStart && p[fieldEnd - 1] == carriageReturn { fieldEnd -= 1 }
            record.append(fieldStart, fieldEnd)
            newlines += 1
            i += 1
            break
        }
        if unescape { for f in escaped { unescapeField(p, &record, f) } }
        line += newlines
        return .record(next: i)
    }

    /// Collapses `""` to `"` inside one field, in place.
    private func unescapeField(_ p: UnsafeMutablePointer<UInt8>, _ record: inout CSVRecord, _ f: Int) {
        var r = record.bounds.starts[f]
        var w = r
        let e = record.bounds.ends[f]
        while r < e {
            let c = p[r]
            p[w] = c
            w += 1
            r += (c == quote && r + 1 < e && p[r + 1] == quote) ? 2 : 1
        }
        record.bounds.ends[f] = w
    }
}
