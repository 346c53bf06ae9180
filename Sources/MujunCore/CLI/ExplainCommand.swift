/// `mujun explain`: the dossier (一企一档) of one enterprise, read from a finished run's tables.
enum ExplainCommand {
    static let spec = CommandSpec(
        name: "explain",
        abstract: "Explain one enterprise's figures, scores, class and policies from a finished run.",
        positionals: [("uscc", "The enterprise's unified social credit code.", true)],
        options: [
            OptionSpec("--run", value: "dir", help: "An --out folder (its latest run is read) or a run folder."),
            OptionSpec("--json", help: "Print JSON for programs instead of text."),
        ],
        discussion: """
            Reads rankings.csv, benchmarks.csv, class_summary.csv, allocation.csv, remediation.csv,
            rejects.csv and manifest.json of the run; nothing is recomputed. Exit statuses: 0 done,
            64 usage or an enterprise not in the run, 66 run folder or table missing.
            """
    )

    static func execute(_ args: ParsedArguments) throws -> ExitStatus {
        guard let runPath = args.value("--run") else {
            throw UsageError(command: spec.name, "Missing expected argument '--run <dir>'")
        }
        let run = try FinishedRun(locating: runPath)
        let dossier = try Dossier(run: run, code: args.positionals[0])
        if args.has("--json") {
            print(dossier.json().rendered())
        } else {
            print(dossier.text(), terminator: "")
        }
        return .ok
    }
}
