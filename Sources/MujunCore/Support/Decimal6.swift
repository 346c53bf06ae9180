// Printing computed measures with exactly six decimals (SPEC §13, appendix rule 1).
//
// The rounding is done on the decimal digits of the number's shortest
// round-trip form (`Double.description`), never with floating-point
// arithmetic, so that two implementations of the contract print the same text
// and ranks built on printed totals agree.

/// The largest magnitude ``printedMicros(_:)`` represents; larger values saturate to it.
private let microsClamp: Double = 1e30

/// Formats `x` with exactly six decimals, rounded half away from zero from its shortest decimal form.
///
/// No exponent, no thousands separators, and never `-0.000000`: a negative
/// value that rounds to zero prints `0.000000`. The rounding looks at the
/// digits of `x.description`, so `0.0000005` prints `0.000001` although the
/// `Double` is slightly below 5e-7.
///
/// - Parameters:
///   - x: the measure; a non-finite value gives the empty string.
/// - Returns: the printed measure, e.g. `123.456000`.
public func formatMeasure(_ x: Double) -> String {
    var out: [UInt8] = []
    out.reserveCapacity(24)
    appendMeasure(x, to: &out)
    return String(decoding: out, as: UTF8.self)
}

/// Appends the bytes of ``formatMeasure(_:)`` to `out` without creating a `String` for the result.
///
/// - Parameters:
///   - x: the measure; a non-finite value appends nothing.
///   - out: the buffer to append to.
public func appendMeasure(_ x: Double, to out: inout [UInt8]) {
    guard x.isFinite else { return }
    withRoundedDigits(x) { negative, digits, integerCount in
        if negative { out.append(UInt8(ascii: "-")) }
        for i in 0..<integerCount { out.append(digits[i] &+ 0x30) }
        out.append(UInt8(ascii: "."))
        for i in integerCount..<digits.count { out.append(digits[i] &+ 0x30) }
    }
}

/// The printed value of `x` (``formatMeasure(_:)``) as a whole number of millionths.
///
/// Use it to compare values "as printed" (appendix rule 1). Magnitudes above
/// 1e30 saturate at ±1e36 millionths; NaN gives 0.
///
/// - Parameters:
///   - x: the measure.
/// - Returns: `formatMeasure(x)` without its decimal point, as an integer.
public func printedMicros(_ x: Double) -> Int128 {
    if x.isNaN { return 0 }
    let clamped = min(max(x, -microsClamp), microsClamp)
    return withRoundedDigits(clamped) { negative, digits, _ in
        var v: Int128 = 0
        for d in digits { v = v &* 10 &+ Int128(d) }
        return negative ? -v : v
    }
}

/// Rounds finite `x` to six decimals on the digits of its shortest decimal form.
///
/// Calls `body` with the sign (false when the result is zero), the digit
/// values 0–9 of the integer part (at least one) followed by the six decimals,
/// and the number of integer digits.
private func withRoundedDigits<R>(
    _ x: Double, _ body: (Bool, UnsafeBufferPointer<UInt8>, Int) -> R
) -> R {
    var text = x.description
    return text.withUTF8 { s in
        // The shortest form has at most 17 significant digits, plus a leading "0".
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 24) { mantissa in
            var negative = false
            var count = 0            // digits kept in `mantissa`
            var point = 0            // where the decimal point sits, counted in `mantissa` digits
            var sawPoint = false
            var exponent = 0
            var i = 0
            if i < s.count && s[i] == UInt8(ascii: "-") {
                negative = true
                i += 1
            }
            while i < s.count {
                let c = s[i]
                if c >= 0x30 && c <= 0x39 {
                    // Leading zeros carry no information beyond the point position.
                    if count == 0 && c == 0x30 {
                        if sawPoint { point -= 1 }
                    } else if count < mantissa.count {
                        mantissa[count] = c &- 0x30
                        count += 1
                    }
                } else if c == UInt8(ascii: ".") {
                    point = count
                    sawPoint = true
                } else if c == UInt8(ascii: "e") || c == UInt8(ascii: "E") {
                    var j = i + 1
                    var expNegative = false
                    if j < s.count && (s[j] == UInt8(ascii: "-") || s[j] == UInt8(ascii: "+")) {
                        expNegative = s[j] == UInt8(ascii: "-")
                        j += 1
                    }
                    while j < s.count, s[j] >= 0x30 && s[j] <= 0x39, exponent < 10_000 {
                        exponent = exponent * 10 + Int(s[j] &- 0x30)
                        j += 1
                    }
                    if expNegative { exponent = -exponent }
                    break
                }
                i += 1
            }
            if !sawPoint { point = count }
            // mantissa[0..<pointPosition] is the integer part; it may be negative
            // ("1e-07") or run past the digits ("1e+16").
            let pointPosition = point + exponent

            let integerCount = max(pointPosition, 1)
            let total = integerCount + 6
            // One spare leading slot takes a carry out of the top digit (9.9999995 → 10.000000).
            return withUnsafeTemporaryAllocation(of: UInt8.self, capacity: total + 1) { out in
                let offset = pointPosition - integerCount    // mantissa index of output digit 0
                out[0] = 0
                for k in 0..<total {
                    let m = offset + k
                    out[k + 1] = (m >= 0 && m < count) ? mantissa[m] : 0
                }
                let roundingIndex = pointPosition + 6
                if roundingIndex >= 0 && roundingIndex < count && mantissa[roundingIndex] >= 5 {
                    var k = total
                    while true {
                        if out[k] == 9 {
                            out[k] = 0
                            k -= 1
                        } else {
                            out[k] += 1
                            break
                        }
                    }
                }
                var isZero = true
                for k in 0...total where out[k] != 0 {
                    isZero = false
                    break
                }
                let digits: UnsafeBufferPointer<UInt8>
                let integers: Int
                if out[0] != 0 {
                    digits = UnsafeBufferPointer(rebasing: out[0...total])
                    integers = integerCount + 1
                } else {
                    digits = UnsafeBufferPointer(rebasing: out[1...total])
                    integers = integerCount
                }
                return body(negative && !isZero, digits, integers)
            }
        }
    }
}
