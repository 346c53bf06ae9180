import CIntrinsics
import Testing
@testable import MujunCore

@Suite struct USCCTests {
    private func fromBytes(_ s: String) -> USCC? {
        Array(s.utf8).withUnsafeBufferPointer { USCC(bytes: $0) }
    }

    /// A random valid code, built with `checkCharacter(for:)`.
    private func randomCode(_ rng: inout some RandomNumberGenerator) -> String {
        let alphabet = Array("0123456789ABCDEFGHJKLMNPQRTUWXY")
        let first17 = String((0..<17).map { _ in alphabet[Int.random(in: 0..<31, using: &rng)] })
        guard let check = USCC.checkCharacter(for: first17) else { return "" }
        return first17 + String(check)
    }

    /// The table-driven parser agrees with the definition (base-31 key, weighted check character)
    /// on random valid codes and on each of them with one byte changed to any other byte.
    @Test func parserMatchesTheDefinition() {
        func reference(_ s: [UInt8]) -> UInt128? {
            guard s.count == 18 else { return nil }
            var values: [Int] = []
            for b in s {
                guard let v = USCC.value(of: b) else { return nil }
                values.append(v)
            }
            guard values[17] == USCC.checkValue(values) else { return nil }
            return values.reduce(UInt128(0)) { $0 * 31 + UInt128($1) }
        }
        var rng = SystemRandomNumberGenerator()
        for _ in 0..<300 {
            let code = Array(randomCode(&rng).utf8)
            #expect(code.withUnsafeBufferPointer { USCC(bytes: $0)?.key } == reference(code))
            #expect(reference(code) != nil)
            let position = Int.random(in: 0..<18, using: &rng)
            for byte in 0...255 {
                var changed = code
                changed[position] = UInt8(byte)
                #expect(changed.withUnsafeBufferPointer { USCC(bytes: $0)?.key } == reference(changed))
            }
        }
    }

    /// The C table the parser reads is `value(of:)` for every byte.
    @Test func characterTableMatchesTheAlphabet() {
        for byte in 0...255 {
            let expected = USCC.value(of: UInt8(byte)).map { UInt8($0) } ?? 0xFF
            #expect(mujun_uscc_value(UInt8(byte)) == expected, "byte \(byte)")
        }
    }

    @Test func acceptsTheSpecExamples() {
        #expect(USCC("91110000600037341L")?.description == "91110000600037341L")
        #expect(USCC("91350100M000100Y43")?.description == "91350100M000100Y43")
        #expect(fromBytes("91110000600037341L") != nil)
        #expect(fromBytes("91350100M000100Y43") != nil)
    }

    @Test func rejectsWrongCheckCharacter() {
        #expect(USCC("91350100M000100Y44") == nil)
        #expect(fromBytes("91350100M000100Y44") == nil)
        #expect(USCC.checkCharacter(for: "91350100M000100Y4") == "3")
        #expect(USCC.checkCharacter(for: "91110000600037341") == "L")
        #expect(USCC("91110000600037341K") == nil)
    }

    @Test func rejectsCharactersOutsideTheAlphabet() {
        #expect(USCC("91350100M000100Y4Z") == nil)
        #expect(fromBytes("91350100M000100Y4Z") == nil)
        // Each of I, O, S, V, Z in a body position is refused whatever the check character.
        for letter in ["I", "O", "S", "V", "Z"] {
            let body = "9135010" + letter + "M000100Y4"
            #expect(USCC.checkCharacter(for: body) == nil, "\(letter)")
            for check in "0123456789ABCDEFGHJKLMNPQRTUWXY" {
                #expect(USCC(body + String(check)) == nil, "\(letter)\(check)")
            }
        }
        #expect(USCC("91350100M000100Y4３") == nil)
        #expect(USCC("91350100M000100Y4-") == nil)
    }

    @Test func acceptsLowerCaseInput() {
        let code = USCC("91350100m000100y43")
        #expect(code?.description == "91350100M000100Y43")
        #expect(code == USCC("91350100M000100Y43"))
        #expect(fromBytes("91110000600037341l")?.description == "91110000600037341L")
        #expect(USCC.checkCharacter(for: "91350100m000100y4") == "3")
    }

    @Test func rejectsWrongLengths() {
        #expect(USCC("91110000600037341") == nil)
        #expect(USCC("91110000600037341L0") == nil)
        #expect(USCC("") == nil)
        #expect(USCC(" 91110000600037341L") == nil)
        #expect(fromBytes("91350100M000100Y43 ") == nil)
        #expect(USCC.checkCharacter(for: "9135010") == nil)
        #expect(USCC.checkCharacter(for: "91350100M000100Y43") == nil)
    }

    @Test func roundTripsThroughKey() {
        var rng = SystemRandomNumberGenerator()
        for _ in 0..<200 {
            let s = randomCode(&rng)
            guard let code = USCC(s) else {
                Issue.record("generated code \(s) rejected")
                continue
            }
            #expect(code.description == s)
            #expect(USCC(key: code.key) == code)
            #expect(fromBytes(s) == code)
        }
        #expect(USCC("000000000000000000")?.key == 0)
        // A key no code parses to prints (modulo 31^18) instead of trapping.
        #expect(USCC(key: UInt128.max).description.utf8.count == 18)
    }

    /// A key's characters are its base-31 digits, most significant first, modulo 31^18 — laid out
    /// from tables, checked against a plain division per character.
    @Test func laysOutEveryKeyAsItsBase31Digits() {
        func reference(_ key: UInt128) -> String {
            let alphabet = Array("0123456789ABCDEFGHJKLMNPQRTUWXY")
            var rest = key
            var characters: [Character] = []
            for _ in 0..<18 {
                characters.append(alphabet[Int(rest % 31)])
                rest /= 31
            }
            return String(characters.reversed())
        }
        var rng = SystemRandomNumberGenerator()
        let whole = USCC.halfRadix * USCC.halfRadix  // 31^18
        var keys: [UInt128] = [0, 1, 30, 31, 960, 961, 29_790, 29_791, USCC.halfRadix - 1, USCC.halfRadix,
                               whole - 1, whole, UInt128.max]
        for _ in 0..<5000 { keys.append(UInt128.random(in: 0..<whole, using: &rng)) }
        for _ in 0..<200 { keys.append(UInt128.random(in: whole...UInt128.max, using: &rng)) }
        for key in keys {
            #expect(USCC(key: key).description == reference(key), "key \(key)")
        }
    }

    @Test func ordersLikeTheStrings() {
        var rng = SystemRandomNumberGenerator()
        var strings = (0..<400).map { _ in randomCode(&rng) }
        // Codes that differ only late, to exercise the low digits of the key.
        strings += ["91110000600037341L", "91350100M000100Y43", "91350100M000100Y43"]
        let codes = strings.compactMap { USCC($0) }
        #expect(codes.count == strings.count)
        #expect(codes.sorted().map(\.description) == strings.sorted())
        for _ in 0..<400 {
            let a = codes[Int.random(in: 0..<codes.count, using: &rng)]
            let b = codes[Int.random(in: 0..<codes.count, using: &rng)]
            #expect((a < b) == (a.description < b.description))
            #expect((a == b) == (a.description == b.description))
        }
    }

    @Test func hashesEqualCodesAlike() {
        let set = Set(["91110000600037341L", "91110000600037341l", "91350100M000100Y43"].compactMap { USCC($0) })
        #expect(set.count == 2)
    }
}
