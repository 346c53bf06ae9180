import Dispatch
import Foundation

/// Report: turns a finished evaluation into the output tables of SPEC §13 (the manifest is added by
/// the caller, which knows the run id and status).
public enum Report {
    /// The writers, in the order the tables are listed in the manifest.
    static func writers(_ r: RunResult, excel: Bool, runID: String?) -> [(name: String, write: () -> [UInt8])] {
        [
            ("rankings.csv", { RankingsTable.write(r, excel: excel, extra: RankingExtras(r)) }),
            ("class_summary.csv", { ClassSummaryTable.write(r, excel: excel) }),
            ("benchmarks.csv", { BenchmarksTable.write(r, excel: excel) }),
            ("allocation.csv", { AllocationTable.write(r, excel: excel) }),
            ("remediation.csv", { RemediationTable.write(r, excel: excel) }),
            ("industry_summary.csv", { AreaSummaryTable.write(r, by: .industry, excel: excel) }),
            ("region_summary.csv", { AreaSummaryTable.write(r, by: .region, excel: excel) }),
            ("gazelles.csv", { GazellesTable.write(r, excel: excel) }),
            ("targets.csv", { TargetsTable.write(r, excel: excel) }),
            ("rejects.csv", { RejectsTable.write(r.inputs.rejects, excel: excel) }),
            // For people: drawn from the same values, each number tied to its table cell.
            ("report.html", { ReportHTML.write(r, runID: runID) }),
        ]
    }

    /// The tables and report.html; `runID` is shown in the page's header. The tables are
    /// independent, so they are written at the same time; each one's bytes do not depend on that.
    public static func tables(_ r: RunResult, excel: Bool, runID: String? = nil) -> [(name: String, bytes: [UInt8])] {
        let list = writers(r, excel: excel, runID: runID)
        let timing = ProcessInfo.processInfo.environment["MUJUN_TABLE_TIMING"] != nil
        let bytes = Parallel.map(list.count) { i -> [UInt8] in
            let start = DispatchTime.now().uptimeNanoseconds
            let b = list[i].write()
            if timing {
                printError("table=\(list[i].name) ms=\(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6)")
            }
            return b
        }
        return zip(list, bytes).map { ($0.name, $1) }
    }
}
