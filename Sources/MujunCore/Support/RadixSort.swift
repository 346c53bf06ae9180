extension Parallel {
    /// `keys.sorted()` for 128-bit keys (the code order and the rank orders: a million each at
    /// province scale): a least-significant-digit radix sort, a byte per pass, skipping the bytes
    /// every key shares. Each pass counts and then scatters contiguous slices in parallel; a slice's
    /// keys go after the earlier slices' keys of the same digit, so every pass is stable and the
    /// result does not depend on the thread count.
    public static func sorted(_ keys: [UInt128]) -> [UInt128] { radixSorted(keys) }

    /// `keys.sorted()` for 64-bit keys, the same way: positions packed with their keys
    /// (`positionsInOrder`, a batch of a table's rows in id order).
    public static func sorted(_ keys: [UInt64]) -> [UInt64] { radixSorted(keys) }

    /// `keys.sorted()` for keys whose low `positionBytes` bytes hold each key's position in `keys`
    /// (packed below the sort key to make keys unique and to carry the position out): those bytes
    /// ascend in input order already, so the stable passes over the bytes above them give the
    /// same order, and they need no pass of their own (3 of a million keys' ~12 passes).
    public static func sorted(_ keys: [UInt128], positionBytes: Int) -> [UInt128] {
        radixSorted(keys, skippingLowBytes: positionBytes)
    }

    /// The same for 64-bit keys.
    public static func sorted(_ keys: [UInt64], positionBytes: Int) -> [UInt64] {
        radixSorted(keys, skippingLowBytes: positionBytes)
    }

    /// The radix sort itself, specialised for each key type (its digits are plain calls then).
    private static func radixSorted<Key: RadixSortKey>(_ keys: [Key], skippingLowBytes skipped: Int = 0) -> [Key] {
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
        let passes = (Swift.max(0, skipped)..<Key.bitWidth / 8).filter { (varying >> ($0 * 8)) & 0xFF != 0 }
        guard !passes.isEmpty else { return keys }
        // The two buffers are new columns filled in parallel ranges, so their pages are first
        // touched by both threads: the first pass reads `keys` itself, and a later pass writing
        // into the caller's array would copy it first, on one thread (at a million keys, ~30 ms
        // of one core faulting in pages while the other waited).
        let fresh = { array(n) { _ in Key.zero } }
        var source = keys
        var target = fresh()
        for (k, byte) in passes.enumerated() {
            source.withUnsafeBufferPointer { source in
                target.withUnsafeMutableBufferPointer { target in
                    let counts = map(workers) { w -> [Int] in
                        var count = [Int](repeating: 0, count: 256)
                        for i in slices[w] { count[source[i].radixDigit(byte)] += 1 }
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
                                let d = key.radixDigit(byte)
                                target[at[d]] = key
                                at[d] += 1
                            }
                        }
                        return true
                    }
                }
            }
            if k == 0 {
                source = target
                target = passes.count > 1 ? fresh() : []
            } else {
                swap(&source, &target)
            }
        }
        return source
    }
}

/// A key `Parallel.sorted` radix-sorts: its bytes, the least significant first.
protocol RadixSortKey: FixedWidthInteger & UnsignedInteger {
    /// Byte `byte` of the key, 0 the least significant.
    func radixDigit(_ byte: Int) -> Int
}

extension UInt64: RadixSortKey {
    @inline(__always)
    func radixDigit(_ byte: Int) -> Int { Int(truncatingIfNeeded: (self >> UInt64(byte * 8)) & 0xFF) }
}

extension UInt128: RadixSortKey {
    @inline(__always)
    func radixDigit(_ byte: Int) -> Int {
        // From one 64-bit half: a shift of the whole 128-bit word costs more.
        let word = UInt64(truncatingIfNeeded: byte >= 8 ? self >> 64 : self)
        return Int(truncatingIfNeeded: (word >> UInt64((byte & 7) * 8)) & 0xFF)
    }
}
