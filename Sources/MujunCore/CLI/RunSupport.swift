import Foundation

/// What `run` and `validate` share: loading the pipeline file and deciding the data folder and year.
struct RunSetup {
    var pipelinePath: String
    var pipeline: Pipeline
    var pipelineSHA256: String
    var options: Ingest.Options

    init(_ args: ParsedArguments, command: String) throws {
        pipelinePath = args.positionals[0]
        // One read serves both the parse and the manifest's digest, so they describe the same bytes.
        let bytes = try PipelineLoader.contents(path: pipelinePath)
        pipeline = try PipelineLoader.parse(bytes, path: pipelinePath)
        pipelineSHA256 = SHA256.hash(Array(bytes))
        if let threads = try args.int("--threads", command: command, range: 1...256) {
            Parallel.threads = threads
        }
        if let year = try args.int("--year", command: command, range: 1000...9999) {
            pipeline.year = year
        }
        guard let data = args.value("--data") ?? pipeline.data else { throw PipelineError.noDataFolder }
        options = Ingest.Options(dataDirectory: data, year: pipeline.year, extraHistory: args.value("--history"))
    }
}

/// Prints warnings on standard error in the shape of SPEC §3.
func printWarnings(_ warnings: [Warning]) {
    for w in warnings { printError(w.line) }
}

/// One line per group: how many enterprises landed in each class.
func classSummaryLines(_ r: RunResult) -> [String] {
    // One pass over the registry (a province has a million enterprises), counting by ordinal.
    let classes = EnterpriseClass.allCases
    var members = [Int](repeating: 0, count: r.pipeline.groups.count)
    var counts = [[Int]](repeating: [Int](repeating: 0, count: classes.count), count: r.pipeline.groups.count)
    for (id, group) in r.joined.group.enumerated() {
        guard let g = group, g < members.count else { continue }
        members[g] += 1
        if let cls = r.classes.enterpriseClass[id] { counts[g][cls.ordinal] += 1 }
    }
    return r.pipeline.groups.enumerated().map { g, group in
        let cells = classes.map { "\($0.rawValue) \(counts[g][$0.ordinal])" }
        return "  \(group.id) (\(members[g])): " + cells.joined(separator: "  ")
    }
}
