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
    withMeasureBytes(x) { out.append(contentsOf: $0) }
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
    // The fast route's millionths are exactly what its printed digits read back as.
    if let micros = fastMicros(x) { return Int128(micros) }
    let clamped = min(max(x, -microsClamp), microsClamp)
    return withMeasureBytes(clamped) { bytes in
        var value: Int128 = 0
        var negative = false
        for c in bytes {
            if c == UInt8(ascii: "-") {
                negative = true
            } else if c != UInt8(ascii: ".") {
                value = value &* 10 &+ Int128(c &- 0x30)
            }
        }
        return negative ? -value : value
    }
}

/// Calls `body` with the ASCII bytes of finite `x` rounded to six decimals.
///
/// Reads the digits of `x.description` ("123.456", "1.2345675e-05",
/// "1e+16", "-0.0"), rounds half away from zero at the seventh decimal and
/// lays out sign, integer digits, point and six decimals in a stack buffer.
/// The sign is left out when the result is zero.
@inline(__always)
func withMeasureBytes<R>(_ x: Double, _ body: (UnsafeBufferPointer<UInt8>) -> R) -> R {
    if let micros = fastMicros(x) { return withMicrosBytes(micros, body) }
    return withDescribedMeasureBytes(x, body)
}

/// The printed millionths of `x` without producing its shortest form, when that is provably safe.
///
/// The shortest form D is within half an ulp of `x`, and `x · 10⁶` is computed within half an ulp of
/// its own, so when the product lies farther than both from a rounding boundary (k + ½), D rounds to
/// the same whole number of millionths as the product. Otherwise (or for huge values) nil, and the
/// caller takes the exact route through `description`. This keeps million-row tables cheap.
///
/// The margin is twice both half-ulps, bounded from above without computing them: an ulp of a
/// normal value v is at most v · 2⁻⁵², so ulp(x) · 10⁶ + 2 ulp(y) ≤ 3 · 2⁻⁵² · y (1 + 2⁻⁵³) < y · 2⁻⁵⁰.
/// For subnormal x the product lies next to 0, half a millionth from any boundary.
@inline(__always)
func fastMicros(_ x: Double) -> Int64? {
    let magnitude = x.magnitude
    guard magnitude < 1e9 else { return nil }
    let y = magnitude * 1e6
    // y is below 10^15 here, so truncating through Int64 is exact and is its floor: inlined, where
    // `rounded(.down)` calls libm's floor for every cell of a table (no SSE4.1 `roundsd` assumed).
    let floor = Double(Int64(y))
    let margin = y * 0x1p-50
    guard ((y - floor) - 0.5).magnitude > margin else { return nil }
    let m = Int64(y - floor > 0.5 ? floor + 1 : floor)
    return x < 0 ? -m : m
}

/// Lays out a whole number of millionths as `[-]digits.dddddd`; zero never carries a sign.
private func withMicrosBytes<R>(_ micros: Int64, _ body: (UnsafeBufferPointer<UInt8>) -> R) -> R {
    withUnsafeTemporaryAllocation(of: UInt8.self, capacity: maxMicrosLength) { buffer in
        guard let out = buffer.baseAddress else { return body(UnsafeBufferPointer(start: nil, count: 0)) }
        return body(UnsafeBufferPointer(start: out, count: layOutMicros(micros, at: out)))
    }
}

/// The most bytes `layOutMicros` writes: a sign, 13 integer digits (an Int64 of millionths is
/// below 10^19), the point and six decimals.
let maxMicrosLength = 21

/// Writes `[-]digits.dddddd` for a whole number of millionths at `out` (room for
/// `maxMicrosLength` bytes) and returns its length; zero never carries a sign.
///
/// Two digits per store from a table of the hundred pairs: every measure cell of every table comes
/// through here. The six decimals are three pairs computed side by side (not a chain of divisions),
/// and the integer digits are counted by comparisons.
@inline(__always)
func layOutMicros(_ micros: Int64, at out: UnsafeMutablePointer<UInt8>) -> Int {
    let magnitude = micros.magnitude
    let whole = magnitude / 1_000_000
    let fraction = magnitude &- whole &* 1_000_000
    let sign = micros < 0 ? 1 : 0
    if sign == 1 { out[0] = UInt8(ascii: "-") }
    // An Int64 of millionths has at most 13 integer digits.
    let point = sign + layOutDigits(whole, at: out + sign)
    let high = fraction / 10_000
    let low = fraction &- high &* 10_000
    let middle = low / 100
    out[point] = UInt8(ascii: ".")
    storeDigitPair(high, at: out + point + 1)
    storeDigitPair(middle, at: out + point + 3)
    storeDigitPair(low &- middle &* 100, at: out + point + 5)
    return point + 7
}

/// The exact route of ``withMeasureBytes(_:_:)``: rounds the digits of `description`.
func withDescribedMeasureBytes<R>(_ x: Double, _ body: (UnsafeBufferPointer<UInt8>) -> R) -> R {
    var text = x.description
    return text.withUTF8 { s in
        withPositionalMeasureBytes(s, body) ?? withScientificMeasureBytes(s, body)
    }
}

/// The general case of ``withMeasureBytes(_:_:)``: any description, with or without exponent.
///
/// Internal so tests can check it against the positional fast path.
func withScientificMeasureBytes<R>(_ s: UnsafeBufferPointer<UInt8>, _ body: (UnsafeBufferPointer<UInt8>) -> R) -> R {
    // The shortest form has at most 17 significant digits (18 with the "0" of "5.0").
    var mantissa = InlineArray<24, UInt8>(repeating: 0)
    var count = 0            // significant digits kept in `mantissa`
    var point = 0            // where the decimal point sits, counted in `mantissa` digits
    var sawPoint = false
    var negative = false
    var exponent = 0
    var i = 0
    if i < s.count && s[i] == UInt8(ascii: "-") {
        negative = true
        i += 1
    }
    while i < s.count {
        let c = s[i]
        if c >= 0x30 && c <= 0x39 {
            if count == 0 && c == 0x30 {
                // A leading zero carries nothing but the point's position.
                if sawPoint { point -= 1 }
            } else if count < 24 {
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

    // Output digit g (0 ..< integerCount + 6) is mantissa[offset + g], or 0 outside it.
    let integerCount = max(pointPosition, 1)
    let total = integerCount + 6
    let offset = pointPosition - integerCount
    @inline(__always) func digit(_ g: Int) -> UInt8 {
        let m = offset + g
        return m >= 0 && m < count ? mantissa[m] : 0
    }
    let roundingIndex = pointPosition + 6
    let roundUp = roundingIndex >= 0 && roundingIndex < count && mantissa[roundingIndex] >= 5
    // mantissa[0] is the first non-zero digit, so the result is zero only
    // when it lies beyond the sixth decimal and nothing rounds up.
    let isZero = !roundUp && (count == 0 || roundingIndex <= 0)

    // Layout: [sign] [carry] integer digits "." six decimals.
    return withUnsafeTemporaryAllocation(of: UInt8.self, capacity: total + 3) { buf in
        var w = 2
        for g in 0..<total {
            if g == integerCount {
                buf[w] = UInt8(ascii: ".")
                w += 1
            }
            buf[w] = digit(g) &+ 0x30
            w += 1
        }
        var start = roundUp ? incrementDigits(buf, from: 2, end: w) : 2
        if negative && !isZero {
            start -= 1
            buf[start] = UInt8(ascii: "-")
        }
        return body(UnsafeBufferPointer(rebasing: buf[start..<w]))
    }
}

/// The common case of ``withMeasureBytes(_:_:)``: a description without exponent ("-123.4567891").
///
/// Copies the integer digits and up to six decimals as they are, pads with
/// zeros and rounds on the seventh decimal; `nil` when `s` has an exponent.
@inline(__always)
private func withPositionalMeasureBytes<R>(
    _ s: UnsafeBufferPointer<UInt8>, _ body: (UnsafeBufferPointer<UInt8>) -> R
) -> R? {
    let n = s.count
    let negative = n > 0 && s[0] == UInt8(ascii: "-")
    let first = negative ? 1 : 0
    var dot = first
    while dot < n && s[dot] != UInt8(ascii: ".") {
        let c = s[dot]
        guard c >= 0x30 && c <= 0x39 else { return nil }
        dot += 1
    }
    guard dot < n, dot > first else { return nil }
    let fractionCount = n - dot - 1
    for k in (dot + 1)..<n {
        let c = s[k]
        guard c >= 0x30 && c <= 0x39 else { return nil }
    }
    let integerCount = dot - first
    // Layout: [sign] [carry] integer digits "." six decimals.
    return withUnsafeTemporaryAllocation(of: UInt8.self, capacity: integerCount + 9) { buf in
        var w = 2
        for k in first...dot {
            buf[w] = s[k]
            w += 1
        }
        for k in 0..<6 {
            buf[w] = k < fractionCount ? s[dot + 1 + k] : UInt8(ascii: "0")
            w += 1
        }
        var start = fractionCount >= 7 && s[dot + 7] >= UInt8(ascii: "5") ? incrementDigits(buf, from: 2, end: w) : 2
        if negative {
            var isZero = true
            for k in start..<w where buf[k] != UInt8(ascii: "0") && buf[k] != UInt8(ascii: ".") {
                isZero = false
                break
            }
            if !isZero {
                start -= 1
                buf[start] = UInt8(ascii: "-")
            }
        }
        return body(UnsafeBufferPointer(rebasing: buf[start..<w]))
    }
}

/// Adds one unit in the last place to the digits in `buf[from..<end]` (skipping the point), carrying
/// left; every digit a 9 (9.9999995 → 10.000000) writes a leading 1 at `from − 1`. Returns where
/// the number now starts.
@inline(__always)
private func incrementDigits(_ buf: UnsafeMutableBufferPointer<UInt8>, from: Int, end: Int) -> Int {
    var j = end - 1
    while j >= from && (buf[j] == UInt8(ascii: "9") || buf[j] == UInt8(ascii: ".")) {
        if buf[j] == UInt8(ascii: "9") { buf[j] = UInt8(ascii: "0") }
        j -= 1
    }
    if j >= from {
        buf[j] &+= 1
        return from
    }
    buf[from - 1] = UInt8(ascii: "1")
    return from - 1
}

/// The two ASCII digits of `p` (below 100) at `out`, from a table of the hundred pairs.
@inline(__always)
func storeDigitPair(_ p: UInt64, at out: UnsafeMutablePointer<UInt8>) {
    let pairs = UnsafeRawPointer(("00010203040506070809101112131415161718192021222324252627282930313233343536373839404142434445464748495051525354555657585960616263646566676869707172737475767778798081828384858687888990919293949596979899" as StaticString).utf8Start)
    UnsafeMutableRawPointer(out).storeBytes(
        of: pairs.loadUnaligned(fromByteOffset: Int(truncatingIfNeeded: p) &* 2, as: UInt16.self), as: UInt16.self)
}

/// Writes the decimal digits of `n` at `out` (room for 20 bytes) and returns how many: two per
/// step from the pair table, the last one alone when their count is odd.
@inline(__always)
func layOutDigits(_ n: UInt64, at out: UnsafeMutablePointer<UInt8>) -> Int {
    var count = 1
    var limit: UInt64 = 10
    while n >= limit && count < 20 {
        count += 1
        limit = limit &* 10
    }
    var rest = n
    var end = count
    while rest >= 100 {
        let next = rest / 100
        end -= 2
        storeDigitPair(rest &- next &* 100, at: out + end)
        rest = next
    }
    if rest >= 10 {
        storeDigitPair(rest, at: out + end - 2)
    } else {
        out[end - 1] = UInt8(truncatingIfNeeded: rest) &+ 0x30
    }
    return count
}

