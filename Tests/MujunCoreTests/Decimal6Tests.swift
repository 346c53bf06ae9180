import Testing
import Foundation
@testable import MujunCore

@Suite struct Decimal6Tests {
    /// The bytes `appendMeasure` writes, as text.
    private func appended(_ x: Double) -> String {
        var out: [UInt8] = Array("x=".utf8)
        appendMeasure(x, to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    @Test func printsSixDecimals() {
        #expect(formatMeasure(123.456) == "123.456000")
        #expect(formatMeasure(5) == "5.000000")
        #expect(formatMeasure(-42.5) == "-42.500000")
        #expect(formatMeasure(0.1 + 0.2) == "0.300000")
        #expect(formatMeasure(123456789.123) == "123456789.123000")
        #expect(formatMeasure(0.0001) == "0.000100")
    }

    @Test func roundsHalfAwayFromZeroOnTheShortestDigits() {
        // 5e-7 as a Double is slightly below 5e-7; its shortest form "5e-07" decides.
        #expect(formatMeasure(0.0000005) == "0.000001")
        #expect(formatMeasure(-0.0000005) == "-0.000001")
        #expect((1.0000005).description == "1.0000005")
        #expect(formatMeasure(1.0000005) == "1.000001")
        #expect(formatMeasure(1.2345675) == "1.234568")
        #expect(formatMeasure(1234567.8912345) == "1234567.891235")
        #expect(formatMeasure(1234567.8912344) == "1234567.891234")
        #expect(formatMeasure(0.0000015) == "0.000002")
        #expect(formatMeasure(0.00000149999) == "0.000001")
        #expect(formatMeasure(1.2345675e-05) == "0.000012")
        #expect(formatMeasure(-0.9999994) == "-0.999999")
    }

    @Test func carriesIntoNewIntegerDigits() {
        #expect(formatMeasure(9.9999995) == "10.000000")
        #expect(formatMeasure(0.9999995) == "1.000000")
        #expect(formatMeasure(-999.9999995) == "-1000.000000")
    }

    @Test func neverPrintsNegativeZero() {
        #expect(formatMeasure(2.5e-7) == "0.000000")
        #expect(formatMeasure(-2.5e-7) == "0.000000")
        #expect(formatMeasure(-0.0) == "0.000000")
        #expect(formatMeasure(0) == "0.000000")
        #expect(formatMeasure(-1e-300) == "0.000000")
        #expect(formatMeasure(-Double.leastNonzeroMagnitude) == "0.000000")
    }

    @Test func expandsExponentForms() {
        #expect(formatMeasure(1e16) == "10000000000000000.000000")
        #expect(formatMeasure(1.5e17) == "150000000000000000.000000")
        #expect(formatMeasure(-2.5e20) == "-250000000000000000000.000000")
        #expect(formatMeasure(1e300) == "1" + String(repeating: "0", count: 300) + ".000000")
        #expect(formatMeasure(.greatestFiniteMagnitude).count == 309 + 7)
        #expect(formatMeasure(1e-5) == "0.000010")
        #expect(formatMeasure(1e-7) == "0.000000")
    }

    @Test func roundsExponentFormsOnTheirDigits() {
        #expect((1.25e-05).description == "1.25e-05")
        #expect(formatMeasure(1.25e-05) == "0.000013")
        #expect(formatMeasure(-1.25e-05) == "-0.000013")
        #expect(formatMeasure(-9.9999995e-05) == "-0.000100")
        #expect(formatMeasure(9.5e-07) == "0.000001")
        #expect(formatMeasure(4.9e-07) == "0.000000")
        #expect(formatMeasure(-4.9e-07) == "0.000000")
    }

    @Test func fastPathAgreesWithTheGeneralPath() {
        // The general path reads any form; feed it each description and the
        // same digits rewritten with an exponent ("-12.5" as "-125e-1").
        func general(_ text: String) -> String {
            Array(text.utf8).withUnsafeBufferPointer { b in
                withScientificMeasureBytes(b) { String(decoding: $0, as: UTF8.self) }
            }
        }
        var rng = SystemRandomNumberGenerator()
        var checked = 0
        for _ in 0..<3_000 {
            let x = Double.random(in: -1...1, using: &rng) * Double.pow10(Double.random(in: -6...9, using: &rng))
            let text = x.description
            #expect(formatMeasure(x) == general(text), "\(text)")
            guard !text.contains("e"), let dot = text.firstIndex(of: ".") else { continue }
            let decimals = text.distance(from: dot, to: text.endIndex) - 1
            let rewritten = text.filter { $0 != "." } + "e-\(decimals)"
            #expect(formatMeasure(x) == general(rewritten), "\(text) as \(rewritten)")
            checked += 1
        }
        #expect(checked > 1_000)
        #expect(general("99999995e-7") == "10.000000")
        #expect(general("-00000005e-7") == "-0.000001")
    }

    /// A table's measure cell is written straight into the table's buffer: the same bytes as
    /// `formatMeasure`, whatever the magnitude, sign or rounding route.
    @Test func tableCellsMatchTheFormattedMeasure() {
        var rng = SystemRandomNumberGenerator()
        var values: [Double] = [0, -0.0, 0.0000005, -0.0000005, 9.9999995, 999_999_999.9999, 1e9, -1e12, 1e16]
        for _ in 0..<3_000 {
            values.append(Double.random(in: -1...1, using: &rng) * Double.pow10(Double.random(in: -8...13, using: &rng)))
        }
        let table = TableWriter.table(header: ["x"], excel: false, rows: values.count) { w, range in
            for i in range {
                w.measure(values[i])
                w.endRow()
            }
        }
        let cells = String(decoding: table, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
        #expect(cells.count == values.count + 2)
        for (i, x) in values.enumerated() { #expect(String(cells[i + 1]) == formatMeasure(x), "\(x)") }
        // The layout on its own, at the ends of Int64.
        for micros: Int64 in [0, 1, -1, 999_999, -1_000_000, Int64.max, Int64.min + 1, Int64.min] {
            var out = [UInt8](repeating: 0, count: maxMicrosLength)
            let length = out.withUnsafeMutableBufferPointer { layOutMicros(micros, at: $0.baseAddress!) }
            let magnitude = micros.magnitude
            let expected = (micros < 0 ? "-" : "") + "\(magnitude / 1_000_000)." + String(String(magnitude % 1_000_000 + 1_000_000).dropFirst())
            #expect(String(decoding: out[0..<length], as: UTF8.self) == expected)
        }
    }

    @Test func layoutMatchesIntegerPrintingAtEveryDigitCount() {
        var rng = SystemRandomNumberGenerator()
        var values: [Int64] = [0, 1, 9, 10, 99_999_999_999_999, 100_000_000_000_000, 99_999_999_999_999_999]
        for k in 0...18 {
            let p = (0..<k).reduce(Int64(1)) { r, _ in r * 10 }
            values += [p - 1, p, p + 1, -p, -(p - 1)]
        }
        for _ in 0..<20_000 {
            let digits = Int.random(in: 1...18, using: &rng)
            let p = (0..<digits).reduce(Int64(1)) { r, _ in r * 10 }
            values.append(Int64.random(in: -p...p, using: &rng))
        }
        var wrong: [String] = []
        for micros in values {
            // Bytes after the cell must stay as they were: fill with a marker first.
            var out = [UInt8](repeating: 0xEE, count: maxMicrosLength + 8)
            let length = out.withUnsafeMutableBufferPointer { layOutMicros(micros, at: $0.baseAddress!) }
            let magnitude = micros.magnitude
            let expected =
                (micros < 0 ? "-" : "") + "\(magnitude / 1_000_000)."
                + String(String(magnitude % 1_000_000 + 1_000_000).dropFirst())
            if String(decoding: out[0..<length], as: UTF8.self) != expected || out[length...].contains(where: { $0 != 0xEE }) {
                wrong.append("\(micros)")
            }
        }
        #expect(wrong.isEmpty, "\(wrong.prefix(5))")
    }

    /// An integer cell's digits at every digit count, without leading zeros (0 is "0"), and
    /// nothing written after them.
    @Test func digitsLayOutWithoutLeadingZerosAtEveryCount() {
        var rng = SystemRandomNumberGenerator()
        var values: [UInt64] = [0, 1, 9, 10, UInt64.max, UInt64.max - 1]
        for k in 1...19 {
            let p = (0..<k).reduce(UInt64(1)) { r, _ in r * 10 }
            values += [p - 1, p, p + 1]
        }
        values += (0..<20_000).map { _ in UInt64.random(in: 0...UInt64.max, using: &rng) >> UInt64.random(in: 0...63, using: &rng) }
        var wrong: [UInt64] = []
        for n in values {
            var out = [UInt8](repeating: 0xEE, count: 28)
            let length = out.withUnsafeMutableBufferPointer { layOutDigits(n, at: $0.baseAddress!) }
            let touched = out.lastIndex { $0 != 0xEE }.map { $0 + 1 } ?? 0
            if String(decoding: out[0..<length], as: UTF8.self) != String(n) || touched > length {
                wrong.append(n)
            }
        }
        #expect(wrong.isEmpty, "\(wrong.prefix(5))")
    }

    @Test func printsNothingForNonFiniteValues() {
        #expect(formatMeasure(.nan) == "")
        #expect(formatMeasure(.infinity) == "")
        #expect(formatMeasure(-.infinity) == "")
        #expect(appended(.nan) == "x=")
    }

    @Test func appendsTheSameBytes() {
        for x in [0.0, -0.0000005, 9.9999995, 1e16, 123.456, -2.5e-7] {
            #expect(appended(x) == "x=" + formatMeasure(x))
        }
    }

    @Test func countsPrintedMillionths() {
        #expect(printedMicros(123.456) == 123_456_000)
        #expect(printedMicros(1.0000005) == 1_000_001)
        #expect(printedMicros(-0.0000005) == -1)
        #expect(printedMicros(2.5e-7) == 0)
        #expect(printedMicros(-2.5e-7) == 0)
        #expect(printedMicros(9.9999995) == 10_000_000)
        #expect(printedMicros(1e16) == 10_000_000_000_000_000_000_000)
        #expect(printedMicros(.nan) == 0)
    }

    @Test func saturatesPrintedMillionths() {
        let limit: Int128 = 1_000_000_000_000_000_000_000_000_000_000_000_000
        #expect(printedMicros(1e31) == limit)
        #expect(printedMicros(-1e300) == -limit)
        #expect(printedMicros(.infinity) == limit)
        #expect(printedMicros(-.infinity) == -limit)
        #expect(printedMicros(.greatestFiniteMagnitude) == limit)
    }

    @Test func agreesWithItsOwnTextOnRandomValues() {
        var rng = SystemRandomNumberGenerator()
        for _ in 0..<3_000 {
            let magnitude = Double.random(in: -9...12, using: &rng)
            let x = Double.random(in: -1...1, using: &rng) * Double.pow10(magnitude)
            let text = formatMeasure(x)
            #expect(!text.hasPrefix("-0.000000"))
            guard let dot = text.firstIndex(of: ".") else {
                Issue.record("no point in \(text)")
                continue
            }
            #expect(text.distance(from: dot, to: text.endIndex) == 7, "\(text)")
            let micros = Int128(String(text.filter { $0 != "." }))
            #expect(micros == printedMicros(x), "\(x)")
            // Rounding moves the value by at most half a millionth (plus the shortest form's own error).
            if let back = Double(text) {
                #expect(abs(back - x) <= 5e-7 + abs(x) * 1e-15, "\(x) → \(text)")
            }
        }
    }
}

extension Double {
    /// 10 raised to a real power, for spreading random test values over magnitudes.
    fileprivate static func pow10(_ e: Double) -> Double {
        var r = 1.0
        let whole = Int(e.rounded(.down))
        for _ in 0..<abs(whole) { r = whole < 0 ? r / 10 : r * 10 }
        return r * (1 + (e - e.rounded(.down)) * 9)
    }
}

@Suite struct MeasureFastPathTests {
    /// The fast path must print exactly what rounding the shortest decimal form prints.
    @Test func fastPathAgreesWithTheDigitsOfDescription() {
        var generator = SystemRandomNumberGenerator()
        var values: [Double] = [0.0000005, -0.0000005, 1.0000005, 2.5e-7, 9.9999995, 0.1 + 0.2, 123.4565, 0.0000015]
        for _ in 0..<40_000 {
            let scale = Double.random(in: -9...8.9, using: &generator)
            values.append(Double.random(in: -1...1, using: &generator) * pow(10, scale))
            // Values on or next to a rounding boundary, where the fast path must step aside.
            let k = Double(Int.random(in: -10_000_000...10_000_000, using: &generator))
            let boundary = (k + 0.5) / 1e6
            values += [boundary, boundary.nextUp, boundary.nextDown]
        }
        for x in values {
            let slow = withDescribedMeasureBytes(x) { String(decoding: $0, as: UTF8.self) }
            #expect(formatMeasure(x) == slow, "x = \(x)")
        }
    }
}
