/// `explain` asked about an enterprise the run does not hold: a usage problem (exit 64), printed
/// as one `mujun: error: <run>: …` line naming the code.
public enum ExplainError: MujunError, Equatable {
    /// A valid code that is not in the run's rankings.csv; `rejectedRows` counts its rejected input rows.
    case noSuchEnterprise(run: String, uscc: String, rejectedRows: Int)
    /// Text that is not a unified social credit code at all.
    case invalidCode(run: String, code: String)

    public var exitStatus: ExitStatus { .usage }

    public var location: SourceLocation? {
        switch self {
        case .noSuchEnterprise(let run, _, _), .invalidCode(let run, _): return SourceLocation(path: run)
        }
    }

    public var message: String {
        switch self {
        case .noSuchEnterprise(_, let uscc, let rejected):
            let hint = rejected == 0 ? "" : " (\(rejected) input row\(rejected == 1 ? "" : "s") with this code were rejected; see rejects.csv)"
            return "no enterprise \(uscc) in this run" + hint
        case .invalidCode(_, let code):
            return "no enterprise \(code) in this run ('\(code)' is not a valid unified social credit code)"
        }
    }
}
