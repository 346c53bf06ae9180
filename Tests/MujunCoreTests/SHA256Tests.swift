import Testing
@testable import MujunCore

@Suite struct SHA256Tests {
    @Test func matchesTheNistVectors() {
        #expect(SHA256.hash([]) == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        #expect(SHA256.hash(Array("abc".utf8)) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(SHA256.hash(Array("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq".utf8))
                == "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
        let long = "abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu"
        #expect(SHA256.hash(Array(long.utf8)) == "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1")
    }

    @Test func hashesOneMillionAs() {
        #expect(SHA256.hash([UInt8](repeating: UInt8(ascii: "a"), count: 1_000_000))
                == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
    }

    @Test func padsCorrectlyAtBlockBoundaries() {
        // Lengths around the 55/56-byte point where the length field spills into a second block.
        let expected: [Int: String] = [
            55: "9f4390f8d30c2dd92ec9f095b65e2b9ae9b0a925a5258e241c9f1e910f734318",
            56: "b35439a4ac6f0948b6d6f9e3c6af0f5f590ce20f1bde7090ef7970686ec6738a",
            63: "7d3e74a05d7db15bce4ad9ec0658ea98e3f06eeecf16b4c6fff2da457ddc2f34",
            64: "ffe054fe7ae0cb6dc65c3af9b61d5209f439851db43d0ba5997337df154668eb",
            119: "31eba51c313a5c08226adf18d4a359cfdfd8d2e816b13f4af952f7ea6584dcfb",
            120: "2f3d335432c70b580af0e8e1b3674a7c020d683aa5f73aaaedfdc55af904c21c",
        ]
        for (n, hex) in expected {
            #expect(SHA256.hash([UInt8](repeating: UInt8(ascii: "a"), count: n)) == hex, "\(n)")
        }
    }

    @Test func chunkedUpdatesEqualOneShot() {
        let message = (0..<130).map { UInt8(truncatingIfNeeded: $0 * 7 + 3) }
        let oneShot = SHA256.hash(message)
        #expect(oneShot == "4d5e47a2e8510a314576c238f6ff19d389d3ef3aaaca8b2e530263a5d15741da")
        for split in 0...130 {
            var hasher = SHA256()
            hasher.update(Array(message[..<split]))
            hasher.update(Array(message[split...]))
            #expect(SHA256.hex(hasher.finalize()) == oneShot, "split at \(split)")
        }
        // Three pieces, through the raw-buffer entry point.
        for first in stride(from: 0, through: 130, by: 13) {
            for second in stride(from: first, through: 130, by: 7) {
                var hasher = SHA256()
                message.withUnsafeBytes { raw in
                    hasher.update(UnsafeRawBufferPointer(rebasing: raw[..<first]))
                    hasher.update(UnsafeRawBufferPointer(rebasing: raw[first..<second]))
                    hasher.update(UnsafeRawBufferPointer(rebasing: raw[second...]))
                }
                #expect(SHA256.hex(hasher.finalize()) == oneShot, "split at \(first), \(second)")
            }
        }
    }

    @Test func byteAtATimeEqualsOneShot() {
        let message = Array("The quick brown fox jumps over the lazy dog, twice: the quick brown fox jumps over the lazy dog".utf8)
        var hasher = SHA256()
        for byte in message { hasher.update([byte]) }
        #expect(SHA256.hex(hasher.finalize()) == SHA256.hash(message))
    }

    @Test func formatsHexInLowerCase() {
        #expect(SHA256.hex([0x00, 0x0f, 0xa0, 0xff]) == "000fa0ff")
        #expect(SHA256.hex([]) == "")
    }
}

@Suite struct SHA256HardwareTests {
    @Test func hardwareAndPortableDigestsAgree() {
        var generator = SystemRandomNumberGenerator()
        for length in [0, 1, 55, 56, 63, 64, 65, 127, 128, 1000, 4096 + 17] {
            let data = (0..<length).map { _ in UInt8.random(in: 0...255, using: &generator) }
            var portable = SHA256(hardware: false)
            var fast = SHA256()
            portable.update(data)
            fast.update(data)
            #expect(portable.finalize() == fast.finalize(), "length \(length)")
        }
    }

    @Test func portableCodeMatchesTheNistVector() {
        var portable = SHA256(hardware: false)
        portable.update(Array("abc".utf8))
        #expect(SHA256.hex(portable.finalize()) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
    }
}

@Suite struct SHA256PairTests {
    /// Seeded bytes, so a failure names lengths that reproduce it.
    static func message(_ length: Int, seed: UInt64) -> [UInt8] {
        var x = seed &* 0x9E37_79B9_7F4A_7C15 | 1
        return (0..<length).map { _ in
            x ^= x << 13
            x ^= x >> 7
            x ^= x << 17
            return UInt8(truncatingIfNeeded: x)
        }
    }

    /// Each message fed in pieces: the first `lead` bytes alone (leaving a partial block), then the
    /// rest of both messages together through the pair update.
    static func pairedDigests(_ a: [UInt8], _ b: [UInt8], leadA: Int, leadB: Int, hardware: Bool) -> ([UInt8], [UInt8]) {
        var first = SHA256(hardware: hardware)
        var second = SHA256(hardware: hardware)
        first.update(Array(a[..<leadA]))
        second.update(Array(b[..<leadB]))
        a.withUnsafeBytes { ra in
            b.withUnsafeBytes { rb in
                SHA256.update(
                    &first, UnsafeRawBufferPointer(rebasing: ra[leadA...]), &second,
                    UnsafeRawBufferPointer(rebasing: rb[leadB...]))
            }
        }
        return (first.finalize(), second.finalize())
    }

    @Test func pairedUpdatesEqualSeparateOnes() {
        // Lengths around block edges and unequal numbers of whole blocks, with and without a
        // partial block waiting from before.
        let lengths = [0, 1, 63, 64, 65, 127, 128, 129, 640, 1000, 4096 + 17]
        for (i, lengthA) in lengths.enumerated() {
            for (j, lengthB) in lengths.enumerated() {
                let a = Self.message(lengthA, seed: UInt64(i + 1))
                let b = Self.message(lengthB, seed: UInt64(100 + j))
                for (leadA, leadB) in [(0, 0), (min(5, lengthA), min(63, lengthB)), (min(64, lengthA), 0)] {
                    for hardware in [true, false] {
                        let (da, db) = Self.pairedDigests(a, b, leadA: leadA, leadB: leadB, hardware: hardware)
                        #expect(SHA256.hex(da) == SHA256.hash(a), "\(lengthA)/\(lengthB) lead \(leadA)/\(leadB)")
                        #expect(SHA256.hex(db) == SHA256.hash(b), "\(lengthA)/\(lengthB) lead \(leadA)/\(leadB)")
                    }
                }
            }
        }
    }

    @Test func pairedUpdatesMatchTheNistVectors() {
        // The two-message kernel on its own: both messages long, of equal length.
        let million = [UInt8](repeating: UInt8(ascii: "a"), count: 1_000_000)
        let abc = Array(
            String(repeating: "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq", count: 1).utf8)
        let (da, db) = Self.pairedDigests(million, million, leadA: 0, leadB: 0, hardware: true)
        #expect(SHA256.hex(da) == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
        #expect(SHA256.hex(db) == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
        let (dm, dabc) = Self.pairedDigests(million, abc, leadA: 0, leadB: 0, hardware: true)
        #expect(SHA256.hex(dm) == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
        #expect(SHA256.hex(dabc) == "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
    }
}
