import Foundation

/// One output table of a finished run, read back: the header and each record's cells.
///
/// Output tables are mujun's own (SPEC §13: UTF-8, `,`, `"` quoting, `\n`), so this reader is the
/// plain RFC 4180 parser, not the tolerant input reader of ingest; an `--excel` BOM is skipped.
public struct OutputTable: Sendable {
    public var path: String
    public var header: [String]
    public var rows: [[String]]

    /// Reads the whole table, or only the rows whose `column` equals `value` (explain reads one
    /// enterprise out of a possibly large rankings.csv without keeping the rest).
    public static func read(_ path: String, keepingRowsWhere column: String? = nil, equals value: String? = nil)
        throws -> OutputTable
    {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw RunReadError.missingTable(path: path)
        }
        var bytes = [UInt8](data)
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes.removeFirst(3) }
        var header: [String]? = nil
        var filterIndex: Int? = nil
        var rows: [[String]] = []
        try parseRecords(bytes, path: path) { line, fields in
            guard let h = header else {
                header = fields
                if let column {
                    guard let i = fields.firstIndex(of: column) else {
                        throw RunReadError.malformedTable(path: path, line: 1, reason: "no column '\(column)'")
                    }
                    filterIndex = i
                }
                return
            }
            guard fields.count == h.count else {
                throw RunReadError.malformedTable(
                    path: path, line: line, reason: "\(fields.count) cells where the header has \(h.count)")
            }
            if let filterIndex, fields[filterIndex] != value { return }
            rows.append(fields)
        }
        guard let header else { throw RunReadError.malformedTable(path: path, line: 1, reason: "no header line") }
        return OutputTable(path: path, header: header, rows: rows)
    }

    /// The index of a column, or an error naming the table and the column.
    public func column(_ name: String) throws -> Int {
        guard let i = header.firstIndex(of: name) else {
            throw RunReadError.malformedTable(path: path, line: 1, reason: "no column '\(name)'")
        }
        return i
    }

    /// Rows as dictionaries keyed by column name (small tables only).
    public var records: [[String: String]] {
        rows.map { Dictionary(zip(header, $0), uniquingKeysWith: { a, _ in a }) }
    }

    /// Splits RFC 4180 text into records, calling `body` with each record's first line and cells.
    static func parseRecords(_ bytes: [UInt8], path: String, _ body: (Int, [String]) throws -> Void) throws {
        let quote = UInt8(ascii: "\""), comma = UInt8(ascii: ","), lf = UInt8(ascii: "\n"), cr = UInt8(ascii: "\r")
        var fields: [String] = []
        var field: [UInt8] = []
        var line = 1
        var recordLine = 1
        var inQuotes = false
        var i = 0
        var recordHasContent = false
        func endField() {
            fields.append(String(decoding: field, as: UTF8.self))
            field.removeAll(keepingCapacity: true)
        }
        while i < bytes.count {
            let b = bytes[i]
            i += 1
            if inQuotes {
                if b == quote {
                    if i < bytes.count && bytes[i] == quote {
                        field.append(quote)
                        i += 1
                    } else {
                        inQuotes = false
                    }
                } else {
                    if b == lf { line += 1 }
                    field.append(b)
                }
                continue
            }
            switch b {
            case quote:
                inQuotes = true
                recordHasContent = true
            case comma:
                endField()
                recordHasContent = true
            case cr:
                continue
            case lf:
                endField()
                if recordHasContent || fields.count > 1 || !(fields.first ?? "").isEmpty {
                    try body(recordLine, fields)
                }
                fields.removeAll(keepingCapacity: true)
                recordHasContent = false
                line += 1
                recordLine = line
            default:
                field.append(b)
                recordHasContent = true
            }
        }
        if inQuotes {
            throw RunReadError.malformedTable(path: path, line: recordLine, reason: "quoted cell left open")
        }
        if recordHasContent {
            endField()
            try body(recordLine, fields)
        }
    }
}
