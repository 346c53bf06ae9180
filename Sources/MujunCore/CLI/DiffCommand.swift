import Foundation

/// `mujun diff`: what changed between two finished runs.
enum DiffCommand {
    static let spec = CommandSpec(
        name: "diff",
        abstract: "Show class changes, rank movers, new and vanished enterprises and benchmark changes between two runs.",
        positionals: [
            ("old", "The earlier run: an --out folder (its latest run) or a run folder.", true),
            ("new", "The later run: an --out folder (its latest run) or a run folder.", true),
        ],
        options: [OptionSpec("--csv", help: "Print one CSV table instead of text.")],
        discussion: """
            CSV columns: change, uscc, name, group, old_class, new_class, old_rank, new_rank, rank_change,
            indicator, industry, old_benchmark, new_benchmark; change is class_changed, rank_moved, new,
            vanished or benchmark_changed. Exit statuses: 0 done, 64 usage, 66 run folder or table missing.
            """
    )

    static func execute(_ args: ParsedArguments) throws -> ExitStatus {
        let old = try FinishedRun(locating: args.positionals[0])
        let new = try FinishedRun(locating: args.positionals[1])
        let diff = try RunDiff(old: old, new: new)
        if args.has("--csv") {
            FileHandle.standardOutput.write(Data(diff.csv()))
        } else {
            print(diff.text(), terminator: "")
        }
        return .ok
    }
}
