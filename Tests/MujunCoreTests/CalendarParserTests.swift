import Testing
@testable import MujunCore

@Suite struct CalendarParserTests {
    private func period(_ s: String) -> Period? {
        Array(s.utf8).withUnsafeBufferPointer { parsePeriod($0) }
    }

    private func date(_ s: String) -> CivilDate? {
        Array(s.utf8).withUnsafeBufferPointer { parseDate($0) }
    }

    private func year(_ s: String) -> Int? {
        Array(s.utf8).withUnsafeBufferPointer { parseYear($0) }
    }

    @Test func parsesEveryPeriodForm() {
        let march = Period(year: 2024, month: 3)
        for s in ["2024-3", "2024-03", "2024/3", "2024/03", "2024年3月", "2024年03月", "202403"] {
            #expect(period(s) == march, "\(s)")
            #expect(parsePeriod(s) == march, "\(s)")
        }
        #expect(period("2024-12") == Period(year: 2024, month: 12))
        #expect(period("2024年12月") == Period(year: 2024, month: 12))
        #expect(period("2023") == Period(year: 2023, month: nil))
    }

    @Test func rejectsMalformedPeriods() {
        let bad = ["", "2024-", "2024-0", "2024-13", "2024-00", "2024-003", "202413", "202400", "20241", "2024031",
                   "24-03", "2024.03", "2024-3-1", "2024年", "2024年3", "2024年13月", "2024年月", "2024 03",
                   "２０２４", "2024-3 ", "2024/3月", "2024年3-", "abcd", "2024-+3", "2024-1a"]
        for s in bad {
            #expect(period(s) == nil, "\(s)")
        }
    }

    /// Every seven-byte `YYYY?MM` cell built from digits and near-digit bytes, with `-`, `/` or
    /// another separator: the one-pass `YYYY-MM` route agrees with the definition.
    @Test func sevenBytePeriodsFollowTheDefinition() {
        let characters: [UInt8] = Array("0123456789/:+ a".utf8)
        func reference(_ b: [UInt8]) -> Period? {
            let isDigit = { (c: UInt8) in c >= 0x30 && c <= 0x39 }
            guard b.count == 7, b[0..<4].allSatisfy(isDigit), b[4] == UInt8(ascii: "-") || b[4] == UInt8(ascii: "/"),
                b[5...].allSatisfy(isDigit)
            else { return nil }
            let number = { (r: ArraySlice<UInt8>) in r.reduce(0) { $0 * 10 + Int($1 - 0x30) } }
            let month = number(b[5...])
            return (1...12).contains(month) ? Period(year: number(b[0..<4]), month: month) : nil
        }
        for year in ["2024", "0000", "1999", "20a4", "2 24", "/024"] {
            for separator in ["-", "/", "+", "0"] {
                for m0 in characters {
                    for m1 in characters {
                        let cell = Array((year + separator).utf8) + [m0, m1]
                        #expect(cell.withUnsafeBufferPointer { parsePeriod($0) } == reference(cell), "\(cell)")
                    }
                }
            }
        }
    }

    @Test func parsesEveryDateForm() {
        let d = CivilDate(year: 2019, month: 7, day: 5)
        for s in ["2019-7-5", "2019-07-05", "2019-7-05", "2019/7/5", "2019/07/05", "20190705"] {
            #expect(date(s) == d, "\(s)")
            #expect(parseDate(s) == d, "\(s)")
        }
        #expect(date("2019-12-31")?.description == "2019-12-31")
        #expect(d.description == "2019-07-05")
    }

    @Test func rejectsDatesThatDoNotExist() {
        #expect(date("2023-02-29") == nil)
        #expect(date("2024-02-29") == CivilDate(year: 2024, month: 2, day: 29))
        #expect(date("1900-02-29") == nil)
        #expect(date("2000-02-29") == CivilDate(year: 2000, month: 2, day: 29))
        #expect(date("2024-04-31") == nil)
        #expect(date("2024-13-01") == nil)
        #expect(date("2024-00-10") == nil)
        #expect(date("2024-01-00") == nil)
        #expect(date("2024-01-32") == nil)
        #expect(date("20230229") == nil)
        #expect(date("20241301") == nil)
    }

    @Test func rejectsTimesAndMalformedDates() {
        let bad = ["2024-01-02 10:00", "2024-01-02T10:00:00", "2024-01-02T", "2024-01/02", "2024/01-02",
                   "2024-001-02", "2024-01-002", "2024-1-", "2024--1", "2024-01", "202401021", "2024010",
                   "2024.01.02", "24-01-02", "2024年1月2日", "", "2024-01-02-03", "2024-1-2 "]
        for s in bad {
            #expect(date(s) == nil, "\(s)")
        }
    }

    @Test func ordersDatesChronologically() {
        let dates = ["2024-01-02", "2023-12-31", "2024-1-10", "2024-02-01"].compactMap { parseDate($0) }
        #expect(dates.sorted().map(\.description) == ["2023-12-31", "2024-01-02", "2024-01-10", "2024-02-01"])
    }

    @Test func parsesYearCells() {
        #expect(year("2024") == 2024)
        #expect(year("2024年") == 2024)
        #expect(parseYear("1999年") == 1999)
        for s in ["", "24", "20245", "2024年度", "2024-", "二〇二四", "2024年1月", "+2024", "２０２４"] {
            #expect(year(s) == nil, "\(s)")
        }
    }
}
