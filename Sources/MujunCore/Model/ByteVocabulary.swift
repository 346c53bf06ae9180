import CIntrinsics

/// A closed vocabulary looked up straight from a cell's bytes, case-folding ASCII letters
/// (appendix rule 5), so the ingest loop makes no String for a unit, a carrier or a kind.
///
/// Looked up for a cell of nearly every row, so a key is compared as two words: its first 16
/// folded bytes, packed, and (only for the rare longer key) the rest byte by byte. A class, so
/// that a look-up borrows the tables instead of retaining each of its arrays.
final class ByteVocabulary<Value>: @unchecked Sendable {
    /// A key's length and its first 16 bytes packed little-endian (zero past its end).
    private struct Head: Equatable {
        var length: Int
        var low: UInt64
        var high: UInt64
    }

    /// Keys ordered by length; keys of length n are `firstOfLength[n] ..< firstOfLength[n + 1]`.
    private let heads: [Head]
    /// Each key's bytes after its 16th (empty for nearly all).
    private let tails: [[UInt8]]
    private let firstOfLength: [Int]
    private let values: [Value]

    /// `aliases` keys are already case-folded.
    init(_ aliases: [String: Value]) {
        let sorted = aliases.map { (key: Array($0.key.utf8), value: $0.value) }.sorted {
            $0.key.count != $1.key.count ? $0.key.count < $1.key.count : $0.key.lexicographicallyPrecedes($1.key)
        }
        let longest = sorted.last?.key.count ?? 0
        var firstOfLength = [Int](repeating: sorted.count, count: longest + 2)
        for (index, entry) in sorted.enumerated().reversed() { firstOfLength[entry.key.count] = index }
        // Lengths no key has start where the next longer length starts.
        for n in stride(from: longest, through: 0, by: -1) where firstOfLength[n] > firstOfLength[n + 1] {
            firstOfLength[n] = firstOfLength[n + 1]
        }
        heads = sorted.map { entry in
            entry.key.withUnsafeBufferPointer { ByteVocabulary.head($0, fold: false) }
        }
        tails = sorted.map { Array($0.key.dropFirst(16)) }
        self.firstOfLength = firstOfLength
        values = sorted.map(\.value)
    }

    @inline(__always)
    private static func folded(_ b: UInt8, _ fold: Bool) -> UInt8 {
        fold && b &- 0x41 < 26 ? b | 0x20 : b
    }

    /// The packed head of `bytes`, ASCII letters folded when `fold` is set.
    @inline(__always)
    private static func head(_ bytes: UnsafeBufferPointer<UInt8>, fold: Bool) -> Head {
        var low: UInt64 = 0
        var high: UInt64 = 0
        for i in 0..<min(bytes.count, 8) { low |= UInt64(folded(bytes[i], fold)) << UInt64(8 * i) }
        if bytes.count > 8 {
            for i in 8..<min(bytes.count, 16) { high |= UInt64(folded(bytes[i], fold)) << UInt64(8 * (i - 8)) }
        }
        return Head(length: bytes.count, low: low, high: high)
    }

    func lookup(_ cell: UnsafeBufferPointer<UInt8>) -> Value? {
        let n = cell.count
        guard n > 0, n + 1 < firstOfLength.count else { return nil }
        let range = firstOfLength[n]..<firstOfLength[n + 1]
        guard !range.isEmpty else { return nil }
        let wanted = ByteVocabulary.head(cell, fold: true)
        for k in range where heads[k] == wanted {
            if n <= 16 { return values[k] }
            let tail = tails[k]
            var i = 16
            while i < n && ByteVocabulary.folded(cell[i], true) == tail[i - 16] { i += 1 }
            if i == n { return values[k] }
        }
        return nil
    }

    func lookup(_ cell: String) -> Value? {
        var s = cell
        return s.withUTF8 { lookup($0) }
    }
}

/// The last word one reader looked up in a vocabulary and what it meant. Consecutive rows of a
/// file mostly repeat their words (an enterprise's twelve months of electricity in kWh), and
/// comparing a cell with the last one is far cheaper than a lookup; a word means the same whatever
/// row it is in, so the answer is the lookup's.
struct WordMemo<Value> {
    private var low: UInt64 = 0
    private var high: UInt64 = 0
    private var length = -1
    private var value: Value?

    /// `meaning(cell)`, remembered for the next call when the cell has at most 16 bytes.
    ///
    /// With `limit` (the end of the bytes readable after the cell, as in the readers' fast path)
    /// and 16 readable bytes, the cell's bytes are taken as two words and masked, not one by one.
    @_transparent
    mutating func lookup(
        _ cell: UnsafeBufferPointer<UInt8>, readableUpTo limit: UnsafePointer<UInt8>? = nil,
        _ meaning: (UnsafeBufferPointer<UInt8>) -> Value?
    ) -> Value? {
        let n = cell.count
        guard n <= 16 else { return meaning(cell) }
        var low: UInt64 = 0
        var high: UInt64 = 0
        if let p = cell.baseAddress, let limit, limit - p >= 16 {
            @inline(__always) func kept(_ bytes: Int) -> UInt64 { bytes >= 8 ? ~0 : (1 << UInt64(8 * bytes)) &- 1 }
            // `mujun_load_u64`, not `loadUnaligned`: in the readers' row closures that stayed a call.
            low = UInt64(littleEndian: mujun_load_u64(p)) & kept(n)
            if n > 8 { high = UInt64(littleEndian: mujun_load_u64(p + 8)) & kept(n - 8) }
        } else {
            for i in 0..<min(n, 8) { low |= UInt64(cell[i]) << UInt64(8 * i) }
            if n > 8 { for i in 8..<n { high |= UInt64(cell[i]) << UInt64(8 * (i - 8)) } }
        }
        if n == length && low == self.low && high == self.high { return value }
        let found = meaning(cell)
        (self.low, self.high, length, value) = (low, high, n, found)
        return found
    }
}
