// Periods, dates and years in cells (SPEC §2, §4 "Year cells", appendix rule 7).

/// A reporting period: one month of a year, or a whole year.
public struct Period: Equatable, Sendable {
    /// The four-digit year.
    public var year: Int
    /// The month 1–12, or `nil` for the whole year.
    public var month: Int?

    /// A period of `year`, one month of it when `month` is given.
    ///
    /// - Parameters:
    ///   - year: the year.
    ///   - month: 1–12, or `nil` for the whole year.
    public init(year: Int, month: Int? = nil) {
        self.year = year
        self.month = month
    }
}

/// A calendar date in the proleptic Gregorian calendar, without time or zone.
public struct CivilDate: Comparable, Hashable, Sendable, CustomStringConvertible {
    /// The year.
    public var year: Int
    /// The month, 1–12.
    public var month: Int
    /// The day of the month, 1–31.
    public var day: Int

    /// A date from its parts; the caller vouches that it exists.
    ///
    /// - Parameters:
    ///   - year: the year.
    ///   - month: the month, 1–12.
    ///   - day: the day of the month.
    public init(year: Int, month: Int, day: Int) {
        self.year = year
        self.month = month
        self.day = day
    }

    /// The date as `YYYY-MM-DD`.
    public var description: String {
        func pad(_ v: Int, _ width: Int) -> String {
            let s = String(v)
            return s.count >= width ? s : String(repeating: "0", count: width - s.count) + s
        }
        return "\(pad(year, 4))-\(pad(month, 2))-\(pad(day, 2))"
    }

    /// Orders dates chronologically.
    public static func < (lhs: CivilDate, rhs: CivilDate) -> Bool {
        (lhs.year, lhs.month, lhs.day) < (rhs.year, rhs.month, rhs.day)
    }

    /// Whether `year` is a Gregorian leap year.
    ///
    /// - Parameters:
    ///   - year: the year.
    public static func isLeapYear(_ year: Int) -> Bool {
        (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
    }

    /// The number of days in `month` of `year` (0 for a month outside 1–12).
    ///
    /// - Parameters:
    ///   - year: the year.
    ///   - month: the month, 1–12.
    public static func daysInMonth(year: Int, month: Int) -> Int {
        switch month {
        case 1, 3, 5, 7, 8, 10, 12: return 31
        case 4, 6, 9, 11: return 30
        case 2: return isLeapYear(year) ? 29 : 28
        default: return 0
        }
    }
}

/// UTF-8 of 年 (U+5E74).
private let nianBytes: (UInt8, UInt8, UInt8) = (0xE5, 0xB9, 0xB4)
/// UTF-8 of 月 (U+6708).
private let yueBytes: (UInt8, UInt8, UInt8) = (0xE6, 0x9C, 0x88)

/// The value of `count` ASCII digits at `start`, or `nil` when any byte is not a digit.
@inline(__always)
private func digits(_ b: UnsafeBufferPointer<UInt8>, _ start: Int, _ count: Int) -> Int? {
    guard start >= 0, count > 0, start + count <= b.count else { return nil }
    var v = 0
    for i in start..<(start + count) {
        let c = b[i]
        guard c >= 0x30 && c <= 0x39 else { return nil }
        v = v * 10 + Int(c &- 0x30)
    }
    return v
}

/// Whether the three bytes at `i` are `char`.
@inline(__always)
private func matches(_ b: UnsafeBufferPointer<UInt8>, _ i: Int, _ char: (UInt8, UInt8, UInt8)) -> Bool {
    i >= 0 && i + 3 <= b.count && b[i] == char.0 && b[i + 1] == char.1 && b[i + 2] == char.2
}

/// A month written with one or two digits from `start` up to `end`, when it is 1–12.
@inline(__always)
private func month(_ b: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> Int? {
    let count = end - start
    guard count == 1 || count == 2, let m = digits(b, start, count), (1...12).contains(m) else { return nil }
    return m
}

/// Parses a trimmed period cell (appendix rule 7).
///
/// Accepted: `YYYY-M`, `YYYY-MM`, `YYYY/M`, `YYYY/MM`, `YYYY年M月`,
/// `YYYY年MM月`, `YYYYMM` (exactly six digits) and `YYYY` (the whole year);
/// the year has exactly four digits and the month is 1–12.
///
/// - Parameters:
///   - b: the UTF-8 bytes of a cell, already trimmed.
/// - Returns: the period, or `nil` when the text is none of the forms above.
///
/// Inlined where it is called: the readers of tax.csv and energy.csv call it once a row, and all
/// but a few of their cells are `YYYY-MM`, read here in one pass (each byte once, no loops); the
/// other forms are a call.
@inline(__always)
public func parsePeriod(_ b: UnsafeBufferPointer<UInt8>) -> Period? {
    if b.count == 7, let p = b.baseAddress, p[4] == UInt8(ascii: "-") {
        let (y0, y1, y2, y3) = (p[0] &- 0x30, p[1] &- 0x30, p[2] &- 0x30, p[3] &- 0x30)
        let (m0, m1) = (p[5] &- 0x30, p[6] &- 0x30)
        if y0 < 10 && y1 < 10 && y2 < 10 && y3 < 10 && m0 < 10 && m1 < 10 {
            let month = Int(m0) &* 10 &+ Int(m1)
            if month >= 1 && month <= 12 {
                return Period(year: Int(y0) &* 1000 &+ Int(y1) &* 100 &+ Int(y2) &* 10 &+ Int(y3), month: month)
            }
        }
    }
    return parsePeriodInOtherForms(b)
}

/// `parsePeriod` for every form but a valid `YYYY-MM`.
@inline(never)
private func parsePeriodInOtherForms(_ b: UnsafeBufferPointer<UInt8>) -> Period? {
    let n = b.count
    guard n >= 4, let year = digits(b, 0, 4) else { return nil }
    if n == 4 { return Period(year: year) }
    if n == 6 {
        // `YYYYMM`; a six-byte `YYYY-M` has a separator at 4 and is handled below.
        if let m = digits(b, 4, 2) {
            return (1...12).contains(m) ? Period(year: year, month: m) : nil
        }
    }
    let sep = b[4]
    if sep == UInt8(ascii: "-") || sep == UInt8(ascii: "/") {
        guard let m = month(b, 5, n) else { return nil }
        return Period(year: year, month: m)
    }
    if matches(b, 4, nianBytes), matches(b, n - 3, yueBytes), let m = month(b, 7, n - 3) {
        return Period(year: year, month: m)
    }
    return nil
}

/// Parses a trimmed date cell (appendix rule 7).
///
/// Accepted: `YYYY-M-D` and `YYYY/M/D` (one or two digits for month and day,
/// the same separator twice) and `YYYYMMDD`. The date must exist in the
/// Gregorian calendar; any time part (`2024-01-02 10:00`, `2024-01-02T10:00`)
/// is rejected.
///
/// - Parameters:
///   - b: the UTF-8 bytes of a cell, already trimmed.
/// - Returns: the date, or `nil` when the text is not a valid date in one of the forms above.
public func parseDate(_ b: UnsafeBufferPointer<UInt8>) -> CivilDate? {
    let n = b.count
    guard n >= 8, let year = digits(b, 0, 4) else { return nil }
    let month: Int
    let day: Int
    let sep = b[4]
    if sep == UInt8(ascii: "-") || sep == UInt8(ascii: "/") {
        // Find the second separator after a one- or two-digit month.
        var j = 5
        while j < n && b[j] != sep { j += 1 }
        let monthCount = j - 5
        let dayCount = n - j - 1
        guard j < n, monthCount == 1 || monthCount == 2, dayCount == 1 || dayCount == 2,
              let m = digits(b, 5, monthCount), let d = digits(b, j + 1, dayCount)
        else { return nil }
        month = m
        day = d
    } else {
        guard n == 8, let m = digits(b, 4, 2), let d = digits(b, 6, 2) else { return nil }
        month = m
        day = d
    }
    guard (1...12).contains(month), day >= 1, day <= CivilDate.daysInMonth(year: year, month: month) else {
        return nil
    }
    return CivilDate(year: year, month: month, day: day)
}

/// Parses a trimmed year cell: `YYYY` or `YYYY年` (SPEC §4 "Year cells").
///
/// - Parameters:
///   - b: the UTF-8 bytes of a cell, already trimmed.
/// - Returns: the year, or `nil` when the text is neither form.
public func parseYear(_ b: UnsafeBufferPointer<UInt8>) -> Int? {
    guard let year = digits(b, 0, 4) else { return nil }
    if b.count == 4 { return year }
    if b.count == 7 && matches(b, 4, nianBytes) { return year }
    return nil
}

/// Parses a trimmed period cell given as a `String`; see the byte-level `parsePeriod(_:)`.
///
/// - Parameters:
///   - s: the cell text, already trimmed.
/// - Returns: the period, or `nil`.
public func parsePeriod(_ s: String) -> Period? {
    var s = s
    return s.withUTF8 { parsePeriod($0) }
}

/// Parses a trimmed date cell given as a `String`; see the byte-level `parseDate(_:)`.
///
/// - Parameters:
///   - s: the cell text, already trimmed.
/// - Returns: the date, or `nil`.
public func parseDate(_ s: String) -> CivilDate? {
    var s = s
    return s.withUTF8 { parseDate($0) }
}

/// Parses a trimmed year cell given as a `String`; see the byte-level `parseYear(_:)`.
///
/// - Parameters:
///   - s: the cell text, already trimmed.
/// - Returns: the year, or `nil`.
public func parseYear(_ s: String) -> Int? {
    var s = s
    return s.withUTF8 { parseYear($0) }
}
