// Numbers in cells (SPEC §2, appendix rule 6).

import CIntrinsics

/// Parses a trimmed numeric cell into the correctly rounded `Double` of its decimal text.
///
/// Accepts ASCII digits with an optional leading `+`/`-`, either plain digits
/// or strict three-digit comma groups (`12,345,678.9`), an optional fraction
/// (`.5` and `5.` are allowed) and an optional exponent (`e`/`E`, optional
/// sign, at least one digit). Everything else is rejected: `NaN`, `inf`, hex,
/// inner spaces, any non-ASCII byte (full-width digits or minus), `#VALUE!`,
/// `N/A`, a lone `.`, `+` or `-`, and the empty cell. A value too large for a
/// `Double` (infinite) is rejected as well.
///
/// - Parameters:
///   - b: the UTF-8 bytes of a cell, already trimmed.
/// - Returns: the value, or `nil` when the text is not a number by the rules above.
public func parseNumber(_ b: UnsafeBufferPointer<UInt8>) -> Double? {
    if let plain = parsePlainDecimal(b) { return plain }
    let n = b.count
    var i = 0
    var negative = false
    if i < n && (b[i] == UInt8(ascii: "+") || b[i] == UInt8(ascii: "-")) {
        negative = b[i] == UInt8(ascii: "-")
        i += 1
    }

    var mantissa: UInt64 = 0
    var significant = 0        // significant digits seen (after leading zeros)
    var fractionTaken = 0      // fraction digits that went into `mantissa`
    var sawComma = false

    // Integer part: plain digits, or 1–3 digits then groups of ",ddd".
    let intStart = i
    var group = 0
    while i < n {
        let c = b[i]
        if c >= 0x30 && c <= 0x39 {
            group += 1
            if sawComma && group > 3 { return nil }
            accumulate(c &- 0x30, &mantissa, &significant, isFraction: false, &fractionTaken)
            i += 1
        } else if c == UInt8(ascii: ",") {
            if sawComma ? group != 3 : (group == 0 || group > 3) { return nil }
            sawComma = true
            group = 0
            i += 1
        } else {
            break
        }
    }
    if sawComma && group != 3 { return nil }
    let intDigits = i - intStart

    // Fraction.
    var fracDigits = 0
    if i < n && b[i] == UInt8(ascii: ".") {
        i += 1
        while i < n, b[i] >= 0x30 && b[i] <= 0x39 {
            accumulate(b[i] &- 0x30, &mantissa, &significant, isFraction: true, &fractionTaken)
            fracDigits += 1
            i += 1
        }
    }
    if intDigits == 0 && fracDigits == 0 { return nil }

    // Exponent, saturated far beyond any finite Double so huge exponents never trap.
    var exponent = 0
    if i < n && (b[i] == UInt8(ascii: "e") || b[i] == UInt8(ascii: "E")) {
        i += 1
        var expNegative = false
        if i < n && (b[i] == UInt8(ascii: "+") || b[i] == UInt8(ascii: "-")) {
            expNegative = b[i] == UInt8(ascii: "-")
            i += 1
        }
        let expStart = i
        while i < n, b[i] >= 0x30 && b[i] <= 0x39 {
            if exponent < 100_000_000 { exponent = exponent * 10 + Int(b[i] &- 0x30) }
            i += 1
        }
        if i == expStart { return nil }
        if expNegative { exponent = -exponent }
    }
    if i != n { return nil }

    // Fast path: at most 15 significant digits are exact in a Double, and so is
    // 10^k for k ≤ 22, so one multiply or divide rounds correctly.
    if significant <= 15 {
        let scale = exponent - fractionTaken
        var value: Double?
        if mantissa == 0 {
            value = 0
        } else if scale >= 0 && scale <= 22 {
            value = Double(mantissa) * mujun_exact_power_of_ten(Int32(scale))
        } else if scale < 0 && scale >= -22 {
            value = Double(mantissa) / mujun_exact_power_of_ten(Int32(-scale))
        }
        if let value {
            return negative ? -value : value
        }
    }
    return parseNumberSlowly(b, negative: negative, exponent: exponent)
}

/// `parseNumber(cell)` for a cell inside a larger buffer that is readable up to `limit` (the fast
/// path's rows, where the bytes after a cell are the rest of the window): with eight readable
/// bytes at each digit run, a short decimal (up to eight digits before and after the point) is
/// read eight digits at a time; anything else goes to `parseNumber`.
@_transparent
func parseNumber(_ cell: UnsafeBufferPointer<UInt8>, readableUpTo limit: UnsafePointer<UInt8>) -> Double? {
    if let p = cell.baseAddress, let value = parseShortDecimal(p, cell.count, readable: limit - p) { return value }
    return parseNumber(cell)
}

/// An optional sign, at most eight digits, optionally a point and at most eight more, fifteen
/// digits at most in all: exactly `parsePlainDecimal`'s value; nil for everything else, and when
/// fewer than eight bytes are readable at a digit run.
@_transparent
private func parseShortDecimal(_ p: UnsafePointer<UInt8>, _ n: Int, readable: Int) -> Double? {
    guard n > 0, n <= 17 else { return nil }
    var i = 0
    let negative = p[0] == UInt8(ascii: "-")
    if negative || p[0] == UInt8(ascii: "+") { i = 1 }
    guard i + 8 <= readable else { return nil }
    let integer = leadingDigits(p + i, limit: n - i)
    // Nine or more integer digits: the general loop.
    if integer.count == 8 && i + 8 < n && p[i + 8] &- 0x30 < 10 { return nil }
    i += integer.count
    var mantissa = integer.value
    var digits = integer.count
    var fraction = 0
    if i < n && p[i] == UInt8(ascii: ".") {
        i += 1
        if i < n {
            guard i + 8 <= readable else { return nil }
            let decimals = leadingDigits(p + i, limit: n - i)
            if decimals.count == 8 && i + 8 < n && p[i + 8] &- 0x30 < 10 { return nil }
            let scale = mujun_integer_power_of_ten(Int32(truncatingIfNeeded: decimals.count))
            mantissa = mantissa &* scale &+ decimals.value
            fraction = decimals.count
            digits += decimals.count
            i += decimals.count
        }
    }
    guard i == n, digits > 0, digits <= 15 else { return nil }
    return signedDecimal(mantissa, fraction, negative)
}

/// ±mantissa / 10^fraction, correctly rounded, for a mantissa below 10^15 (exact as a Double):
/// converted as a signed integer (one instruction; the unsigned conversion takes several), and
/// divided only when there is a fraction.
@inline(__always)
private func signedDecimal(_ mantissa: UInt64, _ fraction: Int, _ negative: Bool) -> Double {
    var value = Double(Int64(bitPattern: mantissa))
    if fraction > 0 { value /= mujun_exact_power_of_ten(Int32(truncatingIfNeeded: fraction)) }
    return negative ? -value : value
}

/// The ASCII digits at the front of the eight bytes at `p` (at most `limit` of them count) and
/// their value, found and summed eight at a time (Lemire's SWAR reduction).
@_transparent
private func leadingDigits(_ p: UnsafePointer<UInt8>, limit: Int) -> (value: UInt64, count: Int) {
    let word = UInt64(littleEndian: mujun_load_u64(p))
    // A digit's byte becomes its value 0…9; the high bit of a byte in `flags` marks a non-digit.
    let t = word ^ 0x3030_3030_3030_3030
    var flags = (((t & 0x7F7F_7F7F_7F7F_7F7F) &+ 0x7676_7676_7676_7676) | t) & 0x8080_8080_8080_8080
    // (Not `Swift.max`: in the readers' row closures that stayed a call.)
    if limit < 8 { flags |= (~UInt64(0) << UInt64(limit > 0 ? limit * 8 : 0)) & 0x8080_8080_8080_8080 }
    let count = flags.trailingZeroBitCount >> 3
    guard count > 0 else { return (0, 0) }
    // The digits to the top bytes (the first one most significant), zeros below them.
    var v = count == 8 ? t : t << UInt64((8 - count) * 8)
    v = (v &* 10) &+ (v >> 8)
    v = ((v & 0x0000_00FF_0000_00FF) &* (100 &+ (1_000_000 << 32))
        &+ ((v >> 16) & 0x0000_00FF_0000_00FF) &* (1 &+ (10_000 << 32))) >> 32
    return (v & 0xFFFF_FFFF, count)
}

/// The common cell in one pass: an optional sign, then at most 15 digits with at most one `.` among
/// or around them. Such a cell's digits (leading zeros included) are below 10^15 and its scale at
/// most 15, so it yields exactly what `parseNumber`'s own fast path would; nil leaves every other
/// text (commas, exponents, more digits, anything invalid) to the full parser.
@inline(__always)
private func parsePlainDecimal(_ b: UnsafeBufferPointer<UInt8>) -> Double? {
    let n = b.count
    guard n > 0, n <= 17, let p = b.baseAddress else { return nil }
    var i = 0
    let negative = p[0] == UInt8(ascii: "-")
    if negative || p[0] == UInt8(ascii: "+") { i = 1 }
    var mantissa: UInt64 = 0
    let integerStart = i
    while i < n, case let d = p[i] &- 0x30, d < 10 {
        mantissa = mantissa &* 10 &+ UInt64(d)
        i += 1
    }
    var digits = i - integerStart
    var fraction = 0
    if i < n && p[i] == UInt8(ascii: ".") {
        i += 1
        let fractionStart = i
        while i < n, case let d = p[i] &- 0x30, d < 10 {
            mantissa = mantissa &* 10 &+ UInt64(d)
            i += 1
        }
        fraction = i - fractionStart
        digits += fraction
    }
    guard i == n, digits > 0, digits <= 15 else { return nil }
    return signedDecimal(mantissa, fraction, negative)
}

/// Adds one digit to the running significand; past 19 digits it only counts them.
@inline(__always)
private func accumulate(
    _ digit: UInt8, _ mantissa: inout UInt64, _ significant: inout Int,
    isFraction: Bool, _ fractionTaken: inout Int
) {
    if significant == 0 && digit == 0 {
        // A leading zero only shifts the decimal point.
        if isFraction { fractionTaken += 1 }
        return
    }
    // More than 15 significant digits sends the text to the slow path, so
    // digits past the 19th (which would overflow UInt64) need only be counted.
    if significant < 19 {
        mantissa = mantissa &* 10 &+ UInt64(digit)
        if isFraction { fractionTaken += 1 }
    }
    significant += 1
}

/// Correctly rounded conversion through the standard library, for the texts the fast path cannot take.
private func parseNumberSlowly(_ b: UnsafeBufferPointer<UInt8>, negative: Bool, exponent: Int) -> Double? {
    var text: [UInt8] = []
    text.reserveCapacity(b.count + 12)
    if negative { text.append(UInt8(ascii: "-")) }
    var sawDigit = false
    var sawDot = false
    for c in b {
        if c >= 0x30 && c <= 0x39 {
            text.append(c)
            sawDigit = true
        } else if c == UInt8(ascii: ".") {
            if !sawDigit { text.append(UInt8(ascii: "0")) }
            text.append(c)
            sawDot = true
        } else if c == UInt8(ascii: "e") || c == UInt8(ascii: "E") {
            break
        }
    }
    if sawDot && text.last == UInt8(ascii: ".") { text.append(UInt8(ascii: "0")) }
    text.append(UInt8(ascii: "e"))
    text.append(contentsOf: String(exponent).utf8)
    guard let value = Double(String(decoding: text, as: UTF8.self)), value.isFinite else { return nil }
    return value
}

/// Parses a numeric cell given as a `String`; see the byte-level `parseNumber(_:)`.
///
/// The text must already be trimmed.
///
/// - Parameters:
///   - s: the cell text.
/// - Returns: the value, or `nil` when the text is not a number.
public func parseNumber(_ s: String) -> Double? {
    var s = s
    return s.withUTF8 { parseNumber($0) }
}
