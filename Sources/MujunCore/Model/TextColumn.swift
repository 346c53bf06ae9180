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

    /// Room for `count` entries (their bytes grow as they come).
    public mutating func reserveCapacity(_ count: Int) { ends.reserveCapacity(count) }

    public mutating func append(_ text: String) {
        bytes.append(contentsOf: text.utf8)
        ends.append(bytes.count)
    }
}
