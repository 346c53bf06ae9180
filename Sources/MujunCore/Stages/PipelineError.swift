import Foundation

/// Failures of a run as a whole, beyond one file or the pipeline file.
public enum PipelineError: MujunError, Equatable {
    /// Too many rejected rows in a file (SPEC §3 quality gate, exit 65).
    case qualityGate(path: String, rejected: Int, read: Int, share: Double, limit: Double, otherFiles: Int)
    /// `--data` (or the pipeline's `data`) is not a folder (exit 66).
    case dataFolderMissing(path: String)
    /// No `--data` and no `data` key (exit 64 is for the command line; this is the pipeline's gap, 66).
    case noDataFolder
    /// The output folder or a table cannot be written (exit 73).
    case cannotWrite(path: String, reason: String)

    public var exitStatus: ExitStatus {
        switch self {
        case .qualityGate: return .dataError
        case .dataFolderMissing, .noDataFolder: return .noInput
        case .cannotWrite: return .cannotCreate
        }
    }

    public var location: SourceLocation? {
        switch self {
        case .qualityGate(let path, _, _, _, _, _), .dataFolderMissing(let path), .cannotWrite(let path, _):
            return SourceLocation(path: path)
        case .noDataFolder:
            return nil
        }
    }

    public var message: String {
        switch self {
        case .qualityGate(_, let rejected, let read, let share, let limit, let others):
            let more = others > 0 ? " (and \(others) more file\(others == 1 ? "" : "s"))" : ""
            return "quality gate failed: \(rejected) of \(read) rows rejected (\(formatPercent(share))), "
                + "more than max_reject_share \(formatPercent(limit))\(more); see rejects with 'mujun validate', or pass --force"
        case .dataFolderMissing:
            return "data folder not found"
        case .noDataFolder:
            return "no data folder: pass --data or set 'data' in the pipeline file"
        case .cannotWrite(_, let reason):
            return "cannot write output: \(reason)"
        }
    }
}

func formatPercent(_ share: Double) -> String {
    String(format: "%.2f%%", share * 100)
}
