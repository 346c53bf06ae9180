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

    /// A mapped column reads and merges only the blocks it wrote: sums whose first byte starts a
    /// block, sums that straddle two blocks, and lone sums far apart merge and read back exactly,
    /// and every other sum reads as empty.
    @Test func sumsAtBlockEdgesMergeExactly() {
        let count = 300_000
        let stride = MemoryLayout<ExactSum>.stride
        let blockBytes = 1 << ZeroedSums.blockShift
        let a = ZeroedSums(count: count)
        let b = ZeroedSums(count: count)
        #expect(a.isMapped && b.isMapped)
        var reference = [ExactSum](repeating: ExactSum(), count: count)
        var ids: [Int] = []
        for block in Swift.stride(from: 1, to: count * stride / blockBytes, by: 97) {
            let firstInBlock = (block * blockBytes + stride - 1) / stride
            ids += [firstInBlock - 1, firstInBlock]
        }
        ids += [0, count - 1]
        for (k, id) in ids.enumerated() {
            let x = Double(k % 7) - 2.5 + Double(id) / 1e3
            (k % 3 == 0 ? a : b).add(id, x)
            reference[id].add(x)
            if k % 5 == 0 {
                a.add(id, 1.25)
                reference[id].add(1.25)
            }
        }
        a.add(b)
        #expect(Array(SumColumn(a)) == reference)
        #expect(SumColumn(b).filter { !$0.isEmpty }.count == ids.indices.filter { $0 % 3 != 0 }.count)
    }

    @Test func emptyRegistryGivesNoSums() {
        #expect(SumColumn(ZeroedSums(count: 0)).isEmpty)
        #expect(SumColumn(count: 0) == [])
    }
}
