#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A closed vocabulary looked up straight from a cell's bytes, case-folding ASCII letters
/// (appendix rule 5), so the ingest loop makes no String for a unit, a carrier or a kind.
struct ByteVocabulary<Value>: @unchecked Sendable {
    private let keys: [[UInt8]]
    private let values: [Value]

    /// `aliases` keys are already case-folded.
    init(_ aliases: [String: Value]) {
        let sorted = aliases.sorted { $0.key < $1.key }
        keys = sorted.map { Array($0.key.utf8) }
        values = sorted.map(\.value)
    }

    func lookup(_ cell: UnsafeBufferPointer<UInt8>) -> Value? {
        let n = cell.count
        guard n > 0, n <= 48, let source = cell.baseAddress else { return nil }
        return withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 48) { folded -> Value? in
            guard let f = folded.baseAddress else { return nil }
            for i in 0..<n {
                let b = source[i]
                f[i] = b >= 0x41 && b <= 0x5A ? b | 0x20 : b
            }
            for (index, key) in keys.enumerated() where key.count == n {
                let same = key.withUnsafeBufferPointer { k in k.baseAddress.map { memcmp($0, f, n) == 0 } ?? false }
                if same { return values[index] }
            }
            return nil
        }
    }

    func lookup(_ cell: String) -> Value? {
        var s = cell
        return s.withUTF8 { lookup($0) }
    }
}
