import Foundation
import Testing

@testable import MujunCore

/// The tables of `SampleData/qingxi` under both committed pipelines, compared byte for byte with
/// files recorded once from a run checked by hand (Tests/Golden). Re-record only on request:
/// `MUJUN_RECORD_GOLDEN=1 swift test --filter GoldenTests` rewrites them and fails, so a recording
/// never passes unnoticed.
@Suite struct GoldenTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    static let recording = ProcessInfo.processInfo.environment["MUJUN_RECORD_GOLDEN"] == "1"

    static func evaluate(_ pipelineName: String) throws -> RunResult {
        var pipeline = try PipelineLoader.load(path: root.appendingPathComponent("Pipelines/\(pipelineName).json5").path)
        pipeline.data = nil
        let data = root.appendingPathComponent("SampleData/qingxi").path
        return try Evaluate.run(pipeline, Ingest.Options(dataDirectory: data, year: pipeline.year))
    }

    @Test(arguments: ["zhejiang", "huangyan-2022"])
    func sampleTablesMatchTheRecordedOnes(pipelineName: String) throws {
        let result = try Self.evaluate(pipelineName)
        let golden = Self.root.appendingPathComponent("Tests/Golden/\(pipelineName)")
        var recorded: [String] = []
        for table in Report.tables(result, excel: false) where table.name.hasSuffix(".csv") {
            let url = golden.appendingPathComponent(table.name)
            if Self.recording {
                try FileManager.default.createDirectory(at: golden, withIntermediateDirectories: true)
                try Data(table.bytes).write(to: url)
                recorded.append(table.name)
                continue
            }
            let expected = try [UInt8](Data(contentsOf: url))
            if expected != table.bytes {
                let got = String(decoding: table.bytes, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
                let want = String(decoding: expected, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
                let line = Array(zip(got, want)).firstIndex { $0.0 != $0.1 } ?? min(got.count, want.count)
                Issue.record(
                    "\(pipelineName)/\(table.name) differs at line \(line + 1):\n got: \(line < got.count ? got[line] : "<end>")\nwant: \(line < want.count ? want[line] : "<end>")")
            }
        }
        #expect(recorded.isEmpty, "recorded golden files \(recorded) — unset MUJUN_RECORD_GOLDEN and run again")
    }
}

/// The same inputs give the same bytes: twice in a row, and with the rows of each input shuffled.
@Suite struct DeterminismTests {
    @Test func twoRunsGiveIdenticalTables() throws {
        let a = Report.tables(try GoldenTests.evaluate("zhejiang"), excel: false)
        let b = Report.tables(try GoldenTests.evaluate("zhejiang"), excel: false)
        #expect(a.map(\.name) == b.map(\.name))
        for (x, y) in zip(a, b) { #expect(x.bytes == y.bytes, "\(x.name)") }
    }

    /// Rows shuffled in files without duplicate keys (every file of a `--clean` sample) must not
    /// change a rank, a class or a printed digit.
    @Test func shuffledRowsGiveIdenticalRankings() throws {
        let base = FileManager.default.temporaryDirectory.appendingPathComponent("mujun-shuffle-\(UUID())")
        defer { try? FileManager.default.removeItem(at: base) }
        let original = base.appendingPathComponent("original")
        let shuffled = base.appendingPathComponent("shuffled")
        try SampleGenerator(enterprises: 300, seed: 11, year: 2024, clean: true).write(to: original)
        try FileManager.default.createDirectory(at: shuffled, withIntermediateDirectories: true)
        var generator = SeededGenerator(seed: 99)
        for name in try FileManager.default.contentsOfDirectory(atPath: original.path) {
            let text = try String(contentsOf: original.appendingPathComponent(name), encoding: .utf8)
            var lines = text.split(separator: "\n").map(String.init)
            let header = lines.removeFirst()
            lines.shuffle(using: &generator)
            try ([header] + lines).joined(separator: "\n").appending("\n")
                .write(to: shuffled.appendingPathComponent(name), atomically: true, encoding: .utf8)
        }
        var pipeline = try PipelineLoader.load(path: GoldenTests.root.appendingPathComponent("Pipelines/zhejiang.json5").path)
        pipeline.data = nil
        let a = try Evaluate.run(pipeline, Ingest.Options(dataDirectory: original.path, year: 2024))
        let b = try Evaluate.run(pipeline, Ingest.Options(dataDirectory: shuffled.path, year: 2024))
        #expect(a.inputs.rejects.isEmpty)
        #expect(RankingsTable.write(a) == RankingsTable.write(b))
        #expect(ClassSummaryTable.write(a) == ClassSummaryTable.write(b))
        #expect(BenchmarksTable.write(a) == BenchmarksTable.write(b))
    }
}

/// Every data row of every input is accepted or rejected (SPEC §3): read = accepted + rejected, and
/// rejects.csv lists exactly the rejected ones.
@Suite struct RowAccountingTests {
    @Test func everyRowIsAcceptedOrRejected() throws {
        let result = try GoldenTests.evaluate("zhejiang")
        for f in result.inputs.files where f.present {
            #expect(f.rowsRead == f.rowsAccepted + f.rowsRejected, "\(f.file.rawValue)")
            let listed = result.inputs.rejects.filter { $0.file == f.file }.count
            #expect(listed == f.rowsRejected, "\(f.file.rawValue)")
            #expect(f.rejectsByReason.values.reduce(0, +) == f.rowsRejected, "\(f.file.rawValue)")
        }
        // Data rows counted independently: non-blank physical records after the header.
        let tax = try String(contentsOfFile: GoldenTests.root.appendingPathComponent("SampleData/qingxi/tax.csv").path, encoding: .utf8)
        let dataLines = tax.components(separatedBy: .newlines).dropFirst().filter { line in
            !line.split(separator: ",", omittingEmptySubsequences: false).allSatisfy {
                $0.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty
            }
        }
        let taxReport = try #require(result.inputs.files.first { $0.file == .tax })
        #expect(taxReport.rowsRead == dataLines.count)
        #expect(result.inputs.files.contains { $0.rowsRejected > 0 })
    }
}

/// A small seeded generator (SplitMix64) so shuffles are the same on every run.
struct SeededGenerator: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

extension GoldenTests {
    /// The summary `run` prints: per group, its members and how many landed in each class — the
    /// lines the run printed before they were counted in one pass, and the counts a filter per group
    /// and class finds.
    @Test func classSummaryLinesCountEachGroupsClasses() throws {
        let result = try Self.evaluate("zhejiang")
        #expect(
            classSummaryLines(result) == [
                "  above (184): A 34  B 103  C 25  D 11  T 11", "  below (266): A 12  B 176  C 51  D 14  T 13",
            ])
        for (g, line) in classSummaryLines(result).enumerated() {
            let members = result.joined.group.indices.filter { result.joined.group[$0] == g }
            let counts = EnterpriseClass.allCases.map { cls in
                "\(cls.rawValue) \(members.filter { result.classes.enterpriseClass[$0] == cls }.count)"
            }
            #expect(line.hasSuffix("(\(members.count)): " + counts.joined(separator: "  ")))
        }
    }
}
