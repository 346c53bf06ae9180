/// rejects.csv (SPEC §13): every rejected input row, by file (SPEC §2 order), then line.
public enum RejectsTable {
    public static let header = ["file", "line", "uscc", "reason", "message"]

    /// Positions of `rejects` by file, then line, then position: each packed into one integer key,
    /// radix-sorted like the code and rank orders (a comparator called ~3 million times for
    /// 161 000 rejects at a million enterprises was a quarter of a second).
    static func order(_ rejects: [Reject]) -> [Int] {
        let keys = rejects.enumerated().map { i, reject in
            UInt128(UInt8(reject.file.ordinal)) << 112 | UInt128(UInt64(clamping: reject.line)) << 48
                | UInt128(UInt64(i))
        }
        return Parallel.sorted(keys, positionBytes: 6).map { Int(truncatingIfNeeded: UInt64(truncatingIfNeeded: $0) & 0xFFFF_FFFF_FFFF) }
    }

    /// The table as bytes (a failed run's evidence, tests).
    public static func write(_ rejects: [Reject], excel: Bool = false) -> [UInt8] {
        MemorySink.collect { try write(rejects, excel: excel, to: $0) }
    }

    /// The table, streamed into `sink` a round of rows at a time. Built whole, its buffer grew by
    /// doubling and was then copied: ~120 MB of pages faulted in for 17 MB of table at a million
    /// enterprises.
    public static func write(_ rejects: [Reject], excel: Bool = false, to sink: TableSink) throws {
        let order = order(rejects)
        try TableWriter.stream(header: header, excel: excel, rows: order.count, into: sink) { w, range in
            for position in range {
                let reject = rejects[order[position]]
                w.text(reject.file.rawValue)
                w.integer(reject.line)
                w.text(reject.uscc)
                w.text(reject.reason.rawValue)
                w.text(reject.message)
                w.endRow()
            }
        }
    }
}
