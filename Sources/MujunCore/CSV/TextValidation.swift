import CIntrinsics

/// Streaming validators for the two encodings SPEC §2 accepts. Each is fed blocks in order and
/// reports the absolute byte offset of the first byte that cannot be part of a valid sequence.

/// Skips ASCII in `base[from..<end]` eight bytes at a time: the position of the first byte that is
/// not ASCII, or, if the whole words hold none, of the fewer than eight bytes left (which the
/// validators take one at a time).
@inline(__always)
private func skippingASCII(_ base: UnsafePointer<UInt8>, from: Int, to end: Int) -> Int {
    var i = from
    while i + 8 <= end {
        let word = UInt64(littleEndian: UnsafeRawPointer(base + i).loadUnaligned(as: UInt64.self))
        let high = word & 0x8080_8080_8080_8080
        if high != 0 { return i + high.trailingZeroBitCount >> 3 }
        i += 8
    }
    return i
}

/// UTF-8 as RFC 3629 defines it: no overlong forms, no surrogates, nothing above U+10FFFF.
struct UTF8Validator {
    private var pending = 0
    private var lower: UInt8 = 0x80
    private var upper: UInt8 = 0xBF
    private var sequenceStart = 0
    /// Bytes fed so far.
    private(set) var offset = 0

    /// Validates the next block; returns the offset of the first invalid sequence, if any.
    ///
    /// The bulk of a block is checked 32 or 16 bytes at a time (`mujun_utf8_is_valid`); only its ends —
    /// a sequence the previous block cut, one this block cuts — and a block found invalid (to
    /// name the offending byte) go byte by byte.
    mutating func feed(_ block: UnsafeBufferPointer<UInt8>) -> Int? {
        guard let base = block.baseAddress else { return nil }
        let n = block.count
        defer { offset += n }
        // Continuation bytes at the front finish the previous block's sequence.
        var start = 0
        while start < Swift.min(n, 3) && base[start] & 0xC0 == 0x80 { start += 1 }
        if let bad = scan(base, from: 0, to: start) { return bad }
        guard pending == 0 else { return scan(base, from: start, to: n) }
        // A sequence the block's end cuts short waits for the next block.
        var cut = n
        var lead = n - 1
        while lead > start && n - lead < 4 && base[lead] & 0xC0 == 0x80 { lead -= 1 }
        if lead >= start {
            let b = base[lead]
            let length = b >= 0xF0 ? 4 : b >= 0xE0 ? 3 : b >= 0xC0 ? 2 : 1
            if lead + length > n { cut = lead }
        }
        if cut > start && mujun_utf8_is_valid(base + start, cut - start) == 1 {
            return scan(base, from: cut, to: n)
        }
        return scan(base, from: start, to: n)
    }

    /// Validates `base[from..<end]` byte by byte, carrying an unfinished sequence to the next call.
    private mutating func scan(_ base: UnsafePointer<UInt8>, from: Int, to n: Int) -> Int? {
        var i = from
        while i < n {
            if pending == 0 {
                // ASCII runs are the common case.
                i = skippingASCII(base, from: i, to: n)
                if i >= n { break }
                let b = base[i]
                if b < 0x80 {
                    i += 1
                    continue
                }
                // A whole three-byte sequence (most CJK text) checked in one step.
                if b >= 0xE1 && b <= 0xEF && b != 0xED && i + 2 < n {
                    let c1 = base[i + 1]
                    let c2 = base[i + 2]
                    if c1 & 0xC0 == 0x80 && c2 & 0xC0 == 0x80 {
                        i += 3
                        continue
                    }
                }
                sequenceStart = offset + i
                switch b {
                case 0xC2...0xDF: pending = 1; lower = 0x80; upper = 0xBF
                case 0xE0: pending = 2; lower = 0xA0; upper = 0xBF
                case 0xE1...0xEC, 0xEE...0xEF: pending = 2; lower = 0x80; upper = 0xBF
                case 0xED: pending = 2; lower = 0x80; upper = 0x9F
                case 0xF0: pending = 3; lower = 0x90; upper = 0xBF
                case 0xF1...0xF3: pending = 3; lower = 0x80; upper = 0xBF
                case 0xF4: pending = 3; lower = 0x80; upper = 0x8F
                default: return offset + i
                }
                i += 1
            } else {
                let b = base[i]
                guard b >= lower && b <= upper else { return sequenceStart }
                lower = 0x80
                upper = 0xBF
                pending -= 1
                i += 1
            }
        }
        return nil
    }

    /// At end of input: a sequence cut short is invalid.
    func finish() -> Int? { pending == 0 ? nil : sequenceStart }
}

/// GB18030 byte structure: one byte 00–7F; two bytes 81–FE then 40–7E or 80–FE; four bytes
/// 81–FE, 30–39, 81–FE, 30–39. No byte below 0x30 ever occurs inside a multi-byte sequence, so
/// `,`, `"`, CR and LF can be found without decoding.
struct GB18030Validator {
    private var state = 0
    private var sequenceStart = 0
    private(set) var offset = 0

    mutating func feed(_ block: UnsafeBufferPointer<UInt8>) -> Int? {
        guard let base = block.baseAddress else { return nil }
        let n = block.count
        var i = 0
        while i < n {
            if state == 0 {
                // Between sequences: ASCII needs no state, and nor does a two-byte character
                // whole within the block (most of a Chinese text), checked here a pair at a time.
                i = skippingASCII(base, from: i, to: n)
                while i + 1 < n {
                    let lead = base[i]
                    let trail = base[i + 1]
                    guard lead &- 0x81 < 0x7E, trail &- 0x40 < 0x3F || trail &- 0x80 < 0x7F else { break }
                    i += 2
                }
                if i >= n { break }
            }
            let b = base[i]
            defer { i += 1 }
            switch state {
            case 0:
                if b < 0x80 { continue }
                guard b >= 0x81 && b <= 0xFE else { return offset + i }
                sequenceStart = offset + i
                state = 1
            case 1:
                if (b >= 0x40 && b <= 0x7E) || (b >= 0x80 && b <= 0xFE) {
                    state = 0
                } else if b >= 0x30 && b <= 0x39 {
                    state = 2
                } else {
                    return sequenceStart
                }
            case 2:
                guard b >= 0x81 && b <= 0xFE else { return sequenceStart }
                state = 3
            default:
                guard b >= 0x30 && b <= 0x39 else { return sequenceStart }
                state = 0
            }
        }
        offset += block.count
        return nil
    }

    /// True between sequences, where a block may be cut and decoded on its own.
    var atBoundary: Bool { state == 0 }

    func finish() -> Int? { state == 0 ? nil : sequenceStart }
}
