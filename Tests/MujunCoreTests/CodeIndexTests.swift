import Testing

@testable import MujunCore

@Suite struct CodeIndexTests {
    @Test func findsEveryKeyItWasGivenAndNothingElse() {
        var rng = SystemRandomNumberGenerator()
        // Keys that share halves, keys near each other, and random ones.
        var keys: [UInt128] = [0, 1, UInt128(1) << 64, (UInt128(1) << 64) | 1, UInt128.max >> 1]
        for _ in 0..<5_000 { keys.append(UInt128.random(in: 0...(UInt128(1) << 90), using: &rng)) }
        keys = Array(Set(keys))
        let codes = keys.map { USCC(key: $0) }
        let (index, entered) = CodeIndex.entering(codes)
        #expect(entered.allSatisfy { $0 })
        #expect(index.count == keys.count)
        for (id, key) in keys.enumerated() { #expect(index.id(of: key, in: codes) == id) }
        let known = Set(keys)
        for _ in 0..<5_000 {
            let other = UInt128.random(in: 0...(UInt128(1) << 90), using: &rng)
            if !known.contains(other) { #expect(index.id(of: other, in: codes) == nil) }
        }
        // A key entered again keeps its first id.
        let (again, enteredAgain) = CodeIndex.entering(codes + [codes[3]])
        #expect(enteredAgain.last == false)
        #expect(again.id(of: keys[3], in: codes) == 3)
        #expect(again.count == keys.count)
        // No code: nothing found.
        #expect(CodeIndex.entering([]).index.id(of: keys[0], in: []) == nil)
    }

    /// Entering the registry's codes on two threads, one half of the table each, gives what
    /// entering them one by one would: the same codes entered (the first of equal ones), the same
    /// ids, nothing else found.
    @Test func enteringInHalvesMatchesEnteringOneByOne() {
        var rng = SystemRandomNumberGenerator()
        var keys: [UInt128] = []
        for _ in 0..<60_000 { keys.append(UInt128.random(in: 0...(UInt128(1) << 90), using: &rng)) }
        // Repeats: right after, far after, and several times.
        var candidates = keys
        for k in Swift.stride(from: 0, to: 60_000, by: 7) { candidates.insert(keys[k], at: min(candidates.count, k + 1)) }
        for k in Swift.stride(from: 3, to: 60_000, by: 11) { candidates.append(keys[k]) }
        candidates.append(contentsOf: [keys[5], keys[5], keys[59_999]])
        let codes = candidates.map { USCC(key: $0) }

        // One by one: a code's id is its place among the first occurrences.
        var firstID: [UInt128: Int] = [:]
        var expectedCodes: [USCC] = []
        let expected = codes.map { code -> Bool in
            guard firstID[code.key] == nil else { return false }
            firstID[code.key] = expectedCodes.count
            expectedCodes.append(code)
            return true
        }
        var registry = Registry()
        let entered = registry.enterCodes(codes)

        #expect(entered == expected)
        #expect(registry.codes == expectedCodes)
        #expect(registry.count == Set(keys).count)
        for code in codes { #expect(registry.id(of: code) == firstID[code.key]) }
        for _ in 0..<5_000 {
            let other = USCC(key: UInt128.random(in: 0...(UInt128(1) << 90), using: &rng))
            #expect(registry.id(of: other) == firstID[other.key])
        }
    }

    @Test func theCodeCacheAgreesWithTheIndexWhateverTheOrderOfLookUps() throws {
        let codes = try (1...40).map { try #require(USCC(Fixture.code($0))) }
        let registry = registry(of: codes)
        let stranger = try #require(USCC(Fixture.code(77)))
        var rng = SystemRandomNumberGenerator()
        // Registry order (the predicted path), runs of repeats, shuffled, and unknown codes between.
        let sequences: [[USCC]] = [
            codes, codes.flatMap { [$0, $0, $0] }, codes.shuffled(using: &rng),
            [codes[0], stranger, codes[1], codes[2], stranger, codes[39], codes[0]],
            // Subsets in registry order: gaps within the look-ahead, at its edge and past it, up
            // to the registry's last code and beyond it.
            stride(from: 0, to: 40, by: 3).map { codes[$0] },
            [codes[0], codes[8], codes[16], codes[25], codes[33], codes[39], stranger, codes[39]],
            [codes[2], codes[9], codes[10], codes[18], codes[27], codes[36], codes[38]],
        ]
        for sequence in sequences {
            let owner = CodeCache.Owner()
            withExtendedLifetime(owner) {
                for code in sequence { #expect(owner.cache.id(of: code, in: registry) == registry.id(of: code)) }
            }
        }
    }

    @Test func aFastPathCodeCellFindsRegistryCodesOnlyAndLeavesTheRestUnremembered() throws {
        let codes = try (1...40).map { try #require(USCC(Fixture.code($0))) }
        let registry = registry(of: codes)
        func id(_ text: String, _ cache: CodeCache) -> Int? {
            var bytes = Array(text.utf8)
            return bytes.withUnsafeMutableBufferPointer { cache.registeredID(parsing: UnsafeBufferPointer($0), in: registry) }
        }
        func parsed(_ text: String, _ cache: CodeCache) -> USCC? {
            var bytes = Array(text.utf8)
            return bytes.withUnsafeMutableBufferPointer { cache.code(parsing: UnsafeBufferPointer($0)) }
        }
        let owner = CodeCache.Owner()
        withExtendedLifetime(owner) {
            let cache = owner.cache
            // Registry codes, in order, repeated, with gaps, lower-cased: their ids.
            for n in [1, 1, 2, 5, 5, 40, 3] { #expect(id(Fixture.code(n), cache) == n - 1) }
            #expect(id(Fixture.code(7).lowercased(), cache) == 6)
            // A valid code not in the registry, a registry code with a wrong check character, and
            // cells that are no code at all: nil, and nothing remembered — the bad code is still
            // bad to the checked parse right after, and the code before it is still found.
            #expect(id(Fixture.code(77), cache) == nil)
            for text in [Fixture.badCode(8), Fixture.badCode(8), "91330000000000008", "9133000000000000I8", ""] {
                #expect(id(text, cache) == nil)
                #expect(parsed(text, cache) == nil)
            }
            #expect(id(Fixture.code(8), cache) == 7)
            #expect(parsed(Fixture.code(8), cache) == codes[7])
            // The unchecked key is the checked one for a valid code.
            for code in codes {
                var bytes = Array(code.description.utf8)
                let key = bytes.withUnsafeMutableBufferPointer { USCC.uncheckedKey(UnsafeBufferPointer($0)) }
                #expect(key == code.key)
            }
        }
    }
}
