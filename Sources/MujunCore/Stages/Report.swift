import Dispatch
import Foundation

/// Report: turns a finished evaluation into the output tables of SPEC §13 (the manifest is added by
/// the caller, which knows the run id and status).
public enum Report {
    /// One output table: its file name and how to write it into a sink.
    typealias Writer = (name: String, write: (TableSink) throws -> Void)

    /// The writers, in the order the tables are listed in the manifest. The large tables stream
    /// into their sink a batch of rows at a time; the small ones are built whole.
    static func writers(_ r: RunResult, excel: Bool, runID: String?) -> [Writer] {
        [
            ("rankings.csv", { try RankingsTable.write(r, excel: excel, extra: RankingExtras(r), to: $0) }),
            ("class_summary.csv", { try $0.write(ClassSummaryTable.write(r, excel: excel)) }),
            ("benchmarks.csv", { try $0.write(BenchmarksTable.write(r, excel: excel)) }),
            ("allocation.csv", { try AllocationTable.write(r, excel: excel, to: $0) }),
            ("remediation.csv", { try RemediationTable.write(r, excel: excel, to: $0) }),
            ("industry_summary.csv", { try $0.write(AreaSummaryTable.write(r, by: .industry, excel: excel)) }),
            ("region_summary.csv", { try $0.write(AreaSummaryTable.write(r, by: .region, excel: excel)) }),
            ("gazelles.csv", { try $0.write(GazellesTable.write(r, excel: excel)) }),
            ("targets.csv", { try $0.write(TargetsTable.write(r, excel: excel)) }),
            ("rejects.csv", { try $0.write(RejectsTable.write(r.inputs.rejects, excel: excel)) }),
            // For people: drawn from the same values, each number tied to its table cell.
            ("report.html", { try $0.write(ReportHTML.write(r, runID: runID)) }),
        ]
    }

    /// The file names `write` produces, in manifest order.
    public static let tableNames = [
        "rankings.csv", "class_summary.csv", "benchmarks.csv", "allocation.csv", "remediation.csv",
        "industry_summary.csv", "region_summary.csv", "gazelles.csv", "targets.csv", "rejects.csv", "report.html",
    ]

    /// Writes every table through `open`, which gives the sink for a file name (a file in the run's
    /// staging folder). The tables are independent, so they are written at the same time; each
    /// one's bytes do not depend on that. The first error in table order is thrown.
    public static func write(
        _ r: RunResult, excel: Bool, runID: String?, open: (String, (TableSink) throws -> Void) throws -> Void
    ) throws {
        let list = writers(r, excel: excel, runID: runID)
        let timing = ProcessInfo.processInfo.environment["MUJUN_TABLE_TIMING"] != nil
        let outcomes = Parallel.map(list.count) { i -> Result<Void, Error> in
            let start = DispatchTime.now().uptimeNanoseconds
            let outcome = Result { try open(list[i].name, list[i].write) }
            if timing {
                printError("table=\(list[i].name) ms=\(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6)")
            }
            return outcome
        }
        for outcome in outcomes { try outcome.get() }
    }

    /// The tables and report.html as bytes in memory (tests; a run streams them to files instead).
    public static func tables(_ r: RunResult, excel: Bool, runID: String? = nil) -> [(name: String, bytes: [UInt8])] {
        let list = writers(r, excel: excel, runID: runID)
        let bytes = Parallel.map(list.count) { i in MemorySink.collect(list[i].write) }
        return zip(list, bytes).map { ($0.name, $1) }
    }
}
