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

    public static func write(_ rejects: [Reject], excel: Bool = false) -> [UInt8] {
        var w = TableWriter(header: header, excel: excel)
        for i in order(rejects) {
            let reject = rejects[i]
            w.text(reject.file.rawValue)
            w.integer(reject.line)
            w.text(reject.uscc)
            w.text(reject.reason.rawValue)
            w.text(reject.message)
            w.endRow()
        }
        return w.bytes
    }
}
