/// rejects.csv (SPEC §13): every rejected input row, by file (SPEC §2 order), then line.
public enum RejectsTable {
    public static let header = ["file", "line", "uscc", "reason", "message"]

    public static func sorted(_ rejects: [Reject]) -> [Reject] {
        rejects.enumerated().sorted { a, b in
            if a.element.file != b.element.file { return a.element.file < b.element.file }
            if a.element.line != b.element.line { return a.element.line < b.element.line }
            return a.offset < b.offset
        }.map(\.element)
    }

    public static func write(_ rejects: [Reject], excel: Bool = false) -> [UInt8] {
        var w = TableWriter(header: header, excel: excel)
        for reject in sorted(rejects) {
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
