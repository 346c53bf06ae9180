import Foundation


/// Everything one evaluation computed, stage by stage; the report writers read only this.
///
/// `inputs.history` and `inputs.sums` are empty here: once the last stage that reads them is done
/// they are let go (province-scale memory); the stages' outputs carry everything the writers need.
/// `Ingest.run` gives them whole.
public struct RunResult: Sendable {
    public var pipeline: Pipeline
    public var inputs: Inputs
    public var joined: Joined
    public var indicators: IndicatorTable
    public var scores: Scores
    public var classes: Classes
    /// Registry ids in code order (the tie-break of every table's row order).
    public var codeOrder: CodeOrder
    /// Previous class and rank, years in class (SPEC §12).
    public var history: HistoryColumns
    /// allocation.csv's rows (SPEC §10).
    public var allocation: Allocation
    /// remediation.csv's rows and the flags (SPEC §11).
    public var remediation: Remediation
    /// gazelles.csv's rows (SPEC §12).
    public var gazelles: Gazelles
    /// targets.csv's rows (SPEC §12).
    public var targets: TargetResults
    /// Files failing the quality gate (empty when it passed).
    public var gateFailures: [FileReport]
    public var timings: [StageTiming]
    public var warnings: [Warning]

    public var year: Int { inputs.year }
}

public struct StageTiming: Equatable, Sendable {
    public var stage: String
    public var milliseconds: Double
    public var rows: Int
}

/// The pipeline of SPEC §1, in order. Each stage is a pure function of the earlier stages' output
/// and the pipeline file; this is the one place that says which runs when.
public enum Evaluate {
    /// Stage names as logged and recorded in the manifest.
    public static let stages = [
        "ingest", "validate", "join", "indicators", "score", "classify", "history", "allocate", "diagnose", "growth",
        "targets",
    ]

    /// Runs every stage in order; `onStage` hears of each as it finishes (for logs and progress).
    public static func run(
        _ pipeline: Pipeline, _ options: Ingest.Options, onStage: (StageTiming) -> Void = { _ in }
    ) throws -> RunResult {
        var timings: [StageTiming] = []
        func timed<T>(_ name: String, rows: (T) -> Int, _ body: () throws -> T) rethrows -> T {
            let start = DispatchTime.now().uptimeNanoseconds
            let result = try body()
            let ms = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6
            let timing = StageTiming(stage: name, milliseconds: ms, rows: rows(result))
            timings.append(timing)
            onStage(timing)
            TestHooks.checkpoint("after:" + name)
            return result
        }
        // Ingest reads, validates (per row) and normalises (per row) in one pass over each file.
        // The history rows are read by the history stage only, and only for what `HistoryDigest`
        // keeps of them, which ingest takes as soon as they are read: the rows go there and then,
        // long before join, score and classify, where the run's memory peaks (2.9 million rows at
        // province scale).
        var historyRows = 0
        var (inputs, historyDigest) = try timed("ingest", rows: { $0.0.files.reduce(0) { $0 + $1.rowsRead } }) {
            () -> (Inputs, HistoryDigest) in
            var ingestOptions = options
            ingestOptions.keepsHistoryRows = false
            var inputs = try Ingest.run(pipeline, ingestOptions)
            // Every accepted history row is one entry (history.csv's and `--history`'s).
            historyRows = inputs.files.filter { $0.file == .history }.reduce(0) { $0 + $1.rowsAccepted }
            let digest = inputs.historyDigest ?? HistoryDigest(inputs)
            inputs.history = []
            inputs.historyDigest = nil
            return (inputs, digest)
        }
        releaseFreedMemory()
        // Validate: the quality gate over the accounting; it must see every file before anything is joined.
        let gateFailures = timed("validate", rows: { _ in inputs.files.count }) {
            QualityGate.failures(inputs.files, maxRejectShare: pipeline.maxRejectShare)
        }
        // Join must come before eligibility and indicators: tenants' sums move into their landlords'.
        // The code order (classify's ties, and every table listed "then by uscc") needs only the
        // registry: it is sorted alongside join, whose lease and chain steps leave a core idle.
        let (joined, order) = timed("join", rows: { $0.0.group.count }) {
            Parallel.both({ Join.run(inputs, pipeline) }, { CodeOrder(inputs.registry.codes) })
        }
        // Join turned the own tax, energy, land and emission sums into evaluated ones; of the own
        // sums only allocate (electricity, land-use tax) and growth (revenue) read any again. These
        // four fixed-point columns (~100 MB at a million enterprises) go before score and classify,
        // the stages where the run's memory peaks.
        inputs.sums.tax = []
        inputs.sums.energyTce = []
        inputs.sums.landMu = []
        inputs.sums.emissionEq = []
        releaseFreedMemory()
        let indicators = timed("indicators", rows: { _ in joined.group.count }) { Indicators.run(joined) }
        // Score needs every member's indicator before any benchmark (means and medians are per pool).
        let scores = timed("score", rows: { $0.total.count }) {
            Score.run(inputs, joined, indicators, pipeline)
        }
        // Equal totals rank by code (the code order sorted alongside join); the stages from here on
        // and the tables list enterprises "then by uscc" by the same order.
        let classes = timed("classify", rows: { $0.rank.count }) {
            Classify.run(inputs, joined, scores, pipeline, order: order)
        }
        // History needs this year's classes and ranks; allocate needs its years in class (the schedule step).
        let history = timed("history", rows: { _ in historyRows }) { History.run(historyDigest, classes) }
        // Nothing reads the digest again: its columns (a few of a million entries) go now.
        historyDigest = .empty
        let allocation = timed("allocate", rows: { $0.rows.count }) {
            Allocate.run(inputs, joined, classes, history, pipeline, order: order)
        }
        // Diagnose needs the classes' reasons (category 4 is D by score only) and the scored members' means.
        let remediation = timed("diagnose", rows: { $0.rows.count }) {
            Diagnose.run(inputs, joined, indicators, scores, classes, pipeline, order: order)
        }
        let gazelles = timed("growth", rows: { $0.rows.count }) { Growth.run(inputs, pipeline) }
        let targets = timed("targets", rows: { $0.rows.count }) { ZoneTargets.run(inputs, joined, pipeline) }
        var warnings = inputs.warnings
        warnings += Coverage.warnings(inputs, joined, indicators, pipeline)
        warnings += scores.warnings
        // The own sums were last read by growth; the writers read the evaluated ones (`joined`).
        // Their fixed-point columns are ~150 MB at a million enterprises, so they go before the report.
        inputs.sums = OwnSums(count: 0)
        releaseFreedMemory()
        return RunResult(
            pipeline: pipeline, inputs: inputs, joined: joined, indicators: indicators, scores: scores,
            classes: classes, codeOrder: order, history: history, allocation: allocation, remediation: remediation,
            gazelles: gazelles, targets: targets, gateFailures: gateFailures, timings: timings, warnings: warnings)
    }
}

/// Hands memory freed by the last stage back to the system. The readers' block buffers and the
/// history rows were allocated on worker threads, whose malloc arenas keep freed pages resident
/// until trimmed; at province scale that is hundreds of MB of peak RSS held for nothing.
private func releaseFreedMemory() {
    #if os(Linux)
        _ = glibcMallocTrim(0)
    #endif
}

#if os(Linux)
    @_silgen_name("malloc_trim")
    private func glibcMallocTrim(_ pad: Int) -> Int32
#endif
