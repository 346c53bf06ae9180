import Foundation

/// One text column for every enterprise (the registry's names), as one byte table.
///
/// A million names held as `String`s would each be a heap object (about 80 bytes for a
/// twelve-character Chinese name, plus the 16-byte `String` itself); here they take their UTF-8
/// bytes and one offset each, and the table writers copy a name's bytes without making a String.
public struct TextColumn: RandomAccessCollection, Equatable, Sendable {
    private var bytes: [UInt8] = []
    /// Where each entry's bytes end; entry i starts where entry i − 1 ends.
    private var ends: [Int] = []

    public init() {}

    public var startIndex: Int { 0 }
    public var endIndex: Int { ends.count }

    public subscript(i: Int) -> String {
        withBytes(i) { String(decoding: $0, as: UTF8.self) }
    }

    /// Calls `body` with entry `i`'s UTF-8 bytes.
    public func withBytes<R>(_ i: Int, _ body: (UnsafeBufferPointer<UInt8>) -> R) -> R {
        let start = i == 0 ? 0 : ends[i - 1]
        let end = ends[i]
        return bytes.withUnsafeBufferPointer { body(UnsafeBufferPointer(rebasing: $0[start..<end])) }
    }

    /// Whether entry `i` is exactly these bytes.
    func entry(_ i: Int, equals other: UnsafeBufferPointer<UInt8>) -> Bool {
        withBytes(i) { sameBytes($0, other) }
    }

    /// Room for `count` entries (their bytes grow as they come).
    public mutating func reserveCapacity(_ count: Int) { ends.reserveCapacity(count) }

    /// Room for `count` entries of `bytes` bytes in all.
    mutating func reserveCapacity(_ count: Int, bytes byteCount: Int) {
        ends.reserveCapacity(count)
        bytes.reserveCapacity(byteCount)
    }

    /// Entries `ids[i]` for every i, in that order, visiting the entries in the order `visit` gives
    /// (a permutation of `ids.indices`): in ascending id order the reads sweep both buffers front
    /// to back instead of missing the cache on every entry (see `BatchGather`).
    func gathered(_ ids: [Int], visiting visit: [Int]) -> TextColumn {
        var gathered = TextColumn()
        let n = ids.count
        guard n > 0 else { return gathered }
        ends.withUnsafeBufferPointer { ends in
            @inline(__always) func start(_ id: Int) -> Int { id == 0 ? 0 : ends[id - 1] }
            // Each entry's length (read in id order), then running totals: the gathered ends.
            var rowEnds = [Int](repeating: 0, count: n)
            for i in visit { rowEnds[i] = ends[ids[i]] - start(ids[i]) }
            var total = 0
            for i in 0..<n {
                total += rowEnds[i]
                rowEnds[i] = total
            }
            gathered.bytes = [UInt8](unsafeUninitializedCapacity: total) { out, initialized in
                bytes.withUnsafeBufferPointer { source in
                    guard let from = source.baseAddress, let to = out.baseAddress else { return }
                    // The entries tile `out`: every byte is written exactly once.
                    for i in visit {
                        let first = start(ids[i])
                        let length = ends[ids[i]] - first
                        copyShortBytes(to + rowEnds[i] - length, from: from + first, count: length)
                    }
                }
                initialized = total
            }
            gathered.ends = rowEnds
        }
        return gathered
    }

    public mutating func append(_ text: String) {
        bytes.append(contentsOf: text.utf8)
        ends.append(bytes.count)
    }

    /// Appends an entry from its UTF-8 bytes.
    mutating func append(_ utf8: UnsafeBufferPointer<UInt8>) {
        bytes.append(contentsOf: utf8)
        ends.append(bytes.count)
    }

    /// Appends every entry of `other`, in order.
    mutating func append(contentsOf other: TextColumn) {
        let offset = bytes.count
        bytes += other.bytes
        ends.reserveCapacity(ends.count + other.ends.count)
        for end in other.ends { ends.append(offset + end) }
    }
}

/// Whether two byte runs are equal (one `memcmp`, not a generic element-by-element comparison).
func sameBytes(_ a: UnsafeBufferPointer<UInt8>, _ b: UnsafeBufferPointer<UInt8>) -> Bool {
    guard a.count == b.count else { return false }
    guard let p = a.baseAddress, let q = b.baseAddress, !a.isEmpty else { return true }
    return memcmp(p, q, a.count) == 0
}

extension TextColumn {
    /// A column's entries read through pointers: a copy of a `TextColumn` retains its two arrays,
    /// and a loop that picks an entry from one of several columns per row would copy one per row.
    struct View {
        fileprivate let bytes: UnsafeBufferPointer<UInt8>
        fileprivate let ends: UnsafeBufferPointer<Int>

        /// The bytes of every entry together.
        var byteCount: Int { bytes.count }

        /// Calls `body` with entry `i`'s UTF-8 bytes.
        func withBytes<R>(_ i: Int, _ body: (UnsafeBufferPointer<UInt8>) -> R) -> R {
            let start = i == 0 ? 0 : ends[i - 1]
            return body(UnsafeBufferPointer(rebasing: bytes[start..<ends[i]]))
        }
    }

    /// Calls `body` with a view of each column, in order; the views are valid only inside it.
    static func withViews<R>(_ columns: [TextColumn], _ body: ([View]) -> R) -> R {
        withViews(columns[...], [], body)
    }

    private static func withViews<R>(_ columns: ArraySlice<TextColumn>, _ views: [View], _ body: ([View]) -> R) -> R {
        guard let first = columns.first else { return body(views) }
        return first.bytes.withUnsafeBufferPointer { bytes in
            first.ends.withUnsafeBufferPointer { ends in
                withViews(columns.dropFirst(), views + [View(bytes: bytes, ends: ends)], body)
            }
        }
    }
}
