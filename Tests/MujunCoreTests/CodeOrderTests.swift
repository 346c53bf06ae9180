import Testing

@testable import MujunCore

@Suite struct CodeOrderTests {
    /// Distinct pseudo-random keys below 31^18, as credit codes.
    private func codes(_ count: Int) -> [USCC] {
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        var seen = Set<UInt128>()
        var codes: [USCC] = []
        while codes.count < count {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            let key = UInt128(state >> 8) * 1_000_003 % (UInt128(1) << 89)
            if seen.insert(key).inserted { codes.append(USCC(key: key)) }
        }
        return codes
    }

    @Test func idsAreInCodeOrder() {
        let codes = codes(5_000)
        let order = CodeOrder(codes)
        let inOrder = order.ids.map { codes[Int($0)] } == codes.sorted()
        #expect(inOrder)
    }

    @Test func groupedIsAStableCountingSortOverTheCodeOrder() {
        // Enough ids for several parallel ranges, buckets of very different sizes, some left out.
        let codes = codes(300_000)
        let order = CodeOrder(codes)
        let bucket = { (id: Int) -> Int? in id % 7 == 3 ? nil : (id % 11 == 0 ? 4 : id % 3) }
        var expected: [Int] = []
        for b in 0..<6 { expected += order.ids.map { Int($0) }.filter { bucket($0) == b } }
        let grouped = order.grouped(buckets: 6, bucket)
        // Compared here, not inside #expect: a failure would print both 260 000-element arrays.
        let firstDifference = zip(grouped, expected).enumerated().first { $0.element.0 != $0.element.1 }?.offset
        #expect(grouped.count == expected.count)
        #expect(firstDifference == nil)
        #expect(order.grouped(buckets: 6) { _ in nil }.isEmpty)
    }
}
