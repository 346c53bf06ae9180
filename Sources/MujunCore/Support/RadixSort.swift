extension Parallel {
    /// `keys.sorted()` for 128-bit keys (the code order and the rank orders: a million each at
    /// province scale): a least-significant-digit radix sort, a byte per pass, skipping the bytes
    /// every key shares. Each pass counts and then scatters contiguous slices in parallel; a slice's
    /// keys go after the earlier slices' keys of the same digit, so every pass is stable and the
    /// result does not depend on the thread count.
    public static func sorted(_ keys: [UInt128]) -> [UInt128] {
        radixSorted(keys, bytes: 16) { key, byte in
            // The digit from one 64-bit half: a shift of the whole 128-bit word costs more.
            let word = UInt64(truncatingIfNeeded: byte >= 8 ? key >> 64 : key)
            return Int(truncatingIfNeeded: (word >> UInt64((byte & 7) * 8)) & 0xFF)
        }
    }

    /// `keys.sorted()` for 64-bit keys, the same way: positions packed with their keys
    /// (`positionsInOrder`, a batch of a table's rows in id order).
    public static func sorted(_ keys: [UInt64]) -> [UInt64] {
        radixSorted(keys, bytes: 8) { key, byte in Int(truncatingIfNeeded: (key >> UInt64(byte * 8)) & 0xFF) }
    }

    /// The radix sort itself; `digit(key, b)` is byte `b` of `key`, the least significant first.
    @inline(__always)
    private static func radixSorted<Key: FixedWidthInteger & UnsignedInteger>(
        _ keys: [Key], bytes: Int, digit: (Key, Int) -> Int
    ) -> [Key] {
        let n = keys.count
        guard n >= 1 << 12 else { return keys.sorted() }
        let workers = max(1, min(threads, n >> 12))
        let slices = (0..<workers).map { w in (n * w / workers)..<(n * (w + 1) / workers) }
        // The bits where some key differs from the first: the bytes a pass must sort on.
        let first = keys[0]
        let varying = map(workers) { w -> Key in
            var bits: Key = 0
            for i in slices[w] { bits |= keys[i] ^ first }
            return bits
        }.reduce(0, |)
        let passes = (0..<bytes).filter { (varying >> ($0 * 8)) & 0xFF != 0 }
        guard !passes.isEmpty else { return keys }
        var source = keys
        var target = [Key](repeating: 0, count: n)
        for byte in passes {
            source.withUnsafeBufferPointer { source in
                target.withUnsafeMutableBufferPointer { target in
                    let counts = map(workers) { w -> [Int] in
                        var count = [Int](repeating: 0, count: 256)
                        for i in slices[w] { count[digit(source[i], byte)] += 1 }
                        return count
                    }
                    // Where each slice's keys of each digit start.
                    var starts = [[Int]](repeating: [Int](repeating: 0, count: 256), count: workers)
                    var next = 0
                    for d in 0..<256 {
                        for w in 0..<workers {
                            starts[w][d] = next
                            next += counts[w][d]
                        }
                    }
                    _ = map(workers) { w -> Bool in
                        var at = starts[w]
                        at.withUnsafeMutableBufferPointer { at in
                            for i in slices[w] {
                                let key = source[i]
                                let d = digit(key, byte)
                                target[at[d]] = key
                                at[d] += 1
                            }
                        }
                        return true
                    }
                }
            }
            swap(&source, &target)
        }
        return source
    }
}
