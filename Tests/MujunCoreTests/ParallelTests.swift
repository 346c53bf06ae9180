import Dispatch
import Foundation
import Testing

@testable import MujunCore

@Suite struct ParallelTests {
    @Test func resultsComeInIndexOrder() {
        #expect(Parallel.map(0) { $0 }.isEmpty)
        #expect(Parallel.map(1) { $0 * 3 } == [0])
        #expect(Parallel.map(1000) { $0 * $0 } == (0..<1000).map { $0 * $0 })
        // Optional results stay as they are, nil included.
        #expect(Parallel.map(4) { $0 % 2 == 0 ? nil : $0 } == [nil, 1, nil, 3])
    }

    @Test func anArrayBuiltInRangesIsTheMap() {
        // Below, at and above the size that is split, with a range minimum that splits small arrays.
        for count in [0, 1, 7, 31, 32, 33, 1000] {
            #expect(Parallel.array(count, minimum: 16) { "\($0 * 3)" } == (0..<count).map { "\($0 * 3)" })
            #expect(Parallel.array(count, minimum: 16) { $0 % 3 == 0 ? nil : $0 } == (0..<count).map { $0 % 3 == 0 ? nil : $0 })
        }
    }

    @Test func concatenatedPartsAreTheJoinedArray() {
        var rng = SystemRandomNumberGenerator()
        // Small totals (joined on one thread), large ones (copied part by part), empty parts
        // anywhere, one part, none.
        for sizes in [[], [0], [5], [3, 0, 4], [40_000], [0, 20_000, 0, 17_000, 1], [9_000, 9_000, 9_000, 9_000, 0]] {
            let parts = sizes.map { n in (0..<n).map { _ in Int.random(in: 0...Int.max, using: &rng) } }
            let same = Parallel.concatenated(parts) == Array(parts.joined())
            #expect(same, "\(sizes)")
        }
        let texts = [(0..<20_000).map { "a\($0)" }, [], (0..<20_000).map { "b\($0)" }]
        let same = Parallel.concatenated(texts) == Array(texts.joined())
        #expect(same)
    }

    @Test func indicesWhereAPredicateHoldsComeInOrder() {
        for count in [0, 1, 5000, 100_000] {
            #expect(Parallel.indices(count) { $0 % 7 == 3 } == (0..<count).filter { $0 % 7 == 3 })
        }
        #expect(Parallel.indices(100_000) { _ in false }.isEmpty)
    }

    /// `helpOnce` (a thread waiting for a block another thread hashes) takes only indices of loops
    /// newer than the one whose task it runs: never its own loop's; and an index it takes runs
    /// exactly once. (Other tests run at the same time, so their loops may be open and taken.)
    @Test func aWaitingThreadTakesUpOnlyNewerLoops() {
        guard Parallel.threads > 1 else { return }
        final class Box: @unchecked Sendable {
            let lock = NSLock()
            var ran = [Int](repeating: 0, count: 64)
            /// The thread inside `helpOnce` in task 0, while it is.
            var helping: pthread_t?
            var ranInsideHelp = false
        }
        let box = Box()
        // This loop's other indices may still be untaken while task 0 asks for help: none of
        // them may run inside that call.
        _ = Parallel.map(8) { task in
            if task == 0 {
                box.lock.withLock { box.helping = pthread_self() }
                _ = Parallel.helpOnce()
                box.lock.withLock { box.helping = nil }
            } else {
                box.lock.withLock {
                    if let helping = box.helping, pthread_equal(helping, pthread_self()) != 0 { box.ranInsideHelp = true }
                }
                usleep(500)
            }
        }
        #expect(!box.ranInsideHelp)
        // A newer loop's indices, taken up by the other task while it waits.
        _ = Parallel.map(2) { task in
            if task == 0 {
                _ = Parallel.map(64) { i in
                    box.lock.withLock { box.ran[i] += 1 }
                    usleep(200)
                }
            } else {
                usleep(1000)
                while Parallel.helpOnce() {}
            }
        }
        #expect(box.ran == [Int](repeating: 1, count: 64))
    }

    @Test func aLoopNestedInAnotherRunsInParallel() throws {
        try #require(Parallel.threads > 1, "needs two threads")
        // Inner index 0 waits for inner index 1 to start: run serially, it would time out.
        let started = DispatchSemaphore(value: 0)
        let met = Parallel.map(2) { outer -> Bool in
            guard outer == 0 else { return true }
            return Parallel.map(2) { inner -> Bool in
                if inner == 1 {
                    started.signal()
                    return true
                }
                return started.wait(timeout: .now() + 30) == .success
            }.allSatisfy { $0 }
        }
        #expect(met == [true, true])
    }

    @Test func deeplyNestedLoopsFromManyCallersFinishWithTheRightResults() {
        // Sums of sums three levels deep, started from several threads at once: every loop must
        // finish (no thread waits on work only it could do) and add up.
        func level(_ depth: Int, _ seed: Int) -> Int {
            if depth == 0 { return seed }
            let width = 1 + (seed + depth) % 5
            return Parallel.map(width) { level(depth - 1, seed * 7 + $0) }.reduce(0, +)
        }
        func serial(_ depth: Int, _ seed: Int) -> Int {
            if depth == 0 { return seed }
            let width = 1 + (seed + depth) % 5
            return (0..<width).map { serial(depth - 1, seed * 7 + $0) }.reduce(0, +)
        }
        let expected = (0..<6).map { serial(4, $0) }
        let lock = NSLock()
        var got = [Int](repeating: -1, count: 6)
        DispatchQueue.concurrentPerform(iterations: 6) { i in
            let v = level(4, i)
            lock.withLock { got[i] = v }
        }
        #expect(got == expected)
    }
}

extension ParallelTests {
    /// The two-halves sort gives the plain sort's result, for sizes below and above its threshold
    /// and with repeated keys, whatever the thread count.
    @Test func sortedIsTheSortedArray() {
        var rng = SystemRandomNumberGenerator()
        for count in [0, 1, 2, 3, 100, 5000, 70_001] {
            for range in [10, 1 << 40] {
                let keys = (0..<count).map { _ in UInt64.random(in: 0..<UInt64(range), using: &rng) }
                // Compared outside #expect, which would print every key of a failure.
                let expected = keys.sorted()
                let halves = Parallel.sorted(keys, minimum: 16) == expected
                let radix = Parallel.sorted(keys) == expected
                #expect(halves, "\(count) keys below \(range)")
                #expect(radix, "\(count) keys below \(range)")
            }
        }
    }
}

extension ParallelTests {
    /// The radix sort of 128-bit keys gives the plain sort's result: below and above its threshold,
    /// with every byte varying, with only some (the passes it skips), and with repeated keys.
    @Test func radixSortedIsTheSortedArray() {
        var rng = SystemRandomNumberGenerator()
        for count in [0, 1, 2, 4095, 4096, 70_001] {
            for shape in 0..<4 {
                let keys = (0..<count).map { _ -> UInt128 in
                    let random = UInt128(UInt64.random(in: 0...UInt64.max, using: &rng)) << 64
                        | UInt128(UInt64.random(in: 0...UInt64.max, using: &rng))
                    switch shape {
                    case 0: return random
                    // A rank key's shape: a spread of high bits, a code rank, a position.
                    case 1: return (random >> 90) << 64 | UInt128(UInt32.random(in: 0..<1_000_000, using: &rng)) << 32
                        | UInt128(UInt32.random(in: 0..<1_000_000, using: &rng))
                    case 2: return UInt128(UInt8.random(in: 0..<4, using: &rng)) << 100 | 0xABCD
                    default: return UInt128.max - UInt128(UInt16.random(in: 0...UInt16.max, using: &rng))
                    }
                }
                let same = Parallel.sorted(keys) == keys.sorted()
                #expect(same, "\(count) keys of shape \(shape)")
            }
        }
    }

    /// The same for 64-bit keys, the shape `positionsInOrder` packs among them.
    @Test func radixSorted64BitKeysAreTheSortedArray() {
        var rng = SystemRandomNumberGenerator()
        for count in [0, 1, 4095, 4096, 70_001] {
            for shape in 0..<3 {
                let keys = (0..<count).map { i -> UInt64 in
                    switch shape {
                    case 0: return UInt64.random(in: 0...UInt64.max, using: &rng)
                    case 1: return UInt64.random(in: 0..<1_000_000, using: &rng) << 32 | UInt64(i)
                    default: return UInt64.random(in: 0..<3, using: &rng) << 40
                    }
                }
                let sorted: [UInt64] = Parallel.sorted(keys)
                // Compared outside #expect, which would print every key of a failure.
                let same = sorted == keys.sorted()
                #expect(same, "\(count) keys of shape \(shape)")
            }
        }
        #expect(positionsInOrder([5, 1, 5, 0, 1]) == [3, 1, 4, 0, 2])
    }

    /// Keys with their positions packed in the low bytes sort the same without passes over those
    /// bytes: with many equal sort keys (where only the positions order them), few, and none.
    @Test func keysWithPackedPositionsSortWithoutPassesOverThem() {
        var rng = SystemRandomNumberGenerator()
        for count in [0, 4095, 4096, 70_001] {
            for range: UInt64 in [1, 3, 1000, UInt64(UInt32.max)] {
                let narrow = (0..<count).map { i in UInt64.random(in: 0..<range, using: &rng) << 32 | UInt64(i) }
                let sorted64 = Parallel.sorted(narrow, positionBytes: 4)
                let same64 = sorted64 == narrow.sorted()
                #expect(same64, "\(count) keys below \(range)")
                let wide = narrow.map { UInt128($0 >> 32) << 80 | UInt128($0 & 0xFFFF_FFFF) }
                let sorted128 = Parallel.sorted(wide, positionBytes: 4)
                let same128 = sorted128 == wide.sorted()
                #expect(same128, "\(count) wide keys below \(range)")
            }
        }
    }
}

extension ParallelTests {
    /// `forEachRange` hands out contiguous ranges that cover every index exactly once.
    @Test func forEachRangeCoversEveryIndexOnce() {
        for count in [0, 1, 4095, 4096, 100_003] {
            let seen = UnsafeMutableBufferPointer<Int>.allocate(capacity: max(count, 1))
            defer { seen.deallocate() }
            seen.initialize(repeating: 0)
            Parallel.forEachRange(count, minimum: 1000) { range in
                for i in range { seen[i] += 1 }
            }
            #expect(seen.prefix(count).allSatisfy { $0 == 1 }, "\(count)")
            // Joined in range order: what one loop over the indices gives.
            let odd = Parallel.joinedRanges(count, minimum: 1000) { range in range.filter { $0 % 3 == 1 } }
            #expect(odd == (0..<count).filter { $0 % 3 == 1 }, "\(count)")
        }
    }

    /// Two computations at the same time: each runs once, and nested loops inside them still run.
    @Test func bothRunsEachComputationOnce() {
        final class Count: @unchecked Sendable { var value = 0 }
        let first = Count()
        let second = Count()
        let (sum, squares) = Parallel.both(
            {
                first.value += 1
                return Parallel.array(100_000) { $0 }.reduce(0, +)
            },
            {
                second.value += 1
                return Parallel.map(4) { $0 * $0 }
            })
        #expect(sum == 4_999_950_000 && squares == [0, 1, 4, 9])
        #expect(first.value == 1 && second.value == 1)
    }
}
