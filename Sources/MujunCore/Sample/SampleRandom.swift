import Foundation

/// SplitMix64: a small, fast generator whose whole state is one word, so that every
/// enterprise and every file can own an independent stream derived from (seed, stream, index).
///
/// The sample must be byte-identical for the same arguments on every run, so nothing here
/// touches the system generator, hashing or dictionary order.
struct SampleRandom {
    private var state: UInt64

    /// A stream for one purpose (`stream`) and one enterprise (`index`) of a run (`seed`).
    init(seed: UInt64, stream: UInt64, index: UInt64 = 0) {
        var s = SampleRandom.mix(seed &+ 0x9E37_79B9_7F4A_7C15)
        s = SampleRandom.mix(s ^ (stream &* 0xD6E8_FEB8_6659_FD93))
        state = SampleRandom.mix(s ^ (index &* 0xA076_1D64_78BD_642F))
    }

    /// The SplitMix64 finaliser (also a good 64-bit hash).
    static func mix(_ x: UInt64) -> UInt64 {
        var z = x
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        return SampleRandom.mix(state)
    }

    /// Uniform in [0, 1).
    mutating func unit() -> Double { Double(next() >> 11) * 0x1.0p-53 }

    /// Uniform in [lo, hi).
    mutating func uniform(_ lo: Double, _ hi: Double) -> Double { lo + (hi - lo) * unit() }

    /// Uniform on a log scale in [lo, hi); `skew` > 1 leans towards lo.
    mutating func logUniform(_ lo: Double, _ hi: Double, skew: Double = 1) -> Double {
        exp(log(lo) + (log(hi) - log(lo)) * pow(unit(), skew))
    }

    /// Uniform in 0..<n (n ≥ 1).
    mutating func below(_ n: Int) -> Int { n <= 1 ? 0 : Int(next() % UInt64(n)) }

    /// Uniform in the closed range.
    mutating func int(_ range: ClosedRange<Int>) -> Int { range.lowerBound + below(range.count) }

    mutating func chance(_ p: Double) -> Bool { unit() < p }

    /// Standard normal (Box–Muller).
    mutating func normal() -> Double {
        let u = max(unit(), 1e-12)
        return sqrt(-2 * log(u)) * cos(2 * Double.pi * unit())
    }
}

/// Picks rows for a deliberate fault evenly through the file: enterprise `index` is picked when
/// `(index + phase) % every == 0`, where `every` keeps the share near `rate` but still gives at
/// least `atLeast` hits in a small sample.
struct SampleSelector {
    let every: Int
    let phase: Int

    init(count: Int, rate: Double, atLeast: Int, phase: Int) {
        let byRate = max(1, Int((1 / rate).rounded()))
        let byMinimum = atLeast > 0 ? max(1, count / atLeast) : byRate
        every = max(1, min(byRate, byMinimum))
        self.phase = phase % every
    }

    func picks(_ index: Int) -> Bool { (index + phase) % every == 0 }
}
