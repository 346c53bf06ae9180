import Foundation
import Testing

@testable import MujunCore

/// Replays every input a fuzzer ever found (Tests/FuzzCorpus) through the same code the fuzz
/// targets drive: each must end in an error or a result, never a crash.
@Suite struct FuzzRegressionTests {
    static let corpus = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("FuzzCorpus")

    static func inputs(_ target: String) -> [URL] {
        let dir = corpus.appendingPathComponent(target)
        let names = (try? FileManager.default.contentsOfDirectory(atPath: dir.path)) ?? []
        return names.sorted().map { dir.appendingPathComponent($0) }
    }

    @Test func pipelineFileFindingsAreConfigErrors() throws {
        let found = Self.inputs("pipeline-file")
        #expect(!found.isEmpty)
        for url in found {
            let data = try Data(contentsOf: url)
            #expect(throws: ConfigError.self) { try PipelineLoader.parse(data, path: url.lastPathComponent) }
        }
    }

    @Test func csvInputFindingsEvaluateOrFailCleanly() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("mujun-fuzz-replay-\(UUID())")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let code = "91110000600037341L"
        try "uscc,name,industry,region,scale,established\n\(code),甲,C3670,清溪,above,2010-01-01\n"
            .write(to: dir.appendingPathComponent("enterprises.csv"), atomically: true, encoding: .utf8)
        try "uscc,period,carrier,quantity,unit\n\(code),2024-01,electricity,1000,kWh\n"
            .write(to: dir.appendingPathComponent("energy.csv"), atomically: true, encoding: .utf8)
        try "uscc,parcel_id,area,unit\n\(code),P1,10,mu\n"
            .write(to: dir.appendingPathComponent("land.csv"), atomically: true, encoding: .utf8)
        var pipeline = Pipeline()
        var group = EvaluationGroup(id: "all")
        group.indicators = [IndicatorSpec(id: .taxPerMu, weight: 100)]
        pipeline.groups = [group]
        for url in Self.inputs("csv-input") {
            try Data(contentsOf: url).write(to: dir.appendingPathComponent("tax.csv"))
            do {
                let result = try Evaluate.run(pipeline, Ingest.Options(dataDirectory: dir.path, year: 2024))
                let files = result.inputs.files
                #expect(files.allSatisfy { $0.rowsRead == $0.rowsAccepted + $0.rowsRejected })
                _ = Report.tables(result, excel: true)
            } catch let error as MujunError {
                #expect(error.exitStatus == .dataError || error.exitStatus == .noInput)
            }
        }
    }
}
