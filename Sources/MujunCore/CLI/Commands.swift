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
            OptionSpec("--keep", value: "n", help: "Runs to keep in <out>/runs (default: 3)."),
            OptionSpec("--threads", value: "n", help: "Worker threads (default: the number of cores)."),
            OptionSpec("--force", help: "Write the reports even when the quality gate fails."),
            OptionSpec("--excel", help: "Add a UTF-8 BOM and guard cells against formula injection."),
        ],
        discussion: """
            Tables go to <out>/runs/<run id>/; <out>/latest is then switched to point at them.
            Exit statuses: 0 done, 64 usage, 65 bad data, 66 missing input, 73 output not writable,
            75 output locked, 78 invalid pipeline file, 1 anything else.
            """
    )

    static func execute(_ args: ParsedArguments) throws -> ExitStatus {
        throw UsageError(command: spec.name, "not implemented yet")
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
            OptionSpec("--threads", value: "n", help: "Worker threads (default: the number of cores)."),
        ],
        discussion: "Prints per-file row accounting and indicator coverage; exits 0, or 65 when the quality gate fails."
    )

    static func execute(_ args: ParsedArguments) throws -> ExitStatus {
        throw UsageError(command: spec.name, "not implemented yet")
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
