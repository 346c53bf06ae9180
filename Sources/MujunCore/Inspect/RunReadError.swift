/// Failures reading a finished run's folder back (`explain`, `diff`): a missing folder or table is
/// exit 66 like a missing input; a table that does not parse is bad data (65).
public enum RunReadError: MujunError, Equatable {
    case missingRun(path: String)
    case missingTable(path: String)
    case malformedTable(path: String, line: Int, reason: String)

    public var exitStatus: ExitStatus {
        switch self {
        case .missingRun, .missingTable: return .noInput
        case .malformedTable: return .dataError
        }
    }

    public var location: SourceLocation? {
        switch self {
        case .missingRun(let path), .missingTable(let path): return SourceLocation(path: path)
        case .malformedTable(let path, let line, _): return SourceLocation(path: path, line: line)
        }
    }

    public var message: String {
        switch self {
        case .missingRun: return "no finished run here (expected an --out folder with 'latest', or a run folder)"
        case .missingTable: return "table missing from the run"
        case .malformedTable(_, _, let reason): return reason
        }
    }
}
