import Dispatch
import Foundation

/// Report: turns a finished evaluation into the output tables of SPEC §13 (the manifest is added by
/// the caller, which knows the run id and status).
public enum Report {
    /// What every writer is given: the finished run, `--excel`, and the run id report.html shows.
    struct Context {
        var r: RunResult
        var excel: Bool
        var runID: String?
        /// Summed once for the summary tables and report.html.
        var areas: AreaTotals

        init(r: RunResult, excel: Bool, runID: String?) {
            self.r = r
            self.excel = excel
            self.runID = runID
            areas = AreaTotals(r)
        }
    }

    /// One output table: its file name and how to write it into a sink.
    typealias Writer = (name: String, write: (Context, TableSink) throws -> Void)

    /// The writers, in the order the tables are listed in the manifest. The large tables stream
    /// into their sink a batch of rows at a time; the small ones are built whole.
    static let writers: [Writer] = [
        ("rankings.csv", { c, s in try RankingsTable.write(c.r, excel: c.excel, extra: RankingExtras(c.r), to: s) }),
        ("class_summary.csv", { c, s in try s.write(ClassSummaryTable.write(c.r, excel: c.excel)) }),
        ("benchmarks.csv", { c, s in try s.write(BenchmarksTable.write(c.r, excel: c.excel)) }),
        ("allocation.csv", { c, s in try AllocationTable.write(c.r, excel: c.excel, to: s) }),
        ("remediation.csv", { c, s in try RemediationTable.write(c.r, excel: c.excel, to: s) }),
        ("industry_summary.csv", { c, s in
            try s.write(AreaSummaryTable.write(c.areas.by(.industry), by: .industry, excel: c.excel))
        }),
        ("region_summary.csv", { c, s in
            try s.write(AreaSummaryTable.write(c.areas.by(.region), by: .region, excel: c.excel))
        }),
        ("gazelles.csv", { c, s in try s.write(GazellesTable.write(c.r, excel: c.excel)) }),
        ("targets.csv", { c, s in try s.write(TargetsTable.write(c.r, excel: c.excel)) }),
        ("rejects.csv", { c, s in try RejectsTable.write(c.r.inputs.rejects, excel: c.excel, to: s) }),
        // For people: drawn from the same values, each number tied to its table cell.
        ("report.html", { c, s in try s.write(ReportHTML.write(c.r, runID: c.runID, areas: c.areas)) }),
    ]

    /// The file names `write` produces, in manifest order (the manifest lists them before they exist).
    public static let tableNames = writers.map(\.name)

    /// The order the writers start in (indices into `writers`): the longest first, so that none
    /// of them starts last and finishes alone (report.html, last in the manifest, did at 100k),
    /// then the rest in manifest order.
    static let startOrder: [Int] = {
        let first = ["rankings.csv", "report.html", "allocation.csv", "remediation.csv"].compactMap { name in
            writers.firstIndex { $0.name == name }
        }
        return first + writers.indices.filter { !first.contains($0) }
    }()

    /// Writes every table through `open`, which gives the sink for a file name (a file in the run's
    /// staging folder). The tables are independent, so they are written at the same time; each
    /// one's bytes do not depend on that. The first error in table order is thrown.
    public static func write(
        _ r: RunResult, excel: Bool, runID: String?, open: (String, (TableSink) throws -> Void) throws -> Void
    ) throws {
        // The chunks' buffers are kept from round to round and table to table, and let go here.
        defer { ChunkBufferPool.shared.drain() }
        let context = Context(r: r, excel: excel, runID: runID)
        let timing = ProcessInfo.processInfo.environment["MUJUN_TABLE_TIMING"] != nil
        let started = Parallel.map(writers.count) { k -> Result<Void, Error> in
            let i = startOrder[k]
            let start = DispatchTime.now().uptimeNanoseconds
            let outcome = Result { try open(writers[i].name) { try writers[i].write(context, $0) } }
            if timing {
                printError("table=\(writers[i].name) ms=\(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6)")
            }
            return outcome
        }
        var outcomes = [Result<Void, Error>](repeating: .success(()), count: writers.count)
        for (k, outcome) in started.enumerated() { outcomes[startOrder[k]] = outcome }
        for outcome in outcomes { try outcome.get() }
    }

    /// The tables and report.html as bytes in memory (tests; a run streams them to files instead).
    public static func tables(_ r: RunResult, excel: Bool, runID: String? = nil) -> [(name: String, bytes: [UInt8])] {
        defer { ChunkBufferPool.shared.drain() }
        let context = Context(r: r, excel: excel, runID: runID)
        let bytes = Parallel.map(writers.count) { i in MemorySink.collect { try writers[i].write(context, $0) } }
        return zip(writers, bytes).map { ($0.name, $1) }
    }
}
