import Testing

@testable import MujunCore

@Suite struct ByteVocabularyTests {
    private func look<V>(_ v: ByteVocabulary<V>, _ text: String) -> V? { v.lookup(text) }

    @Test func everyAliasOfEveryVocabularyFindsItsValue() {
        for (key, value) in EnergyCarrier.aliases { #expect(look(EnergyCarrier.vocabulary, key) == value, "\(key)") }
        for (key, value) in EnergyUnit.aliases { #expect(look(EnergyUnit.vocabulary, key) == value, "\(key)") }
        for (key, value) in AreaUnit.aliases { #expect(look(AreaUnit.vocabulary, key) == value, "\(key)") }
        for (key, value) in Pollutant.aliases { #expect(look(Pollutant.vocabulary, key) == value, "\(key)") }
        for (key, value) in ViolationKind.aliases { #expect(look(ViolationKind.vocabulary, key) == value, "\(key)") }
    }

    @Test func asciiLettersFoldButNothingElseDoes() {
        let v = ByteVocabulary(["kwh": 1, "万kwh": 2, "电力": 3, "a": 4, "ab": 5, "ba": 6, "abc": 7, "m³": 8])
        #expect(look(v, "KWH") == 1)
        #expect(look(v, "kWh") == 1)
        #expect(look(v, "万KWh") == 2)
        #expect(look(v, "电力") == 3)
        #expect(look(v, "A") == 4)
        #expect(look(v, "AB") == 5)
        #expect(look(v, "bA") == 6)
        #expect(look(v, "abC") == 7)
        #expect(look(v, "M³") == 8)
        // Same length, different bytes; lengths no key has; longer than every key; empty.
        #expect(look(v, "kwx") == nil)
        #expect(look(v, "abcd") == nil)
        #expect(look(v, "kwhkwhkwhkwhkwhkwh") == nil)
        #expect(look(v, "") == nil)
        // Folding is ASCII only: '@' (0x40) and '[' (0x5B) sit beside the letters and stay as they are.
        let edges = ByteVocabulary(["`": 1, "{": 2])
        #expect(look(edges, "@") == nil)
        #expect(look(edges, "[") == nil)
        #expect(look(edges, "`") == 1)
    }

    @Test func anEmptyVocabularyFindsNothing() {
        let v = ByteVocabulary([String: Int]())
        #expect(look(v, "x") == nil)
        #expect(look(v, "") == nil)
    }
}

extension ByteVocabularyTests {
    /// Keys are compared by their first 16 bytes packed; longer keys compare the rest byte by byte.
    @Test func keysLongerThanSixteenBytesCompareTheirTails() {
        let v = ByteVocabulary(["abcdefghijklmnopq": 1, "abcdefghijklmnopr": 2, "城镇土地使用税": 3, "abcdefghijklmnop": 4])
        #expect(look(v, "ABCDEFGHIJKLMNOPQ") == 1)
        #expect(look(v, "abcdefghijklmnopR") == 2)
        #expect(look(v, "abcdefghijklmnops") == nil)
        #expect(look(v, "ABCDEFGHIJKLMNOP") == 4)
        #expect(look(v, "城镇土地使用税") == 3)
        #expect(look(v, "城镇土地使用费") == nil)
        #expect(isLandUseTaxType("城镇土地使用税") && isLandUseTaxType("LAND_USE") && !isLandUseTaxType("land_us"))
    }
}

@Suite struct WordMemoTests {
    /// Whatever the order of the cells, the memo answers as the lookup does, and it looks up again
    /// only when the cell changes (never for a repeat of the last one).
    @Test func answersAsTheLookupDoesAndSkipsItForARepeat() {
        let cells = ["电力", "电力", "kWh", "KWH", "万千瓦时", "万千瓦时", "", "", "原煤", "电力x", "电", "天然气管道输送量超过十六", "天然气管道输送量超过十六"]
        var memo = WordMemo<EnergyCarrier>()
        var lookups = 0
        var previous: String? = nil
        for cell in cells {
            var cell = cell
            let expected = cell.withUTF8 { EnergyCarrier(bytes: $0) }
            let before = lookups
            let got = cell.withUTF8 { bytes in
                memo.lookup(bytes) { lookups += 1; return EnergyCarrier(bytes: $0) }
            }
            #expect(got == expected, "\(cell)")
            // The same cell inside a longer buffer (as in a row) is read as two masked words, which
            // must be the words the byte-by-byte route made: the memo answers without a look-up.
            let row = Array(cell.utf8) + Array("x电力,2024-01,电力,5,kWh\n".utf8)
            var wordMemo = WordMemo<EnergyCarrier>()
            var lookedUpAgain = false
            let inRow = row.withUnsafeBufferPointer { whole -> EnergyCarrier? in
                guard let base = whole.baseAddress else { return nil }
                let bytes = UnsafeBufferPointer(rebasing: whole[0..<cell.utf8.count])
                _ = wordMemo.lookup(bytes) { EnergyCarrier(bytes: $0) }
                return wordMemo.lookup(bytes, readableUpTo: base + whole.count) {
                    lookedUpAgain = true
                    return EnergyCarrier(bytes: $0)
                }
            }
            #expect(inRow == expected, "\(cell) in a row")
            #expect(lookedUpAgain == (cell.utf8.count > 16), "\(cell) in a row")
            // Cells longer than 16 bytes are always looked up.
            if cell == previous && cell.utf8.count <= 16 { #expect(lookups == before, "\(cell)") } else { #expect(lookups == before + 1, "\(cell)") }
            previous = cell
        }
    }
}

extension ByteVocabularyTests {
    /// A one-byte class cell is matched without the vocabulary: for every byte, the same answer
    /// the vocabulary gives.
    @Test func oneLetterClassesMatchTheVocabulary() {
        for b in 0...255 {
            let cell = [UInt8(b)]
            let fast = cell.withUnsafeBufferPointer { EnterpriseClass(bytes: $0) }
            let looked = cell.withUnsafeBufferPointer { EnterpriseClass.vocabulary.lookup($0) }
            #expect(fast == looked, "byte \(b)")
        }
        #expect(EnterpriseClass(cell: "t") == .t && EnterpriseClass(cell: "D") == .d)
    }
}
