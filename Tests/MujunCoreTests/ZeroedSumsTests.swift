import Testing
@testable import MujunCore

@Suite struct ZeroedSumsTests {
    /// Two workers' zeroed sums, merged, equal one array of `ExactSum`s fed every addend; ids no
    /// worker touched stay empty (a sum over no rows). A small column comes from `calloc`, a
    /// large one (7 MB) from a mapping of its own.
    @Test(arguments: [1_000, 300_000]) func mergedWorkersEqualOneArray(count: Int) {
        let a = ZeroedSums(count: count)
        let b = ZeroedSums(count: count)
        #expect(a.isMapped == (count == 300_000))
        var reference = [ExactSum](repeating: ExactSum(), count: count)
        var rng = SystemRandomNumberGenerator()
        for k in 0..<(count / 6) {
            let id = Int.random(in: 0..<count / 2, using: &rng) * 2
            let x = Double.random(in: -1e6...1e6, using: &rng)
            (k % 3 == 0 ? a : b).add(id, x)
            reference[id].add(x)
        }
        a.add(b)
        let merged = SumColumn(a)
        #expect(merged.count == count)
        #expect(Array(merged) == reference)
        #expect(merged == SumColumn(reference))
        #expect(merged[1].isEmpty && merged[count - 1].isEmpty)
        #expect(merged.contains { !$0.isEmpty })
    }

    @Test func emptyRegistryGivesNoSums() {
        #expect(SumColumn(ZeroedSums(count: 0)).isEmpty)
        #expect(SumColumn(count: 0) == [])
    }
}
