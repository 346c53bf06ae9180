import Testing
@testable import MujunCore

@Suite struct ShortCopyTests {
    /// Every length from 0 to 150 (each word size's edges, and past the in-line limit of 64), at
    /// several alignments: exactly the source's bytes land, and nothing either side is touched.
    @Test func copiesExactlyTheBytesAtEveryLength() {
        var rng = SystemRandomNumberGenerator()
        let source = (0..<200).map { _ in UInt8.random(in: 0...255, using: &rng) }
        for n in 0...150 {
            for offset in 0..<4 {
                var target = [UInt8](repeating: 0xA5, count: 200)
                source.withUnsafeBufferPointer { s in
                    target.withUnsafeMutableBufferPointer { t in
                        copyShortBytes(t.baseAddress! + 8 + offset, from: s.baseAddress! + offset, count: n)
                    }
                }
                #expect(Array(target[(8 + offset)..<(8 + offset + n)]) == Array(source[offset..<(offset + n)]), "n \(n)")
                #expect(target[0..<(8 + offset)].allSatisfy { $0 == 0xA5 }, "n \(n): bytes before")
                #expect(target[(8 + offset + n)...].allSatisfy { $0 == 0xA5 }, "n \(n): bytes after")
            }
        }
    }
}
