import Foundation

/// The large buffers of the table writers' chunks, kept when a chunk is done for the next round's
/// chunks to write into, rather than freed and allocated again.
///
/// At a million enterprises a chunk of rankings.csv fills ~12 MB. malloc gives a block that large
/// a mapping of its own (`MallocTuning`) and unmaps it when it is freed, so every round of every
/// large table faulted its buffers in afresh (the report's page faults at 1M: 171 MB, 113 MB with
/// the buffers kept), and a page fault is dear in this VM (README, "This VM's memory"). A buffer
/// taken from here has its pages already.
///
/// Kept buffers are bounded (`limit` bytes; the smallest go first) and let go after the report
/// (`drain`). Buffers under `smallest` bytes are not kept: malloc's heap reuses those anyway.
final class ChunkBufferPool: @unchecked Sendable {
    typealias Buffer = (base: UnsafeMutablePointer<UInt8>, capacity: Int)

    static let shared = ChunkBufferPool()
    static let smallest = 1 << 20

    private let lock = NSLock()
    private var kept: [Buffer] = []
    private var keptBytes = 0
    let limit: Int

    init(limit: Int = 128 << 20) { self.limit = limit }

    /// A buffer of at least `capacity` bytes: the smallest kept one that is large enough, else a new one.
    func take(atLeast capacity: Int) -> Buffer {
        if capacity >= Self.smallest {
            lock.lock()
            var best = -1
            for (k, b) in kept.enumerated() where b.capacity >= capacity && (best < 0 || b.capacity < kept[best].capacity) {
                best = k
            }
            if best >= 0 {
                let buffer = kept.remove(at: best)
                keptBytes -= buffer.capacity
                lock.unlock()
                return buffer
            }
            lock.unlock()
        }
        return (.allocate(capacity: capacity), capacity)
    }

    /// Takes a buffer back (its contents are not kept); over the limit, the smallest kept ones are freed.
    func give(_ buffer: Buffer) {
        guard buffer.capacity >= Self.smallest else {
            buffer.base.deallocate()
            return
        }
        var freed: [Buffer] = []
        lock.lock()
        kept.append(buffer)
        keptBytes += buffer.capacity
        while keptBytes > limit, let smallest = kept.indices.min(by: { kept[$0].capacity < kept[$1].capacity }) {
            let dropped = kept.remove(at: smallest)
            keptBytes -= dropped.capacity
            freed.append(dropped)
        }
        lock.unlock()
        for b in freed { b.base.deallocate() }
    }

    /// Frees every kept buffer.
    func drain() {
        lock.lock()
        let all = kept
        kept = []
        keptBytes = 0
        lock.unlock()
        for b in all { b.base.deallocate() }
    }

    /// How many buffers, and bytes, are kept right now.
    var keptNow: (count: Int, bytes: Int) {
        lock.lock()
        defer { lock.unlock() }
        return (kept.count, keptBytes)
    }
}
