/// Copies `count` bytes from `source` to `target` (the two do not overlap).
///
/// Table cells and names are short: up to 64 bytes are copied in line as a few unaligned words
/// that may overlap each other (two covering 4–7 bytes, 8–16, 16–32, four covering 33–64), not
/// by a call to `memmove` per cell. The writers copy every name of a million-row table twice
/// (into its batch, then into the table); most names are 16–40 bytes.
@inline(__always)
func copyShortBytes(_ target: UnsafeMutablePointer<UInt8>, from source: UnsafePointer<UInt8>, count n: Int) {
    let from = UnsafeRawPointer(source)
    let to = UnsafeMutableRawPointer(target)
    @inline(__always) func move<T: BitwiseCopyable>(_: T.Type, at offset: Int) {
        to.storeBytes(of: from.loadUnaligned(fromByteOffset: offset, as: T.self), toByteOffset: offset, as: T.self)
    }
    if n >= 16 {
        guard n <= 64 else { return target.initialize(from: source, count: n) }
        move(SIMD16<UInt8>.self, at: 0)
        if n > 32 {
            move(SIMD16<UInt8>.self, at: 16)
            move(SIMD16<UInt8>.self, at: n - 32)
        }
        move(SIMD16<UInt8>.self, at: n - 16)
    } else if n >= 8 {
        move(UInt64.self, at: 0)
        move(UInt64.self, at: n - 8)
    } else if n >= 4 {
        move(UInt32.self, at: 0)
        move(UInt32.self, at: n - 4)
    } else if n > 0 {
        target[0] = source[0]
        if n > 1 {
            move(UInt16.self, at: n - 2)
        }
    }
}
