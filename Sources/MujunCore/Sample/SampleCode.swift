import Foundation

/// Unified social credit codes (GB 32100-2015) for the sample: building codes that look real and
/// checking them, independent of the pipeline's own parser.
enum SampleCode {
    /// The 31 characters of the code alphabet, in value order (no I, O, S, V, Z).
    static let alphabet: [UInt8] = Array("0123456789ABCDEFGHJKLMNPQRTUWXY".utf8)

    /// Weights of positions 1–17 (3^(i−1) mod 31).
    static let weights: [Int] = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]

    /// Value of each byte in the alphabet, or −1.
    private static let values: [Int8] = {
        var table = [Int8](repeating: -1, count: 256)
        for (v, c) in alphabet.enumerated() { table[Int(c)] = Int8(v) }
        return table
    }()

    /// The check value of the first 17 characters, or nil when one is outside the alphabet.
    static func checkValue<C: Collection>(_ first17: C) -> Int? where C.Element == UInt8 {
        guard first17.count == 17 else { return nil }
        var sum = 0
        for (position, byte) in first17.enumerated() {
            let v = Int(values[Int(byte)])
            guard v >= 0 else { return nil }
            sum += v * weights[position]
        }
        return (31 - sum % 31) % 31
    }

    /// Whether `code` is 18 characters of the alphabet with the right check character
    /// (after trimming and upper-casing, as SPEC §3 normalises).
    static func isValid(_ code: String) -> Bool {
        let bytes = Array(code.trimmingCharacters(in: .whitespaces).uppercased().utf8)
        guard bytes.count == 18, let check = checkValue(bytes[0..<17]) else { return false }
        return bytes[17] == alphabet[check]
    }

    private static let modulus31 = 27_512_614_111  // 31^7

    /// The code of enterprise `index`: `91`, the region code, a 9-character organisation code
    /// and the check character. Distinct indices give distinct codes (the organisation code is a
    /// bijection of the index), so codes past the registry's size are valid but unknown.
    ///
    /// - Parameters:
    ///   - region: six ASCII digits.
    ///   - oldStyle: an organisation code of the pre-2015 kind (8 digits and a GB 11714 check);
    ///     otherwise the `MA…` kind given to newer firms.
    static func make(index: Int, region: [UInt8], oldStyle: Bool) -> [UInt8] {
        var code: [UInt8] = [UInt8(ascii: "9"), UInt8(ascii: "1")]
        code.append(contentsOf: region.prefix(6))
        if oldStyle && index < 10_000_000 {
            // Leading digit from a small set, then 7 digits that are a bijection of the index.
            let leads: [UInt8] = Array("1356".utf8)
            var digits = [leads[index % leads.count]]
            let once = (index &* 6_364_137 &+ 2_718_281) % 10_000_000
            var t = (once &* 4_391_773 &+ 1_234_577) % 10_000_000
            var tail = [UInt8](repeating: 0, count: 7)
            for k in stride(from: 6, through: 0, by: -1) {
                tail[k] = UInt8(ascii: "0") + UInt8(t % 10)
                t /= 10
            }
            digits.append(contentsOf: tail)
            let w = [3, 7, 9, 10, 5, 8, 4, 2]
            var s = 0
            for k in 0..<8 { s += Int(digits[k] - UInt8(ascii: "0")) * w[k] }
            let c = 11 - s % 11
            digits.append(c == 10 ? UInt8(ascii: "X") : c == 11 ? UInt8(ascii: "0") : UInt8(ascii: "0") + UInt8(c))
            code.append(contentsOf: digits)
        } else {
            code.append(UInt8(ascii: "M"))
            code.append(UInt8(ascii: "A"))
            var t = (index &* 9_876_543_211 &+ 1_234_567_890) % modulus31
            var tail = [UInt8](repeating: 0, count: 7)
            for k in stride(from: 6, through: 0, by: -1) {
                tail[k] = alphabet[t % 31]
                t /= 31
            }
            code.append(contentsOf: tail)
        }
        let check = checkValue(code[0..<17]) ?? 0
        code.append(alphabet[check])
        return code
    }

    /// The same code with a wrong check character (`shift` in 1…30 picks which one).
    static func corrupted(_ code: ArraySlice<UInt8>, shift: Int) -> [UInt8] {
        var c = Array(code)
        let check = checkValue(c[0..<17]) ?? 0
        c[17] = alphabet[(check + 1 + shift % 30) % 31]
        return c
    }
}
