// Trimming of cell values (SPEC §2, appendix rule 5).
//
// "White space" is the Unicode `White_Space` property: U+0009–U+000D,
// U+0020, U+0085, U+00A0, U+1680, U+2000–U+200A, U+2028, U+2029, U+202F,
// U+205F and U+3000. U+FEFF (a byte order mark) is not white space.

/// The sub-range of `b` that remains after removing Unicode white space at both ends.
///
/// Works on UTF-8 bytes without creating a `String`. Bytes that are not valid
/// UTF-8 are never removed.
///
/// - Parameters:
///   - b: the UTF-8 bytes of one cell.
/// - Returns: indices into `b`; empty (`start == end`) when the cell is all white space.
public func trimmedRange(_ b: UnsafeBufferPointer<UInt8>) -> Range<Int> {
    var start = 0
    var end = b.count
    while start < end {
        let n = leadingWhiteSpaceLength(b, at: start, end: end)
        if n == 0 { break }
        start += n
    }
    while end > start {
        let n = trailingWhiteSpaceLength(b, start: start, end: end)
        if n == 0 { break }
        end -= n
    }
    return start..<end
}

/// The byte length of the white-space scalar that begins at `i`, or 0 when there is none.
@inline(__always)
internal func leadingWhiteSpaceLength(_ b: UnsafeBufferPointer<UInt8>, at i: Int, end: Int) -> Int {
    let c0 = b[i]
    if c0 == 0x20 || (c0 >= 0x09 && c0 <= 0x0D) { return 1 }
    if c0 < 0xC2 { return 0 }
    if c0 == 0xC2 {
        guard i + 1 < end else { return 0 }
        let c1 = b[i + 1]
        return (c1 == 0x85 || c1 == 0xA0) ? 2 : 0
    }
    guard c0 >= 0xE1 && c0 <= 0xE3, i + 2 < end else { return 0 }
    return isThreeByteWhiteSpace(c0, b[i + 1], b[i + 2]) ? 3 : 0
}

/// The byte length of the white-space scalar that ends just before `end`, or 0 when there is none.
@inline(__always)
internal func trailingWhiteSpaceLength(_ b: UnsafeBufferPointer<UInt8>, start: Int, end: Int) -> Int {
    let last = b[end - 1]
    if last == 0x20 || (last >= 0x09 && last <= 0x0D) { return 1 }
    // Every multi-byte white-space scalar ends in a continuation byte.
    guard last >= 0x80 && last <= 0xBF else { return 0 }
    if (last == 0x85 || last == 0xA0) && end - 2 >= start && b[end - 2] == 0xC2 { return 2 }
    guard end - 3 >= start else { return 0 }
    return isThreeByteWhiteSpace(b[end - 3], b[end - 2], last) ? 3 : 0
}

/// Whether three bytes encode U+1680, U+2000–U+200A, U+2028, U+2029, U+202F, U+205F or U+3000.
@inline(__always)
internal func isThreeByteWhiteSpace(_ c0: UInt8, _ c1: UInt8, _ c2: UInt8) -> Bool {
    switch (c0, c1) {
    case (0xE1, 0x9A): return c2 == 0x80                       // U+1680
    case (0xE2, 0x80): return c2 <= 0x8A && c2 >= 0x80          // U+2000–U+200A
        || c2 == 0xA8 || c2 == 0xA9 || c2 == 0xAF               // U+2028, U+2029, U+202F
    case (0xE2, 0x81): return c2 == 0x9F                        // U+205F
    case (0xE3, 0x80): return c2 == 0x80                        // U+3000
    default: return false
    }
}

/// `s` without Unicode white space at either end.
///
/// Trims by Unicode scalar, so it agrees with ``trimmedRange(_:)`` on the same text.
///
/// - Parameters:
///   - s: one cell value.
/// - Returns: the trimmed value (possibly empty).
public func trimCell(_ s: String) -> String {
    let scalars = s.unicodeScalars
    guard let first = scalars.firstIndex(where: { !$0.properties.isWhitespace }),
          let last = scalars.lastIndex(where: { !$0.properties.isWhitespace })
    else { return "" }
    return String(scalars[first...last])
}
