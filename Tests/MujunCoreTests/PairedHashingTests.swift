import Dispatch
import Testing

@testable import MujunCore

@Suite struct PairedHashingTests {
    @Test func aWaitingBlockIsHashedWithTheNextFilesBlock() {
        let desk = HashDesk()
        let a = SHA256PairTests.message(10_000, seed: 1)
        var b = SHA256PairTests.message(7_001, seed: 2)
        let first = HashStream(desk: desk)
        let second = HashStream(desk: desk)
        a.withUnsafeBytes { first.add($0) }
        #expect(desk.pairs == 0)
        b.withUnsafeBytes { second.add($0) }
        // The second block found the first waiting: both were hashed together, then and there.
        #expect(desk.pairs == 1)
        // Settled: its bytes may change without changing the digest.
        second.settle()
        b[0] ^= 0xFF
        #expect(SHA256.hex(first.finalize()) == SHA256.hash(a))
        b[0] ^= 0xFF
        #expect(SHA256.hex(second.finalize()) == SHA256.hash(b))
    }

    @Test func blocksOfOneFileNeverPairWithEachOther() {
        let desk = HashDesk()
        let message = SHA256PairTests.message(5_000, seed: 3)
        let stream = HashStream(desk: desk)
        message.withUnsafeBytes { raw in
            for start in stride(from: 0, to: raw.count, by: 700) {
                stream.add(UnsafeRawBufferPointer(rebasing: raw[start..<min(start + 700, raw.count)]))
            }
        }
        #expect(desk.pairs == 0)
        #expect(SHA256.hex(stream.finalize()) == SHA256.hash(message))
    }

    @Test func aBlockIsHashedAtOnceWhenNoOtherStreamIsOpen() {
        let desk = HashDesk()
        let a = SHA256PairTests.message(3_000, seed: 4)
        let b = SHA256PairTests.message(2_000, seed: 5)
        let first = HashStream(desk: desk)
        a.withUnsafeBytes { first.add(UnsafeRawBufferPointer(rebasing: $0[..<1_000])) }
        // Alone: no partner could come, so it did not wait for one.
        #expect(desk.waitingBlocks == 0)
        let second = HashStream(desk: desk)
        a.withUnsafeBytes { first.add(UnsafeRawBufferPointer(rebasing: $0[1_000..<2_000])) }
        #expect(desk.waitingBlocks == 1)
        b.withUnsafeBytes { second.add($0) }
        #expect(desk.waitingBlocks == 0 && desk.pairs == 1)
        #expect(SHA256.hex(second.finalize()) == SHA256.hash(b))
        second.close()
        a.withUnsafeBytes { first.add(UnsafeRawBufferPointer(rebasing: $0[2_000...])) }
        #expect(desk.waitingBlocks == 0)
        #expect(SHA256.hex(first.finalize()) == SHA256.hash(a))
        first.close()
    }

    @Test func filesHashedOnManyThreadsKeepTheirDigests() {
        // Eight files, each handed in piece by piece on its own thread; however they pair up,
        // every digest is that file's.
        let desk = HashDesk()
        let files = (0..<8).map { SHA256PairTests.message(20_000 + 977 * $0, seed: UInt64(10 + $0)) }
        let digests = UnsafeMutableBufferPointer<String>.allocate(capacity: files.count)
        digests.initialize(repeating: "")
        defer { digests.deallocate() }
        DispatchQueue.concurrentPerform(iterations: files.count) { f in
            let stream = HashStream(desk: desk)
            files[f].withUnsafeBytes { raw in
                var start = 0
                var piece = 1 + f * 37
                while start < raw.count {
                    let end = min(start + piece, raw.count)
                    stream.add(UnsafeRawBufferPointer(rebasing: raw[start..<end]))
                    start = end
                    piece = piece * 3 % 4_093 + 1
                }
            }
            digests[f] = SHA256.hex(stream.finalize())
            stream.close()
        }
        for (f, file) in files.enumerated() { #expect(digests[f] == SHA256.hash(file), "file \(f)") }
    }
}
