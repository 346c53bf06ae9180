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
    // Counted by ordinal in parallel ranges of the registry (a province has a million
    // enterprises; one pass on one core kept the other idle at the very end of a run): per group,
    // its members, then its count of each class.
    let classes = EnterpriseClass.allCases
    let groups = r.pipeline.groups.count
    let width = classes.count + 1
    let group = r.joined.group, enterpriseClass = r.classes.enterpriseClass
    let pieces = Parallel.ranges(group.count, minimum: 1 << 16)
    let counted = Parallel.map(pieces.count) { p -> [Int] in
        var counts = [Int](repeating: 0, count: groups * width)
        for id in pieces[p] {
            guard let g = group[id], g < groups else { continue }
            counts[g * width] += 1
            if let cls = enterpriseClass[id] { counts[g * width + 1 + cls.ordinal] += 1 }
        }
        return counts
    }
    var counts = [Int](repeating: 0, count: groups * width)
    for part in counted { for k in counts.indices { counts[k] += part[k] } }
    return r.pipeline.groups.enumerated().map { g, group in
        let cells = classes.map { "\($0.rawValue) \(counts[g * width + 1 + $0.ordinal])" }
        return "  \(group.id) (\(counts[g * width])): " + cells.joined(separator: "  ")
    }
}
