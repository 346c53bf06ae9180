import Testing

@testable import MujunCore

@Suite struct ChunkBufferPoolTests {
    let mb = 1 << 20

    @Test func aGivenBufferIsTakenAgainByTheNextRequestItFits() {
        let pool = ChunkBufferPool(limit: 8 << 20)
        defer { pool.drain() }
        let first = pool.take(atLeast: 3 * mb)
        #expect(first.capacity == 3 * mb)
        first.base.initialize(repeating: 7, count: first.capacity)
        pool.give(first)
        #expect(pool.keptNow == (1, 3 * mb))
        // Too large for it: a new buffer, and the kept one stays.
        let larger = pool.take(atLeast: 4 * mb)
        #expect(larger.base != first.base && larger.capacity == 4 * mb)
        #expect(pool.keptNow == (1, 3 * mb))
        // Fits: the same memory, with its capacity, not the size asked for.
        let again = pool.take(atLeast: 2 * mb)
        #expect(again.base == first.base && again.capacity == 3 * mb)
        #expect(pool.keptNow == (0, 0))
        pool.give(again)
        pool.give(larger)
        // The smallest that fits is taken.
        let fitting = pool.take(atLeast: 2 * mb)
        #expect(fitting.base == first.base)
        pool.give(fitting)
    }

    @Test func overTheLimitTheSmallestKeptBuffersAreFreed() {
        let pool = ChunkBufferPool(limit: 8 << 20)
        defer { pool.drain() }
        let buffers = [2, 5, 3].map { pool.take(atLeast: $0 * mb) }
        for b in buffers { pool.give(b) }
        // 2 + 5 + 3 MB is over 8 MB: the 2 MB buffer went.
        #expect(pool.keptNow == (2, 8 * mb))
        #expect(pool.take(atLeast: mb + 1).base == buffers[2].base)
        pool.drain()
        #expect(pool.keptNow == (0, 0))
    }

    @Test func smallBuffersAreNotKept() {
        let pool = ChunkBufferPool()
        defer { pool.drain() }
        let small = pool.take(atLeast: ChunkBufferPool.smallest - 1)
        pool.give(small)
        #expect(pool.keptNow == (0, 0))
        let big = pool.take(atLeast: ChunkBufferPool.smallest)
        pool.give(big)
        #expect(pool.keptNow == (1, ChunkBufferPool.smallest))
    }
}
