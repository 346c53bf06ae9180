import Testing

@testable import MujunCore

@Suite struct CodeIndexTests {
    @Test func findsEveryKeyItWasGivenAndNothingElse() {
        var index = CodeIndex()
        var rng = SystemRandomNumberGenerator()
        // Keys that share halves, keys near each other, and random ones, across several resizes.
        var keys: [UInt128] = [0, 1, UInt128(1) << 64, (UInt128(1) << 64) | 1, UInt128.max >> 1]
        for _ in 0..<5_000 { keys.append(UInt128.random(in: 0...(UInt128(1) << 90), using: &rng)) }
        keys = Array(Set(keys))
        var codes = keys.map { USCC(key: $0) }
        for id in codes.indices { index.insert(id: id, in: codes) }
        #expect(index.count == keys.count)
        for (id, key) in keys.enumerated() { #expect(index.id(of: key, in: codes) == id) }
        let known = Set(keys)
        for _ in 0..<5_000 {
            let other = UInt128.random(in: 0...(UInt128(1) << 90), using: &rng)
            if !known.contains(other) { #expect(index.id(of: other, in: codes) == nil) }
        }
        // A key inserted again keeps its first id.
        codes.append(codes[3])
        index.insert(id: codes.count - 1, in: codes)
        #expect(index.id(of: keys[3], in: codes) == 3)
        #expect(index.count == keys.count)
    }

    /// Entering the registry's codes on two threads, one half of the table each, gives what
    /// entering them one by one gives: the same codes entered (the first of equal ones), the same
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

        var reference = Registry()
        let expected = codes.map { reference.appendCodeIfNew($0) }
        var registry = Registry()
        let entered = registry.enterCodes(codes)

        #expect(entered == expected)
        #expect(registry.codes == reference.codes)
        #expect(registry.count == Set(keys).count)
        for code in codes { #expect(registry.id(of: code) == reference.id(of: code)) }
        for _ in 0..<5_000 {
            let other = USCC(key: UInt128.random(in: 0...(UInt128(1) << 90), using: &rng))
            #expect(registry.id(of: other) == reference.id(of: other))
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
        ]
        for sequence in sequences {
            let owner = CodeCache.Owner()
            withExtendedLifetime(owner) {
                for code in sequence { #expect(owner.cache.id(of: code, in: registry) == registry.id(of: code)) }
            }
        }
    }
}
