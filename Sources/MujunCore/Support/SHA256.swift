// SHA-256 (FIPS 180-4) for the manifest's file digests (SPEC §13), in pure
// Swift because Foundation on Linux offers no hash and third-party packages
// are not allowed. Where the CPU has SHA instructions, blocks go to the small C target
// CSHA256 instead (about five times faster); the digest is the same either way.

import CSHA256

/// Round constants: the first 32 bits of the fractional parts of the cube roots of the first 64 primes.
private let roundConstants: [UInt32] = [
    0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
    0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
    0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
    0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
    0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
    0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
    0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
    0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
]

/// A streaming SHA-256 hasher (FIPS 180-4).
///
/// Feed bytes with `update` in pieces of any size, then call `finalize()`
/// once. Whole 64-byte blocks are compressed straight from the caller's
/// memory; only a partial block is copied.
public struct SHA256 {
    private var h0: UInt32 = 0x6a09e667
    private var h1: UInt32 = 0xbb67ae85
    private var h2: UInt32 = 0x3c6ef372
    private var h3: UInt32 = 0xa54ff53a
    private var h4: UInt32 = 0x510e527f
    private var h5: UInt32 = 0x9b05688c
    private var h6: UInt32 = 0x1f83d9ab
    private var h7: UInt32 = 0x5be0cd19
    /// The bytes of an incomplete block, waiting for more input.
    private var pending = [UInt8](repeating: 0, count: 64)
    private var pendingCount = 0
    /// Total message length in bytes.
    private var length: UInt64 = 0

    /// Compress with the CPU's SHA instructions (else portable Swift).
    private let useHardware: Bool

    /// A hasher in the initial state; `hardware: false` forces the portable code (for tests).
    public init(hardware: Bool = SHA256.hardwareAvailable) {
        useHardware = hardware && SHA256.hardwareAvailable
    }

    /// Adds `bytes` to the message.
    ///
    /// - Parameters:
    ///   - bytes: the next piece of the message.
    public mutating func update(_ bytes: UnsafeRawBufferPointer) {
        finish(begin(bytes), compressed: 0)
    }

    /// Adds `a` to `first`'s message and `b` to `second`'s, compressing the whole blocks of both
    /// side by side where the CPU has SHA instructions: one message's rounds wait on each other,
    /// and a second message's fill those waits (issue #3: ~1.6 times the throughput). The digests
    /// are those of two separate `update`s.
    public static func update(
        _ first: inout SHA256, _ a: UnsafeRawBufferPointer, _ second: inout SHA256, _ b: UnsafeRawBufferPointer
    ) {
        guard first.useHardware && second.useHardware else {
            first.update(a)
            second.update(b)
            return
        }
        let restA = first.begin(a)
        let restB = second.begin(b)
        var doneA = 0
        var doneB = 0
        if let baseA = restA.baseAddress, let baseB = restB.baseAddress {
            let both = min(restA.count, restB.count) / 64
            if both > 0 {
                var stateA = first.words
                var stateB = second.words
                withUnsafeMutableBytes(of: &stateA) { rawA in
                    withUnsafeMutableBytes(of: &stateB) { rawB in
                        guard let wordsA = rawA.baseAddress?.assumingMemoryBound(to: UInt32.self),
                            let wordsB = rawB.baseAddress?.assumingMemoryBound(to: UInt32.self)
                        else { return }
                        mujun_sha256_blocks_ni_x2(
                            wordsA, baseA.assumingMemoryBound(to: UInt8.self), wordsB,
                            baseB.assumingMemoryBound(to: UInt8.self), both)
                    }
                }
                first.words = stateA
                second.words = stateB
                doneA = both
                doneB = both
            }
        }
        // What one message has beyond the other's whole blocks, alone.
        first.finish(restA, compressed: doneA)
        second.finish(restB, compressed: doneB)
    }

    /// Counts `bytes` into the message and completes a waiting partial block from their front
    /// (compressing it); returns the bytes after that — none if the partial block is still short.
    private mutating func begin(_ bytes: UnsafeRawBufferPointer) -> UnsafeRawBufferPointer {
        guard let base = bytes.baseAddress, bytes.count > 0 else { return UnsafeRawBufferPointer(start: nil, count: 0) }
        let count = bytes.count
        length &+= UInt64(count)
        guard pendingCount > 0 else { return bytes }
        let take = min(64 - pendingCount, count)
        let filled = pendingCount
        pending.withUnsafeMutableBytes { p in
            if let pb = p.baseAddress { (pb + filled).copyMemory(from: base, byteCount: take) }
        }
        pendingCount += take
        if pendingCount < 64 { return UnsafeRawBufferPointer(start: nil, count: 0) }
        compressPending()
        pendingCount = 0
        return UnsafeRawBufferPointer(rebasing: bytes[take...])
    }

    /// Compresses the whole blocks of `rest` (what `begin` returned) after the first `compressed`
    /// of them, and keeps the bytes after the last whole block as the waiting partial block.
    private mutating func finish(_ rest: UnsafeRawBufferPointer, compressed: Int) {
        guard let base = rest.baseAddress else { return }
        let blocks = rest.count / 64
        if blocks > compressed { compress(base + compressed * 64, blocks: blocks - compressed) }
        let tail = rest.count - blocks * 64
        guard tail > 0 else { return }
        let from = base + blocks * 64
        pending.withUnsafeMutableBytes { p in
            if let pb = p.baseAddress { pb.copyMemory(from: from, byteCount: tail) }
        }
        pendingCount = tail
    }

    /// Adds `bytes` to the message.
    ///
    /// - Parameters:
    ///   - bytes: the next piece of the message.
    public mutating func update(_ bytes: [UInt8]) {
        bytes.withUnsafeBytes { update($0) }
    }

    /// Pads the message, returns its 32-byte digest and leaves the hasher spent.
    ///
    /// - Returns: the digest, big-endian as FIPS 180-4 writes it.
    public mutating func finalize() -> [UInt8] {
        let bitLength = length &* 8
        var tail = [UInt8](repeating: 0, count: pendingCount < 56 ? 64 : 128)
        for i in 0..<pendingCount { tail[i] = pending[i] }
        tail[pendingCount] = 0x80
        for i in 0..<8 { tail[tail.count - 1 - i] = UInt8(truncatingIfNeeded: bitLength >> (8 * UInt64(i))) }
        tail.withUnsafeBytes { p in
            if let pb = p.baseAddress { compress(pb, blocks: p.count / 64) }
        }
        pendingCount = 0
        var digest = [UInt8]()
        digest.reserveCapacity(32)
        for word in [h0, h1, h2, h3, h4, h5, h6, h7] {
            digest.append(UInt8(truncatingIfNeeded: word >> 24))
            digest.append(UInt8(truncatingIfNeeded: word >> 16))
            digest.append(UInt8(truncatingIfNeeded: word >> 8))
            digest.append(UInt8(truncatingIfNeeded: word))
        }
        return digest
    }

    /// The digest as lower-case hexadecimal.
    ///
    /// - Parameters:
    ///   - digest: bytes, e.g. from ``finalize()``.
    /// - Returns: two hex digits per byte.
    public static func hex(_ digest: [UInt8]) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var out = [UInt8]()
        out.reserveCapacity(digest.count * 2)
        for byte in digest {
            out.append(digits[Int(byte >> 4)])
            out.append(digits[Int(byte & 0x0f)])
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// The hex SHA-256 digest of `data`.
    ///
    /// - Parameters:
    ///   - data: the whole message.
    /// - Returns: 64 lower-case hex digits.
    public static func hash(_ data: [UInt8]) -> String {
        var hasher = SHA256()
        hasher.update(data)
        return hex(hasher.finalize())
    }

    /// Compresses the full block held in `pending`.
    private mutating func compressPending() {
        let block = pending
        block.withUnsafeBytes { p in
            if let pb = p.baseAddress { compress(pb, blocks: 1) }
        }
    }

    /// The eight state words a…h, as the C compression functions take them.
    private var words: (UInt32, UInt32, UInt32, UInt32, UInt32, UInt32, UInt32, UInt32) {
        get { (h0, h1, h2, h3, h4, h5, h6, h7) }
        set { (h0, h1, h2, h3, h4, h5, h6, h7) = newValue }
    }

    /// Whether this CPU has SHA instructions.
    public static let hardwareAvailable = mujun_sha256_has_ni() == 1

    /// Runs the compression function over `blocks` consecutive 64-byte blocks at `start`.
    private mutating func compress(_ start: UnsafeRawPointer, blocks: Int) {
        if useHardware {
            withUnsafeMutableBytes(of: &words) { raw in
                guard let words = raw.baseAddress?.assumingMemoryBound(to: UInt32.self) else { return }
                mujun_sha256_blocks_ni(words, start.assumingMemoryBound(to: UInt8.self), blocks)
            }
            return
        }
        compressPortable(start, blocks: blocks)
    }

    private mutating func compressPortable(_ start: UnsafeRawPointer, blocks: Int) {
        roundConstants.withUnsafeBufferPointer { k in
            withUnsafeTemporaryAllocation(of: UInt32.self, capacity: 64) { w in
                var block = start
                for _ in 0..<blocks {
                    for t in 0..<16 {
                        w[t] = UInt32(bigEndian: block.loadUnaligned(fromByteOffset: 4 * t, as: UInt32.self))
                    }
                    for t in 16..<64 {
                        let x = w[t - 15]
                        let y = w[t - 2]
                        let s0 = x.rotatedRight(7) ^ x.rotatedRight(18) ^ (x &>> 3)
                        let s1 = y.rotatedRight(17) ^ y.rotatedRight(19) ^ (y &>> 10)
                        w[t] = w[t - 16] &+ s0 &+ w[t - 7] &+ s1
                    }
                    var a = h0, b = h1, c = h2, d = h3, e = h4, f = h5, g = h6, h = h7
                    // Eight rounds per pass with the variables' roles rotated by hand,
                    // so no round spends time shuffling eight registers.
                    var t = 0
                    while t < 64 {
                        sha256Round(a, b, c, &d, e, f, g, &h, k[t] &+ w[t])
                        sha256Round(h, a, b, &c, d, e, f, &g, k[t + 1] &+ w[t + 1])
                        sha256Round(g, h, a, &b, c, d, e, &f, k[t + 2] &+ w[t + 2])
                        sha256Round(f, g, h, &a, b, c, d, &e, k[t + 3] &+ w[t + 3])
                        sha256Round(e, f, g, &h, a, b, c, &d, k[t + 4] &+ w[t + 4])
                        sha256Round(d, e, f, &g, h, a, b, &c, k[t + 5] &+ w[t + 5])
                        sha256Round(c, d, e, &f, g, h, a, &b, k[t + 6] &+ w[t + 6])
                        sha256Round(b, c, d, &e, f, g, h, &a, k[t + 7] &+ w[t + 7])
                        t += 8
                    }
                    h0 &+= a; h1 &+= b; h2 &+= c; h3 &+= d
                    h4 &+= e; h5 &+= f; h6 &+= g; h7 &+= h
                    block += 64
                }
            }
        }
    }
}

/// One SHA-256 round: `d` becomes the new `e`, `h` the new `a`; the caller renames the rest.
@inline(__always)
private func sha256Round(
    _ a: UInt32, _ b: UInt32, _ c: UInt32, _ d: inout UInt32,
    _ e: UInt32, _ f: UInt32, _ g: UInt32, _ h: inout UInt32, _ kw: UInt32
) {
    let s1 = e.rotatedRight(6) ^ e.rotatedRight(11) ^ e.rotatedRight(25)
    let ch = (e & f) ^ (~e & g)
    let t1 = h &+ s1 &+ ch &+ kw
    let s0 = a.rotatedRight(2) ^ a.rotatedRight(13) ^ a.rotatedRight(22)
    let maj = (a & b) ^ (a & c) ^ (b & c)
    d &+= t1
    h = t1 &+ s0 &+ maj
}

extension UInt32 {
    /// The value rotated right by `n` bits (0 < n < 32).
    @inline(__always)
    fileprivate func rotatedRight(_ n: UInt32) -> UInt32 {
        // Masking shifts: `n` is a constant in range, so skip the over-shift checks.
        (self &>> n) | (self &<< (32 &- n))
    }
}
