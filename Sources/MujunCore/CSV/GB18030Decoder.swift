import CIntrinsics
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
    ///
    /// Written through a pointer into room made up front, not appended byte by byte: a character's
    /// UTF-8 bytes go in as one word store (the word's bytes past them are overwritten by what
    /// follows, or cut off at the end), and ASCII goes eight bytes at a time where it can.
    mutating func decode(_ bytes: UnsafeBufferPointer<UInt8>, appendingTo out: inout [UInt8]) -> Bool {
        guard let base = bytes.baseAddress else { return true }
        let n = bytes.count
        let start = out.count
        // UTF-8 takes less than twice the GB18030 bytes (ASCII stays one byte, two bytes become at
        // most three, four at most seven as `ask` allows), and a word store may reach 8 bytes past
        // the last character.
        let room = 2 * n + 8
        out.append(contentsOf: repeatElement(0, count: room))
        var written = 0
        let complete = out.withUnsafeMutableBufferPointer { buffer -> Bool in
            guard let to = buffer.baseAddress.map({ $0 + start }) else { return false }
            @inline(__always) func store<T: BitwiseCopyable>(_ word: T) {
                UnsafeMutableRawPointer(to + written).storeBytes(of: word, as: T.self)
            }
            var i = 0
            while i < n {
                // ASCII, eight bytes at a time where none has its high bit set.
                while i + 8 <= n, case let word = mujun_load_u64(base + i), word & 0x8080_8080_8080_8080 == 0 {
                    store(word)
                    i += 8
                    written += 8
                }
                guard i < n else { break }
                let lead = base[i]
                if lead < 0x80 {
                    to[written] = lead
                    i += 1
                    written += 1
                    continue
                }
                guard lead >= 0x81 && lead <= 0xFE, i + 1 < n else { return false }
                let second = base[i + 1]
                if second >= 0x30 && second <= 0x39 {
                    guard i + 3 < n else { return false }
                    let key = UInt32(lead) << 24 | UInt32(second) << 16 | UInt32(base[i + 2]) << 8 | UInt32(base[i + 3])
                    let packed: UInt64
                    if let known = fourByte[key] {
                        packed = known
                    } else {
                        guard let asked = Self.ask(UnsafeBufferPointer(start: base + i, count: 4)) else { return false }
                        fourByte[key] = asked
                        packed = asked
                    }
                    // At most seven UTF-8 bytes (`ask`), so the count in the top byte is past them.
                    store(packed)
                    written += Int(packed >> 56)
                    i += 4
                } else {
                    guard second >= 0x40 && second <= 0xFE && second != 0x7F else { return false }
                    let slot = Int(lead &- 0x81) * 191 + Int(second &- 0x40)
                    var packed = twoByte[slot]
                    if packed == 0 {
                        guard let asked = Self.ask(UnsafeBufferPointer(start: base + i, count: 2)), asked >> 56 <= 3
                        else { return false }
                        // At most three UTF-8 bytes (two-byte GB18030 is all in the BMP): fits 32 bits.
                        packed = UInt32(truncatingIfNeeded: asked & 0xFF_FFFF) | UInt32(truncatingIfNeeded: asked >> 32)
                        twoByte[slot] = packed
                    }
                    store(packed)
                    written += Int(packed >> 24)
                    i += 2
                }
            }
            return true
        }
        out.removeLast(room - written)
        return complete
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
}
