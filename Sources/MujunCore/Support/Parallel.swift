import Foundation

/// How much of the machine mujun uses, and a chunked parallel loop. Results never depend on the
/// thread count: work is split into chunks whose outputs are combined in chunk order.
public enum Parallel {
    /// Worker threads (`--threads`); defaults to the number of cores.
    nonisolated(unsafe) public static var threads: Int = max(1, ProcessInfo.processInfo.activeProcessorCount)

    /// Runs `body` for `count` indices on up to `threads` threads; returns results in index order.
    ///
    /// Loops nest: a loop started inside another's body runs in parallel too (ingest reads the
    /// files at the same time and the big ones in parallel chunks; Dispatch's `concurrentPerform`
    /// would run such an inner loop serially).
    public static func map<T>(_ count: Int, _ body: (Int) -> T) -> [T] {
        guard count > 1, threads > 1 else { return (0..<count).map(body) }
        let results = UnsafeMutablePointer<T?>.allocate(capacity: count)
        results.initialize(repeating: nil, count: count)
        defer {
            results.deinitialize(count: count)
            results.deallocate()
        }
        let slots = UnsafeMutableBufferPointer(start: results, count: count)
        withoutActuallyEscaping({ (i: Int) in slots[i] = body(i) }) { task in
            WorkPool.shared.run(count: count, helpers: threads - 1, task)
        }
        return slots.compactMap { $0 }
    }

    /// `(first(), second())`, the two run at the same time (each may run parallel loops of its own).
    ///
    /// `second` starts when a thread takes it: the caller runs `first`, and a pool thread takes
    /// the newest loop with work, so if `first` opens loops before a pool thread has taken
    /// `second`, `second` may wait until they run dry (ingest's registry columns did, until the
    /// end of ingest). Best when `first` starts with work of its own, as join does.
    public static func both<A, B>(_ first: () -> A, _ second: () -> B) -> (A, B) {
        var a: A? = nil
        var b: B? = nil
        _ = map(2) { task in
            if task == 0 { a = first() } else { b = second() }
        }
        // `map` runs every index before it returns, so neither is computed twice.
        return (a ?? first(), b ?? second())
    }

    /// `(0..<count).map(element)`, built in contiguous ranges on up to `threads` threads: the
    /// per-enterprise columns of the stages between ingest and report. `element` must only read
    /// shared state; the array is the same whatever the thread count.
    public static func array<T>(_ count: Int, minimum: Int = 16_384, _ element: (Int) -> T) -> [T] {
        guard count >= 2 * minimum, threads > 1 else { return (0..<count).map(element) }
        return [T](unsafeUninitializedCapacity: count) { buffer, initialized in
            guard let base = buffer.baseAddress else { return }
            let pieces = ranges(count, minimum: minimum)
            _ = map(pieces.count) { p in
                for i in pieces[p] { (base + i).initialize(to: element(i)) }
            }
            initialized = count
        }
    }

    /// `keys.sorted()`, its two halves sorted at the same time and then merged: the code order and
    /// the rank orders of a million enterprises. Equal keys may come out in either order, so the
    /// keys should be distinct (or indistinguishable).
    public static func sorted<T: Comparable>(_ keys: [T], minimum: Int = 1 << 15) -> [T] {
        guard keys.count >= 2 * minimum, threads > 1 else { return keys.sorted() }
        let middle = keys.count / 2
        let halves = map(2) { h in h == 0 ? keys[..<middle].sorted() : keys[middle...].sorted() }
        let (a, b) = (halves[0], halves[1])
        return [T](unsafeUninitializedCapacity: keys.count) { out, initialized in
            guard let base = out.baseAddress else { return }
            var (i, j, k) = (0, 0, 0)
            while i < a.count && j < b.count {
                if b[j] < a[i] {
                    (base + k).initialize(to: b[j])
                    j += 1
                } else {
                    (base + k).initialize(to: a[i])
                    i += 1
                }
                k += 1
            }
            while i < a.count {
                (base + k).initialize(to: a[i])
                i += 1
                k += 1
            }
            while j < b.count {
                (base + k).initialize(to: b[j])
                j += 1
                k += 1
            }
            initialized = k
        }
    }

    /// Runs one index of a loop newer than every loop the calling thread is running a task of, if
    /// one is open; whether it did. For a thread that must wait on something else (a block being
    /// hashed by another thread, `HashDesk`) and would otherwise leave its core idle: by the
    /// pool's rule (only newer loops), it cannot take up work that waits on its own.
    static func helpOnce() -> Bool {
        guard threads > 1 else { return false }
        return WorkPool.shared.helpOnce()
    }

    /// Threads that would start on a new loop's indices right now: pool threads waiting for work
    /// and ones not started yet. Only a hint for how finely to split work (it changes as loops
    /// start and finish), never something a result may depend on.
    static var idleThreads: Int {
        guard threads > 1 else { return 0 }
        return WorkPool.shared.idle(helpers: threads - 1)
    }

    /// Splits `0..<count` into about `threads × 4` contiguous ranges (at least `minimum` each).
    public static func ranges(_ count: Int, minimum: Int = 4096) -> [Range<Int>] {
        let pieces = max(1, min(threads * 4, count / max(minimum, 1)))
        return (0..<pieces).map { p in (count * p / pieces)..<(count * (p + 1) / pieces) }
    }

    /// Calls `body` once for each of `ranges(count, minimum:)`, in parallel: for loops whose
    /// iterations each write only their own slots of shared storage.
    public static func forEachRange(_ count: Int, minimum: Int = 4096, _ body: (Range<Int>) -> Void) {
        let pieces = ranges(count, minimum: minimum)
        _ = map(pieces.count) { body(pieces[$0]) }
    }

    /// What `body` makes of each of `ranges(count, minimum:)`, made in parallel and joined in
    /// range order: the same elements, in the same order, as one loop over `0..<count`.
    public static func joinedRanges<T>(_ count: Int, minimum: Int = 4096, _ body: (Range<Int>) -> [T]) -> [T] {
        let pieces = ranges(count, minimum: minimum)
        return concatenated(map(pieces.count) { body(pieces[$0]) })
    }

    /// The indices below `count` for which `isIncluded` holds, in order, found in parallel ranges.
    public static func indices(_ count: Int, where isIncluded: (Int) -> Bool) -> [Int] {
        joinedRanges(count) { range in range.filter(isIncluded) }
    }

    /// `Array(parts.joined())`, each part copied into place by a task of its own: the result is a
    /// new column, whose pages are then first touched by every thread, not by one.
    public static func concatenated<T>(_ parts: [[T]]) -> [T] {
        let total = parts.reduce(0) { $0 + $1.count }
        guard total >= 2 * 16_384, threads > 1, parts.count > 1 else { return Array(parts.joined()) }
        var starts: [Int] = []
        var next = 0
        for part in parts {
            starts.append(next)
            next += part.count
        }
        return [T](unsafeUninitializedCapacity: total) { buffer, initialized in
            guard let base = buffer.baseAddress else { return }
            _ = map(parts.count) { p in
                parts[p].withUnsafeBufferPointer { part in
                    if let first = part.baseAddress { (base + starts[p]).initialize(from: first, count: part.count) }
                }
            }
            initialized = total
        }
    }
}

/// The threads behind `Parallel.map`: `threads - 1` long-lived helpers, and the calling threads,
/// which work on their own loop's indices and, while they wait for the last ones, on loops
/// started after theirs (in practice loops nested in their own; never an older loop, which could
/// keep them from returning for long). That rule also rules out deadlock: a loop is always newer
/// than the loops it is nested in, and a waiting thread only takes up newer loops, so no chain of
/// waits can come back round to a loop further down a thread's stack.
private final class WorkPool: @unchecked Sendable {
    static let shared = WorkPool()

    private final class Loop {
        let task: (Int) -> Void
        let count: Int
        /// Creation order: larger is newer.
        let order: UInt64
        var next = 0
        var finished = 0

        init(task: @escaping (Int) -> Void, count: Int, order: UInt64) {
            self.task = task
            self.count = count
            self.order = order
        }
    }

    private let condition = NSCondition()
    /// Loops with indices nobody has taken yet, oldest first.
    private var open: [Loop] = []
    private var helpers = 0
    private var created: UInt64 = 0
    /// Threads (helpers and callers) waiting because there is nothing they may take.
    private var waiting = 0

    func idle(helpers wanted: Int) -> Int {
        condition.lock()
        defer { condition.unlock() }
        return waiting + Swift.max(0, wanted - helpers)
    }

    /// Runs `task` for `0..<count` with up to `helpers` pool threads besides the caller; returns
    /// once every index has finished, so `task` may refer to the caller's stack.
    func run(count: Int, helpers wanted: Int, _ task: @escaping (Int) -> Void) {
        condition.lock()
        while helpers < wanted {
            helpers += 1
            let thread = Thread { [self] in helperLoop() }
            thread.stackSize = 8 << 20
            thread.start()
        }
        created += 1
        let loop = Loop(task: task, count: count, order: created)
        open.append(loop)
        condition.broadcast()
        while loop.finished < loop.count { step(own: loop) }
        condition.unlock()
    }

    /// A helper thread: the newest loop with work left, forever.
    private func helperLoop() {
        condition.lock()
        while true { step(own: nil) }
    }

    /// `Parallel.helpOnce`: one index of the newest open loop newer than the loop whose task this
    /// thread is running (any loop, outside every task).
    func helpOnce() -> Bool {
        condition.lock()
        defer { condition.unlock() }
        guard let (loop, i) = takeNewest(newerThan: WorkPool.currentOrder) else { return false }
        perform(loop, i)
        return true
    }

    /// The order of the loop whose task the calling thread is running (0: none), kept per thread.
    private static let orderKey: pthread_key_t = {
        var key = pthread_key_t()
        _ = pthread_key_create(&key, nil)
        return key
    }()

    private static var currentOrder: UInt64 {
        get { UInt64(UInt(bitPattern: pthread_getspecific(orderKey))) }
        set { _ = pthread_setspecific(orderKey, UnsafeRawPointer(bitPattern: UInt(newValue))) }
    }

    /// Runs one index that `take(own:)` hands out, or waits for one (lock held).
    private func step(own: Loop?) {
        if let (taken, i) = take(own: own) {
            perform(taken, i)
        } else {
            waiting += 1
            condition.wait()
            waiting -= 1
        }
    }

    /// The next index to run (lock held): the caller's own loop first, else the newest open loop
    /// (for a caller, only one newer than its own).
    private func take(own: Loop?) -> (Loop, Int)? {
        if let own, own.next < own.count { return nextIndex(of: own) }
        return takeNewest(newerThan: own?.order ?? 0)
    }

    /// The next index of the newest open loop, if that loop is newer than `order` (lock held).
    private func takeNewest(newerThan order: UInt64) -> (Loop, Int)? {
        guard let newest = open.last, newest.order > order else { return nil }
        return nextIndex(of: newest)
    }

    /// Hands out `loop`'s next index, closing the loop once every index is handed out (lock held).
    private func nextIndex(of loop: Loop) -> (Loop, Int) {
        let i = loop.next
        loop.next += 1
        if loop.next == loop.count, let at = open.lastIndex(where: { $0 === loop }) { open.remove(at: at) }
        return (loop, i)
    }

    /// Runs one index without the lock (lock held on entry and exit).
    private func perform(_ loop: Loop, _ i: Int) {
        condition.unlock()
        let outer = WorkPool.currentOrder
        WorkPool.currentOrder = loop.order
        loop.task(i)
        WorkPool.currentOrder = outer
        condition.lock()
        loop.finished += 1
        if loop.finished == loop.count { condition.broadcast() }
    }
}
