import Dispatch
import Foundation

/// How much of the machine mujun uses, and a chunked parallel loop. Results never depend on the
/// thread count: work is split into chunks whose outputs are combined in chunk order.
public enum Parallel {
    /// Worker threads (`--threads`); defaults to the number of cores.
    nonisolated(unsafe) public static var threads: Int = max(1, ProcessInfo.processInfo.activeProcessorCount)

    /// Runs `body` for `count` indices on up to `threads` threads; returns results in index order.
    public static func map<T>(_ count: Int, _ body: (Int) -> T) -> [T] {
        guard count > 1, threads > 1 else { return (0..<count).map(body) }
        let results = UnsafeMutablePointer<T?>.allocate(capacity: count)
        results.initialize(repeating: nil, count: count)
        defer {
            results.deinitialize(count: count)
            results.deallocate()
        }
        let slots = UnsafeMutableBufferPointer(start: results, count: count)
        DispatchQueue.concurrentPerform(iterations: count) { i in slots[i] = body(i) }
        return slots.compactMap { $0 }
    }

    /// Splits `0..<count` into about `threads × 4` contiguous ranges (at least `minimum` each).
    public static func ranges(_ count: Int, minimum: Int = 4096) -> [Range<Int>] {
        let pieces = max(1, min(threads * 4, count / max(minimum, 1)))
        return (0..<pieces).map { p in (count * p / pieces)..<(count * (p + 1) / pieces) }
    }
}
