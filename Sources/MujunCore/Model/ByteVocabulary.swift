/// A closed vocabulary looked up straight from a cell's bytes, case-folding ASCII letters
/// (appendix rule 5), so the ingest loop makes no String for a unit, a carrier or a kind.
struct ByteVocabulary<Value>: @unchecked Sendable {
    /// Every key's bytes back to back, keys ordered by length: a cell is compared only with the
    /// keys of its own length, in place, folding as it goes (no copy, no per-key array to retain).
    private let bytes: [UInt8]
    private let starts: [Int]
    /// Keys of length n are `firstOfLength[n] ..< firstOfLength[n + 1]`.
    private let firstOfLength: [Int]
    private let values: [Value]

    /// `aliases` keys are already case-folded.
    init(_ aliases: [String: Value]) {
        let sorted = aliases.map { (key: Array($0.key.utf8), value: $0.value) }.sorted {
            $0.key.count != $1.key.count ? $0.key.count < $1.key.count : $0.key.lexicographicallyPrecedes($1.key)
        }
        let longest = sorted.last?.key.count ?? 0
        var bytes: [UInt8] = []
        var starts: [Int] = []
        var firstOfLength = [Int](repeating: sorted.count, count: longest + 2)
        for (index, entry) in sorted.enumerated().reversed() { firstOfLength[entry.key.count] = index }
        // Lengths no key has start where the next longer length starts.
        for n in stride(from: longest, through: 0, by: -1) where firstOfLength[n] > firstOfLength[n + 1] {
            firstOfLength[n] = firstOfLength[n + 1]
        }
        for entry in sorted {
            starts.append(bytes.count)
            bytes += entry.key
        }
        self.bytes = bytes
        self.starts = starts
        self.firstOfLength = firstOfLength
        values = sorted.map(\.value)
    }

    func lookup(_ cell: UnsafeBufferPointer<UInt8>) -> Value? {
        let n = cell.count
        guard n > 0, n + 1 < firstOfLength.count else { return nil }
        return bytes.withUnsafeBufferPointer { keys -> Value? in
            for k in firstOfLength[n]..<firstOfLength[n + 1] {
                let start = starts[k]
                var i = 0
                while i < n {
                    let b = cell[i]
                    if (b >= 0x41 && b <= 0x5A ? b | 0x20 : b) != keys[start + i] { break }
                    i += 1
                }
                if i == n { return values[k] }
            }
            return nil
        }
    }

    func lookup(_ cell: String) -> Value? {
        var s = cell
        return s.withUTF8 { lookup($0) }
    }
}
