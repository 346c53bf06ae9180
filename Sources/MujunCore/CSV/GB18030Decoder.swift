import Foundation

/// Decodes GB18030 bytes (already checked by `GB18030Validator`) to UTF-8, one character at a time.
///
/// Foundation's whole-block conversion costs about 140 instructions a byte, and a GB18030 export of a
/// province's parcels is tens of MB. A file uses a few hundred distinct characters, so each one is
/// asked of Foundation once, on first sight, and remembered; GB18030 has no shift state, so decoding
/// characters one by one gives what decoding the whole text gives. ASCII bytes stand for themselves.
///
/// One decoder per file read: the tables fill as the file is read and are not shared between threads.
struct GB18030Decoder {
    /// Two-byte characters by (lead − 0x81) · 191 + (trail − 0x40): the UTF-8 bytes packed low byte
    /// first, with the byte count in the top byte; 0 = not asked yet.
    private var twoByte = [UInt32](repeating: 0, count: 126 * 191)
    /// Four-byte characters by their four bytes: UTF-8 bytes packed low byte first, count in the top byte.
    private var fourByte: [UInt32: UInt64] = [:]

    /// Appends the UTF-8 of `bytes` to `out`; false when Foundation cannot decode a character
    /// (`out` then holds a partial result the caller discards).
    mutating func decode(_ bytes: UnsafeBufferPointer<UInt8>, appendingTo out: inout [UInt8]) -> Bool {
        guard let base = bytes.baseAddress else { return true }
        out.reserveCapacity(out.count + bytes.count + bytes.count / 2)
        let n = bytes.count
        var i = 0
        while i < n {
            // ASCII runs, eight bytes at a time where no byte has its high bit set.
            var run = i
            while run + 8 <= n,
                UnsafeRawPointer(base + run).loadUnaligned(as: UInt64.self) & 0x8080_8080_8080_8080 == 0
            {
                run += 8
            }
            while run < n && bytes[run] < 0x80 { run += 1 }
            if run > i {
                out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[i..<run]))
                i = run
                if i == n { break }
            }
            let lead = bytes[i]
            guard lead >= 0x81 && lead <= 0xFE, i + 1 < n else { return false }
            let second = bytes[i + 1]
            if second >= 0x30 && second <= 0x39 {
                guard i + 3 < n else { return false }
                let key = UInt32(lead) << 24 | UInt32(second) << 16 | UInt32(bytes[i + 2]) << 8 | UInt32(bytes[i + 3])
                let packed: UInt64
                if let known = fourByte[key] {
                    packed = known
                } else {
                    guard let asked = Self.ask(UnsafeBufferPointer(rebasing: bytes[i..<(i + 4)])) else { return false }
                    fourByte[key] = asked
                    packed = asked
                }
                Self.append(packed, to: &out)
                i += 4
            } else {
                guard second >= 0x40 && second <= 0xFE && second != 0x7F else { return false }
                let slot = Int(lead &- 0x81) * 191 + Int(second &- 0x40)
                var packed = UInt64(twoByte[slot])
                if packed == 0 {
                    guard let asked = Self.ask(UnsafeBufferPointer(rebasing: bytes[i..<(i + 2)])), asked >> 56 <= 3 else {
                        return false
                    }
                    // At most three UTF-8 bytes (two-byte GB18030 is all in the BMP): fits 32 bits.
                    twoByte[slot] = UInt32(truncatingIfNeeded: asked & 0xFF_FFFF) | UInt32(truncatingIfNeeded: asked >> 32)
                    packed = asked
                } else {
                    packed = UInt64(packed & 0xFF_FFFF) | UInt64(packed & 0xFF00_0000) << 32
                }
                Self.append(packed, to: &out)
                i += 2
            }
        }
        return true
    }

    /// Foundation's UTF-8 for one character: bytes packed low byte first, count in the top byte.
    private static func ask(_ sequence: UnsafeBufferPointer<UInt8>) -> UInt64? {
        guard let s = String(bytes: sequence, encoding: gb18030Encoding) else { return nil }
        let utf8 = Array(s.utf8)
        guard !utf8.isEmpty, utf8.count <= 7 else { return nil }
        var packed = UInt64(utf8.count) << 56
        for (k, b) in utf8.enumerated() { packed |= UInt64(b) << (8 * UInt64(k)) }
        return packed
    }

    @inline(__always)
    private static func append(_ packed: UInt64, to out: inout [UInt8]) {
        let count = Int(packed >> 56)
        for k in 0..<count { out.append(UInt8(truncatingIfNeeded: packed >> (8 * UInt64(k)))) }
    }
}
