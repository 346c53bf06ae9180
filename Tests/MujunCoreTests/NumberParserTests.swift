import Testing
@testable import MujunCore

@Suite struct NumberParserTests {
    /// Parses through the byte-level API, the one the readers use.
    private func parse(_ s: String) -> Double? {
        Array(s.utf8).withUnsafeBufferPointer { parseNumber($0) }
    }

    @Test func parsesPlainNumbers() {
        #expect(parse("0") == 0)
        #expect(parse("42") == 42)
        #expect(parse("-17") == -17)
        #expect(parse("+17") == 17)
        #expect(parse("1234.5") == 1234.5)
        #expect(parse("0.05") == 0.05)
        #expect(parse("000123") == 123)
        #expect(parse("-0.000001") == -0.000001)
    }

    @Test func parsesFractionsWithoutDigitsOnOneSide() {
        #expect(parse(".5") == 0.5)
        #expect(parse("5.") == 5)
        #expect(parse("-.25") == -0.25)
        #expect(parse("+5.e1") == 50)
    }

    @Test func parsesExponents() {
        #expect(parse("1e3") == 1000)
        #expect(parse("1E3") == 1000)
        #expect(parse("2.5e-3") == 0.0025)
        #expect(parse("2.5E+3") == 2500)
        #expect(parse("1e22") == 1e22)
        #expect(parse("1e23") == 1e23)
        #expect(parse("1e-400") == 0)
        #expect(parse("0e99999999999999999999") == 0)
    }

    @Test func parsesStrictThousandsGroups() {
        #expect(parse("1,234.5") == 1234.5)
        #expect(parse("12,345,678") == 12_345_678)
        #expect(parse("-1,000") == -1000)
        #expect(parse("999,999.999") == 999_999.999)
        #expect(parse("1,234e2") == 123_400)
    }

    @Test func rejectsLooseThousandsGroups() {
        for bad in ["1,2345", ",123", "1,23", "1,,234", "1234,567", "1,234,56", "1,", "1,234,", "1,234.5,6", ".1,234"] {
            #expect(parse(bad) == nil, "\(bad)")
        }
    }

    @Test func rejectsNonNumbers() {
        let bad = ["", ".", "-", "+", "+-1", "--1", "NaN", "nan", "inf", "-inf", "Infinity", "0x1F", "0x1p3",
                   "1 234", "1 .5", "#VALUE!", "N/A", "abc", "1e", "1e+", "e5", ".e5", "1.2.3", "1..2", "1e5.5",
                   "１２３", "－5", "−5", "12元", "5%", "1_000", "\u{3000}1"]
        for s in bad {
            #expect(parse(s) == nil, "\(s)")
            #expect(parseNumber(s) == nil, "\(s)")
        }
    }

    @Test func rejectsValuesBeyondDouble() {
        #expect(parse("1e309") == nil)
        #expect(parse("-1e400") == nil)
        #expect(parse("1" + String(repeating: "0", count: 400)) == nil)
        #expect(parse("1e99999999999999999999999") == nil)
    }

    /// Short plain decimals take a one-pass route of their own; every shape of them (sign, point
    /// first or last, leading zeros, 1–17 characters) must read as the standard library reads it,
    /// and anything not quite plain must still get the full parser's answer.
    @Test func shortPlainDecimalsReadAsTheStandardLibraryReadsThem() {
        var rng = SystemRandomNumberGenerator()
        for _ in 0..<20_000 {
            let digits = (0..<Int.random(in: 1...16, using: &rng)).map { _ in UInt8.random(in: 0x30...0x39, using: &rng) }
            var text = digits
            let point = Int.random(in: -1...digits.count, using: &rng)
            if point >= 0 { text.insert(UInt8(ascii: "."), at: point) }
            let sign = ["", "-", "+"][Int.random(in: 0...2, using: &rng)]
            let s = sign + String(decoding: text, as: UTF8.self)
            // The standard library wants a digit on each side of the point and no "+".
            var reference = String(decoding: text, as: UTF8.self)
            if reference.hasPrefix(".") { reference = "0" + reference }
            if reference.hasSuffix(".") { reference += "0" }
            let expected = Double((sign == "-" ? "-" : "") + reference)
            #expect(parse(s) == expected, "\(s)")
            #expect(parse(s)?.sign == expected?.sign, "\(s)")
        }
        for s in [".", "-", "+", "-.", "1.2.3", "1-2", "--1", "1.5x", "１", " 1"] { #expect(parse(s) == nil, "\(s)") }
        #expect(parse("-0.0")?.sign == .minus)
        #expect(parse("12,345.5") == 12345.5)
        #expect(parse("1e3") == 1000)
    }

    @Test func roundsCorrectlyLikeTheStandardLibrary() {
        let samples = [
            "0.1", "0.2", "0.3", "1.0000005", "9007199254740993", "9007199254740993.0001",
            "123456789012345678901234567890", "0.000000000000000000000000000123456789",
            "3.14159265358979323846264338327950288", "2.2250738585072014e-308", "4.9e-324",
            "1.7976931348623157e308", "123456.7890123456789", "12345678901234567", "1e-22", "1e-23",
            "7.0e-10", "8.98846567431158e307", "0.000123456789012345",
        ]
        for s in samples {
            #expect(parse(s) == Double(s), "\(s)")
        }
        // Random decimals of up to 20 digits and exponents around the fast-path limit.
        var rng = SystemRandomNumberGenerator()
        for _ in 0..<2_000 {
            let intDigits = Int.random(in: 0...10, using: &rng)
            let fracDigits = Int.random(in: intDigits == 0 ? 1...10 : 0...10, using: &rng)
            var s = String((0..<intDigits).map { _ in Character(String(Int.random(in: 0...9, using: &rng))) })
            s += "."
            s += String((0..<fracDigits).map { _ in Character(String(Int.random(in: 0...9, using: &rng))) })
            if Bool.random(using: &rng) { s += "e\(Int.random(in: -30...30, using: &rng))" }
            // The reference form always has digits on both sides of the point.
            var reference = s.hasPrefix(".") ? "0" + s : s
            if let dot = reference.firstIndex(of: "."), reference.index(after: dot) == reference.endIndex
                || reference[reference.index(after: dot)] == "e" {
                reference.insert("0", at: reference.index(after: dot))
            }
            let expected = Double(reference)
            #expect(parse(s) == expected, "\(s)")
        }
    }

    @Test func keepsGroupedAndPlainFormsEqual() {
        #expect(parse("1,234,567.891") == parse("1234567.891"))
        #expect(parse("12,345,678,901,234,567,890") == Double("12345678901234567890"))
    }

    @Test func neverTrapsOnVeryLongInput() {
        let digits = String(repeating: "7", count: 1000)
        #expect(parse(digits) == nil)   // 7.77…e999 is infinite
        #expect(parse("0." + digits) == Double("0." + digits))
        #expect(parse(digits + "e-1000") == Double(digits + "e-1000"))
        let grouped = "1" + String(repeating: ",000", count: 300)
        #expect(parse(grouped) == nil)
        let groupedSmall = "1" + String(repeating: ",000", count: 100)
        #expect(parse(groupedSmall) == 1e300)
        #expect(parse("-" + String(repeating: "0", count: 1000) + "1") == -1)
    }

    @Test func keepsTheSignOfZero() {
        #expect(parse("-0")?.sign == .minus)
        #expect(parse("0.0")?.sign == .plus)
    }
}

/// The eight-digits-at-a-time route for cells inside a larger buffer (the readers' fast path).
@Suite struct ShortDecimalTests {
    /// `parseNumber(cell, readableUpTo:)` agrees with `parseNumber(cell)` bit for bit (or both
    /// refuse), whatever follows the cell in the buffer and however little of it is readable.
    @Test func agreesWithTheGeneralParser() {
        var rng = SystemRandomNumberGenerator()
        let alphabet = Array("0123456789".utf8) + Array("0123456789.-+e,1 x".utf8)
        var cells = ["124378.36", "50484", "0", "-0", "+7", ".5", "5.", ".", "-", "12345678", "123456789",
                     "12345678.12345678", "1234567.12345678", "99999999.9999999", "00000000.00000001",
                     "1e3", "1,000", " 1", "1 ", "", "123456789012345", "1234567890123456", "0.1234567890123456",
                     "-12345678.1234567", "3.14159265"]
        for _ in 0..<20_000 {
            let length = Int.random(in: 1...18, using: &rng)
            cells.append(String(decoding: (0..<length).map { _ in alphabet.randomElement(using: &rng)! }, as: UTF8.self))
        }
        var fastTaken = 0
        for cell in cells {
            let bytes = Array(cell.utf8)
            let expected = bytes.withUnsafeBufferPointer { parseNumber($0) }
            // The cell followed by digits, a separator, or nothing readable at all.
            for tail in ["", "9", "99999999", ",2024-01", "\n"] {
                let buffer = bytes + Array(tail.utf8)
                buffer.withUnsafeBufferPointer { whole in
                    let cell = UnsafeBufferPointer(rebasing: whole[0..<bytes.count])
                    guard let base = whole.baseAddress else { return }
                    let got = parseNumber(cell, readableUpTo: base + whole.count)
                    #expect(got?.bitPattern == expected?.bitPattern, "'\(String(decoding: bytes, as: UTF8.self))' before '\(tail)'")
                    if whole.count >= 9 && got != nil { fastTaken += 1 }
                }
            }
        }
        #expect(fastTaken > 1000)
    }
}
