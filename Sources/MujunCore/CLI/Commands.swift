import Foundation

/// `mujun run`: the whole pipeline, published atomically into the output folder.
enum RunCommand {
    static let spec = CommandSpec(
        name: "run",
        abstract: "Run the evaluation and write the report tables.",
        positionals: [("pipeline", "The pipeline file (JSON5, SPEC §14).", true)],
        options: [
            OptionSpec("--data", value: "dir", help: "Folder of input CSVs (default: the pipeline file's `data`)."),
            OptionSpec("--out", value: "dir", help: "Output folder mujun owns (default: out)."),
            OptionSpec("--year", value: "yyyy", help: "Evaluation year (default: the pipeline file's `year`)."),
            OptionSpec("--history", value: "file", help: "One more history file, e.g. last year's rankings.csv."),
            OptionSpec("--keep", value: "n", help: "Runs to keep in <out>/runs (default: 3)."),
            OptionSpec("--threads", value: "n", help: "Worker threads (default: the number of cores)."),
            OptionSpec("--wait", value: "seconds", help: "Wait this long for another run's lock (default: 0)."),
            OptionSpec("--log-format", value: "format", help: "text (default) or json, for log collectors."),
            OptionSpec("--force", help: "Write the reports even when the quality gate fails."),
            OptionSpec("--excel", help: "Add a UTF-8 BOM and guard cells against formula injection."),
            OptionSpec("--verbose", help: "Log every stage even when standard error is not a terminal."),
        ],
        discussion: """
            Tables go to <out>/runs/<run id>/; <out>/latest is then switched to point at them.
            Exit statuses: 0 done, 64 usage, 65 bad data (quality gate, undecodable file, missing
            column), 66 missing input, 73 output not writable, 75 output locked by another run,
            78 invalid pipeline file, 130/143 interrupted, 1 anything else.
            """
    )

    static func execute(_ args: ParsedArguments) throws -> ExitStatus {
        let log = try RunLog(args, command: spec.name)
        do {
            return try run(args, log: log)
        } catch {
            // MujunCLI prints the plain error line; a json log gets the event first.
            log.failure(error)
            throw error
        }
    }

    private static func run(_ args: ParsedArguments, log: RunLog) throws -> ExitStatus {
        let started = Date()
        let keep = try args.int("--keep", command: spec.name, range: 1...1000) ?? 3
        let wait = try args.int("--wait", command: spec.name, range: 0...86_400) ?? 0
        let out = args.value("--out") ?? "out"
        let force = args.has("--force")
        let setup = try RunSetup(args, command: spec.name)
        Interruption.shared.install()
        // One run at a time per output folder; the lock is held until the process ends.
        let lock = try OutputLock.acquire(root: out, wait: Double(wait))
        defer { lock.release() }
        TestHooks.holdLock()

        let result = try Evaluate.run(setup.pipeline, setup.options, onStage: log.stage)
        log.warnings(result.warnings)

        let folder = RunFolder(root: out, runID: RunFolder.makeRunID())
        let gatePassed = result.gateFailures.isEmpty
        let status = gatePassed ? "ok" : (force ? "forced" : "failed")
        let excel = args.has("--excel")
        let tableNames = Report.tableNames + ["manifest.json"]
        let reportStart = DispatchTime.now().uptimeNanoseconds
        func manifestBytes(_ reportTiming: StageTiming) -> [UInt8] {
            let manifest = Manifest.build(
                pipeline: setup.pipeline, year: result.year, files: result.inputs.files,
                gateFailures: result.gateFailures, timings: result.timings, warnings: result.warnings,
                context: Manifest.Context(
                    runID: folder.runID, status: status, pipelinePath: setup.pipelinePath,
                    pipelineSHA256: setup.pipelineSHA256, dataDirectory: setup.options.dataDirectory,
                    tables: tableNames, extraTimings: [reportTiming]))
            return Array((manifest.rendered() + "\n").utf8)
        }
        func reportTiming(rows: Int) -> StageTiming {
            StageTiming(
                stage: "report", milliseconds: Double(DispatchTime.now().uptimeNanoseconds - reportStart) / 1e6,
                rows: rows)
        }
        if status == "failed" {
            // Nothing is published over the previous run; the operator gets the evidence instead.
            let rejects = RejectsTable.write(result.inputs.rejects, excel: excel)
            let timing = reportTiming(rows: 1)
            log.stage(timing)
            try? folder.recordFailure([("rejects.csv", rejects), ("manifest.json", manifestBytes(timing))])
            let error = QualityGate.error(result.gateFailures, maxRejectShare: setup.pipeline.maxRejectShare)
            log.summary([
                ("status", "failed"), ("run_id", folder.runID), ("failed", folder.failedDirectory),
                ("exit", String(error.exitStatus.rawValue)),
            ])
            throw error
        }
        // Each table streams into its file in the staging folder; the manifest, which carries the
        // report's own timing, is written last.
        try folder.publish(keep: keep) { write in
            try Report.write(result, excel: excel, runID: folder.runID, open: write)
            let timing = reportTiming(rows: Report.tableNames.count)
            log.stage(timing)
            try write("manifest.json") { try $0.write(manifestBytes(timing)) }
        }
        let enterprises = result.inputs.registry.count
        let rejected = result.inputs.files.reduce(0) { $0 + $1.rowsRejected }
        log.summary([
            ("status", status), ("run_id", folder.runID), ("enterprises", String(enterprises)),
            ("rejected_rows", String(rejected)), ("tables", String(tableNames.count)), ("out", out + "/latest"),
            ("seconds", String(format: "%.2f", Date().timeIntervalSince(started))),
        ])
        print("Wrote \(tableNames.count) tables to \(out)/latest/ (run \(folder.runID)).")
        print("Classes by group:")
        for line in classSummaryLines(result) { print(line) }
        Teardown.leaveToExit(result)
        return .ok
    }
}

/// `mujun validate`: reads and checks everything, writes nothing.
enum ValidateCommand {
    static let spec = CommandSpec(
        name: "validate",
        abstract: "Check the pipeline file and every input; write nothing.",
        positionals: [("pipeline", "The pipeline file (JSON5, SPEC §14).", true)],
        options: [
            OptionSpec("--data", value: "dir", help: "Folder of input CSVs (default: the pipeline file's `data`)."),
            OptionSpec("--year", value: "yyyy", help: "Evaluation year (default: the pipeline file's `year`)."),
            OptionSpec("--history", value: "file", help: "One more history file, e.g. last year's rankings.csv."),
            OptionSpec("--threads", value: "n", help: "Worker threads (default: the number of cores)."),
        ],
        discussion: "Prints per-file row accounting and indicator coverage; exits 0, or 65 when the quality gate fails."
    )

    static func execute(_ args: ParsedArguments) throws -> ExitStatus {
        let setup = try RunSetup(args, command: spec.name)
        let result = try Evaluate.run(setup.pipeline, setup.options)
        printWarnings(result.warnings)
        print("input files (year \(result.year)):")
        for f in result.inputs.files {
            guard f.present else {
                print("  \(f.file.rawValue): absent (optional)")
                continue
            }
            let reasons = f.rejectsByReason.sorted { $0.key < $1.key }.map { "\($0.key.rawValue) \($0.value)" }
            print(
                "  \(f.file.rawValue): read \(f.rowsRead), accepted \(f.rowsAccepted), rejected \(f.rowsRejected)"
                    + (reasons.isEmpty ? "" : " (" + reasons.joined(separator: ", ") + ")"))
        }
        print("indicator coverage (scored enterprises having it):")
        for c in Coverage.table(result.joined, result.indicators, result.pipeline) {
            let parts = c.having.map { "\($0.indicator.rawValue) \($0.count)/\(c.scored)" }
            print("  \(c.group): " + parts.joined(separator: ", "))
        }
        if !result.gateFailures.isEmpty {
            throw QualityGate.error(result.gateFailures, maxRejectShare: setup.pipeline.maxRejectShare)
        }
        print("quality gate passed")
        return .ok
    }
}

/// `mujun sample`: generates a fictional development zone's department exports.
enum SampleCommand {
    static let spec = CommandSpec(
        name: "sample",
        abstract: "Generate a fictional zone's input files (deterministic for a seed).",
        options: [
            OptionSpec("--enterprises", value: "n", help: "Number of enterprises (default: 450)."),
            OptionSpec("--seed", value: "s", help: "Random seed (default: 1)."),
            OptionSpec("--year", value: "yyyy", help: "Evaluation year (default: 2024)."),
            OptionSpec("--out", value: "dir", help: "Folder to write the nine CSVs into."),
            OptionSpec("--clean", help: "Leave out the deliberate faults (bad codes, duplicates, …)."),
        ]
    )

    static func execute(_ args: ParsedArguments) throws -> ExitStatus {
        let enterprises = try args.int("--enterprises", command: spec.name, range: 1...100_000_000) ?? 450
        let seed = try args.int("--seed", command: spec.name, range: 0...Int.max) ?? 1
        let year = try args.int("--year", command: spec.name, range: 1900...2999) ?? 2024
        guard let out = args.value("--out"), !out.isEmpty else {
            throw UsageError(command: spec.name, "Missing expected argument '--out <dir>'")
        }
        let clean = args.has("--clean")
        let generator = SampleGenerator(enterprises: enterprises, seed: UInt64(seed), year: year, clean: clean)
        let summary = try generator.write(to: URL(fileURLWithPath: out, isDirectory: true))
        let rows = summary.records.reduce(0, +)
        let megabytes = Double(summary.bytes.reduce(0, +)) / 1_000_000
        print(
            "wrote \(SampleGenerator.fileNames.count) files for \(enterprises) enterprises (\(rows) rows, "
                + String(format: "%.1f", megabytes) + " MB\(clean ? ", clean" : "")) to \(out)")
        return .ok
    }
}
