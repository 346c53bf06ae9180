/// Fatal problems with an input file as a whole (SPEC §3, appendix 8 and 15). Row-level problems are
/// rejects, not errors.
public enum CSVError: MujunError, Equatable {
    /// The file does not exist, is a directory, or cannot be read (exit 66).
    case unreadable(path: String, reason: String)
    /// Bytes that are neither valid UTF-8 nor valid GB18030, or not what the BOM or config says (exit 65).
    case undecodable(path: String, offset: Int, encoding: String)
    /// Zero bytes, or nothing but blank lines: no header to read (exit 65).
    case noHeader(path: String)
    /// A required column is absent (exit 65).
    case missingColumn(path: String, column: String, found: [String])
    /// One record larger than the reader will buffer (exit 65).
    case recordTooLarge(path: String, line: Int, limit: Int)
    /// A header with more columns than the reader accepts (exit 65).
    case tooManyColumns(path: String, count: Int, limit: Int)

    public var exitStatus: ExitStatus {
        switch self {
        case .unreadable: return .noInput
        default: return .dataError
        }
    }

    public var location: SourceLocation? {
        switch self {
        case .unreadable(let path, _), .undecodable(let path, _, _), .noHeader(let path),
            .tooManyColumns(let path, _, _):
            return SourceLocation(path: path)
        case .missingColumn(let path, _, _):
            return SourceLocation(path: path, line: 1)
        case .recordTooLarge(let path, let line, _):
            return SourceLocation(path: path, line: line)
        }
    }

    public var message: String {
        switch self {
        case .unreadable(_, let reason):
            return "cannot read input file: \(reason)"
        case .undecodable(_, let offset, let encoding):
            return "invalid \(encoding) at byte offset \(offset)"
        case .noHeader:
            return "the file is empty: no header line"
        case .missingColumn(_, let column, let found):
            return "missing required column '\(column)'; found: \(found.map { "'\($0)'" }.joined(separator: ", "))"
        case .recordTooLarge(_, _, let limit):
            return "a record is longer than \(limit) bytes"
        case .tooManyColumns(_, let count, let limit):
            return "the header has \(count) columns; at most \(limit) are read"
        }
    }
}
