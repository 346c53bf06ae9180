/// An order-independent sum of Doubles (SPEC §13: per-enterprise sums must not depend on row
/// order or thread count).
///
/// Each addend is turned into a fixed-point integer with 64 fractional bits — exact for every
/// Double from 2^-64 to 2^62 in magnitude (larger ones saturate), which covers any money, area or
/// energy figure — and
/// integer addition is associative, so any grouping of the same rows gives the same bits.
public struct ExactSum: Equatable, Sendable {
    // The Int128 total in two halves: an Int128 field would align the struct to 16 bytes and pad it
    // to 32, and there are several of these per enterprise (24 bytes at a million enterprises saves
    // 48 MB across the own sums alone).
    private var low: UInt64 = 0
    private var high: Int64 = 0
    /// Number of addends, saturating (a sum over no rows is "missing", not 0: appendix 24).
    private var addends: UInt32 = 0

    public init() {}

    /// The fixed-point total: the sum · 2^64.
    public private(set) var raw: Int128 {
        get { Int128(high) << 64 | Int128(low) }
        set {
            low = UInt64(truncatingIfNeeded: newValue)
            high = Int64(truncatingIfNeeded: newValue >> 64)
        }
    }

    /// Number of addends (saturates at 2^32 − 1).
    public var count: Int { Int(addends) }

    public var isEmpty: Bool { addends == 0 }

    @inline(__always)
    public mutating func add(_ x: Double) {
        raw &+= ExactSum.fixed(x)
        if addends != .max { addends += 1 }
    }

    public mutating func add(_ other: ExactSum) {
        raw &+= other.raw
        addends = addends.addingReportingOverflow(other.addends).overflow ? .max : addends + other.addends
    }

    /// The correctly rounded Double of the fixed-point total.
    public var value: Double { ExactSum.double(raw) * 0x1p-64 }

    /// `Double(v)`, correctly rounded, without the generic conversion's cost: the top 64 bits
    /// with a sticky bit for everything below them round exactly as the whole number would.
    @inline(__always)
    static func double(_ v: Int128) -> Double {
        let magnitude = v.magnitude
        let high = UInt64(truncatingIfNeeded: magnitude >> 64)
        let result: Double
        if high == 0 {
            result = Double(UInt64(truncatingIfNeeded: magnitude))
        } else {
            let shift = 64 - high.leadingZeroBitCount
            let top = UInt64(truncatingIfNeeded: magnitude >> UInt128(shift))
            let sticky: UInt64 = (magnitude & ((UInt128(1) << UInt128(shift)) - 1)) != 0 ? 1 : 0
            result = Double(top | sticky) * Double(sign: .plus, exponent: shift, significand: 1)
        }
        return v < 0 ? -result : result
    }

    /// The value, or nil when nothing was added.
    public var optionalValue: Double? { count == 0 ? nil : value }

    /// x · 2^64 truncated toward zero; non-finite or absurd inputs saturate instead of trapping.
    ///
    /// Read straight from the bit pattern (every row's amount passes through here): a normal
    /// `x` is its 53-bit significand · 2^(biased exponent − 1075), so x · 2^64 is the significand
    /// shifted by (biased exponent − 1011). Zero, subnormals (below 2^-1022, far under 2^-64) and
    /// non-finite values give 0; magnitudes of 2^62 and more saturate at ±2^126.
    @inline(__always)
    static func fixed(_ x: Double) -> Int128 {
        let bits = x.bitPattern
        let biased = Int(truncatingIfNeeded: (bits >> 52) & 0x7FF)
        guard biased != 0 && biased != 0x7FF else { return 0 }
        let negative = bits >> 63 != 0
        if biased >= 1023 + 62 { return negative ? -(Int128(1) << 126) : (Int128(1) << 126) }
        let significand = (bits & 0x000F_FFFF_FFFF_FFFF) | (1 << 52)
        let shift = biased - 1011
        let v: Int128
        if shift >= 0 {
            v = Int128(significand) << shift
        } else if shift > -64 {
            v = Int128(significand >> UInt64(-shift))
        } else {
            v = 0
        }
        return negative ? -v : v
    }
}
