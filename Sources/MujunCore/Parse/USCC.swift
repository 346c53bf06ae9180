// Unified social credit codes, GB 32100-2015 (SPEC §3.1).

import CIntrinsics

/// A valid unified social credit code (统一社会信用代码), packed into one integer.
///
/// The 18 characters come from the alphabet `0123456789ABCDEFGHJKLMNPQRTUWXY`
/// (values 0–30) and are packed in base 31, first character most significant.
/// The alphabet is in ASCII order, so comparing keys compares the codes as
/// strings, and a code's value fits in 90 bits.
public struct USCC: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// The code in base 31, first character most significant.
    public var key: UInt128

    /// The code's characters, in value order.
    public static let alphabet: [UInt8] = Array("0123456789ABCDEFGHJKLMNPQRTUWXY".utf8)

    /// 31^9: a key is (its first nine characters) · 31^9 + (its last nine), each half a UInt64.
    static let halfRadix: UInt128 = 26_439_622_160_671

    /// Weights of positions 1–17: 3^(i−1) mod 31.
    static let weights: [Int] = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]

    /// A code from its packed key, as produced by ``key``.
    ///
    /// The key is not checked; use it only with keys taken from a `USCC`.
    ///
    /// - Parameters:
    ///   - key: the packed code.
    public init(key: UInt128) {
        self.key = key
    }

    /// Parses and checks a code given as text.
    ///
    /// ASCII lower-case letters are upper-cased first (SPEC §3: codes are
    /// normalised, trimmed and upper-cased; the text must already be trimmed).
    ///
    /// - Parameters:
    ///   - s: the code, already trimmed.
    /// - Returns: `nil` unless `s` is exactly 18 alphabet characters whose last is the right check character.
    public init?(_ s: String) {
        var s = s
        guard let key = s.withUTF8({ USCC.parse($0) }) else { return nil }
        self.key = key
    }

    /// Parses and checks a code given as UTF-8 bytes, without creating a `String`.
    ///
    /// ASCII lower-case letters are upper-cased first.
    ///
    /// - Parameters:
    ///   - bytes: the code, already trimmed.
    /// - Returns: `nil` unless the bytes are exactly 18 alphabet characters whose last is the right check character.
    public init?(bytes: UnsafeBufferPointer<UInt8>) {
        guard let key = USCC.parse(bytes) else { return nil }
        self.key = key
    }

    /// The 18-character code.
    public var description: String {
        String(unsafeUninitializedCapacity: 18) { out in
            guard let base = out.baseAddress else { return 0 }
            layOut(at: base)
            return 18
        }
    }

    /// Writes the code's 18 characters at `out`.
    ///
    /// The key (below 31^18 < 2^90) splits into two halves of nine characters, a UInt64 each, with
    /// one full-width division (the high word is below 31^9, so it cannot overflow): a generic
    /// 128-bit division per character costs several times more, and every table has a code column.
    @inline(__always)
    func layOut(at out: UnsafeMutablePointer<UInt8>) {
        let divisor = UInt64(truncatingIfNeeded: USCC.halfRadix)
        let top = UInt64(truncatingIfNeeded: key >> 64)
        let (high, low): (UInt64, UInt64)
        if top < divisor {
            (high, low) = divisor.dividingFullWidth((high: top, low: UInt64(truncatingIfNeeded: key)))
        } else {
            // Not a key `parse` makes; printed modulo 31^18 rather than trapping.
            let r = key % (USCC.halfRadix * USCC.halfRadix)
            (high, low) = divisor.dividingFullWidth(
                (high: UInt64(truncatingIfNeeded: r >> 64), low: UInt64(truncatingIfNeeded: r)))
        }
        USCC.layOutHalf(high, at: out)
        USCC.layOutHalf(low, at: out + 9)
    }

    /// Nine characters of a half (taken modulo 31^9) at `out`: three groups of three characters
    /// (31^3 = 29,791), each a character and a pair from constant tables — five divisions by
    /// constants instead of nine (a code's characters are laid out for every row of a table).
    @inline(__always)
    private static func layOutHalf(_ half: UInt64, at out: UnsafeMutablePointer<UInt8>) {
        let radix = UInt64(truncatingIfNeeded: USCC.halfRadix)
        let h = half < radix ? half : half % radix
        let top = h / 887_503_681  // 31^6
        let rest = h &- top &* 887_503_681
        let middle = rest / 29_791
        layOutThree(top, at: out)
        layOutThree(middle, at: out + 3)
        layOutThree(rest &- middle &* 29_791, at: out + 6)
    }

    /// Three characters of `group` (below 31^3) at `out`.
    @inline(__always)
    private static func layOutThree(_ group: UInt64, at out: UnsafeMutablePointer<UInt8>) {
        let first = group / 961
        out[0] = mujun_uscc_character(UInt32(truncatingIfNeeded: first))
        UnsafeMutableRawPointer(out + 1).storeBytes(
            of: UInt16(littleEndian: mujun_uscc_pair(UInt32(truncatingIfNeeded: group &- first &* 961))), as: UInt16.self)
    }

    /// Orders codes as their strings order.
    public static func < (lhs: USCC, rhs: USCC) -> Bool {
        lhs.key < rhs.key
    }

    /// The check character that completes the first 17 characters of a code.
    ///
    /// - Parameters:
    ///   - first17: 17 alphabet characters (ASCII lower-case letters are upper-cased).
    /// - Returns: the 18th character, or `nil` when `first17` is not 17 alphabet characters.
    public static func checkCharacter(for first17: String) -> Character? {
        var values = [Int]()
        values.reserveCapacity(17)
        for c in first17.utf8 {
            guard let v = value(of: c) else { return nil }
            values.append(v)
            if values.count > 17 { return nil }
        }
        guard values.count == 17 else { return nil }
        return Character(Unicode.Scalar(alphabet[checkValue(values)]))
    }

    /// The check value of the first 17 character values (SPEC §3.1).
    static func checkValue(_ values: [Int]) -> Int {
        var sum = 0
        for i in 0..<17 { sum += values[i] * weights[i] }
        return (31 - sum % 31) % 31
    }

    /// The alphabet value of an ASCII byte, upper-casing letters; `nil` outside the alphabet.
    @inline(__always)
    static func value(of byte: UInt8) -> Int? {
        var c = byte
        if c >= UInt8(ascii: "a") && c <= UInt8(ascii: "z") { c -= 0x20 }
        switch c {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return Int(c - UInt8(ascii: "0"))
        case UInt8(ascii: "A")...UInt8(ascii: "H"): return Int(c - UInt8(ascii: "A")) + 10
        case UInt8(ascii: "J")...UInt8(ascii: "N"): return Int(c - UInt8(ascii: "J")) + 18
        case UInt8(ascii: "P"), UInt8(ascii: "Q"), UInt8(ascii: "R"): return Int(c - UInt8(ascii: "P")) + 23
        case UInt8(ascii: "T"), UInt8(ascii: "U"): return Int(c - UInt8(ascii: "T")) + 26
        case UInt8(ascii: "W"), UInt8(ascii: "X"), UInt8(ascii: "Y"): return Int(c - UInt8(ascii: "W")) + 28
        default: return nil
        }
    }

    /// The packed key of a checked code, or `nil`.
    private static func parse(_ b: UnsafeBufferPointer<UInt8>) -> UInt128? { packed(b, checking: true) }

    /// The packed key of 18 alphabet characters whose last is not checked against the others, or
    /// `nil`. Only for a key that is then found among checked codes (the registry's): the key holds
    /// all 18 characters, so a found key is that checked code's.
    static func uncheckedKey(_ b: UnsafeBufferPointer<UInt8>) -> UInt128? { packed(b, checking: false) }

    @inline(__always)
    private static func packed(_ b: UnsafeBufferPointer<UInt8>, checking: Bool) -> UInt128? {
        guard b.count == 18, let p = b.baseAddress else { return nil }
        // Nine characters at a time in base 31 fit a UInt64 (31^9 < 2^50); the halves are joined
        // once at the end. An invalid byte's 0xFF sets the high bit of `invalid`.
        var invalid: UInt8 = 0
        var sum = 0
        var weight = 1
        /// The characters at `positions` in base 31, their weighted values added to `sum`.
        func digits(_ positions: Range<Int>) -> UInt64 {
            var half: UInt64 = 0
            for i in positions {
                let v = mujun_uscc_value(p[i])
                invalid |= v
                half = half &* 31 &+ UInt64(v)
                if checking {
                    sum &+= Int(v) &* weight
                    // The weights are 3^(i−1) mod 31, and only the sum modulo 31 counts: stepped
                    // as plain powers of three (3^16 · 30 · 17 fits an Int easily), the sum is
                    // reduced once at the end, not each weight per character (a modulo in the
                    // loop's one serial chain).
                    weight = weight &* 3
                }
            }
            return half
        }
        let high = digits(0..<9)
        var low = digits(9..<17)
        let check = mujun_uscc_value(p[17])
        guard invalid & 0x80 == 0, check != 0xFF, !checking || Int(check) == (31 - sum % 31) % 31 else { return nil }
        low = low &* 31 &+ UInt64(check)
        return UInt128(high) &* USCC.halfRadix &+ UInt128(low)
    }
}
