import Foundation
import Testing

/// A scratch folder with a copy of the sample zone, removed afterwards.
struct Scratch {
    let url: URL
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    static let zhejiang = root.appendingPathComponent("Pipelines/zhejiang.json5").path
    static let sample = root.appendingPathComponent("SampleData/qingxi")

    init() throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("mujun-cli-\(UUID())")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    /// A copy of the sample inputs to damage.
    func copyOfSample() throws -> URL {
        let data = url.appendingPathComponent("data")
        try FileManager.default.copyItem(at: Scratch.sample, to: data)
        return data
    }

    func path(_ name: String) -> String { url.appendingPathComponent(name).path }

    func remove() { try? FileManager.default.removeItem(at: url) }
}

/// Exit statuses of SPEC §3, each provoked by a real case through the built binary.
@Suite struct ExitStatusTests {
    @Test func status0WritesTheTablesAndPointsLatestAtThem() throws {
        let s = try Scratch()
        defer { s.remove() }
        let r = try MujunBinary.run(["run", Scratch.zhejiang, "--data", Scratch.sample.path, "--out", s.path("out")])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("Wrote 12 tables"))
        let latest = try FileManager.default.destinationOfSymbolicLink(atPath: s.path("out/latest"))
        #expect(latest.hasPrefix("runs/"))
        let rankings = try String(contentsOfFile: s.path("out/latest/rankings.csv"), encoding: .utf8)
        #expect(rankings.hasPrefix("year,group,rank,uscc,name,"))
        let manifest = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: s.path("out/latest/manifest.json")))) as? [String: Any]
        #expect(manifest?["status"] as? String == "ok")
        #expect(manifest?["schema_version"] as? Int == 1)
    }

    @Test func status64ForAUsageError() throws {
        let r = try MujunBinary.run(["run", Scratch.zhejiang, "--keep", "zero"])
        #expect(r.status == 64)
        #expect(r.stderr.hasPrefix("Error: The value 'zero' is invalid for '--keep <keep>'"))
        #expect(r.stderr.contains("See 'mujun run --help'."))
        let missing = try MujunBinary.run(["validate"])
        #expect(missing.status == 64)
        #expect(missing.stderr.hasPrefix("Error: Missing expected argument '<pipeline>'"))
    }

    @Test func status65WhenTheQualityGateFailsAndNothingIsPublished() throws {
        let s = try Scratch()
        defer { s.remove() }
        let data = try s.copyOfSample()
        // Garble 10 % of tax.csv's amounts.
        let taxURL = data.appendingPathComponent("tax.csv")
        var lines = try String(contentsOf: taxURL, encoding: .utf8).components(separatedBy: "\r\n")
        for i in stride(from: 1, to: lines.count, by: 10) where lines[i].hasPrefix("9") {
            var cells = lines[i].components(separatedBy: ",")
            cells[2] = "N/A"
            lines[i] = cells.joined(separator: ",")
        }
        try lines.joined(separator: "\r\n").write(to: taxURL, atomically: true, encoding: .utf8)
        let r = try MujunBinary.run(["run", Scratch.zhejiang, "--data", data.path, "--out", s.path("out")])
        #expect(r.status == 65)
        #expect(r.stderr.contains("mujun: error: \(data.path)/tax.csv: quality gate failed:"))
        #expect(!FileManager.default.fileExists(atPath: s.path("out/latest")))
        let failed = try FileManager.default.contentsOfDirectory(atPath: s.path("out/failed"))
        #expect(failed.count == 1)
        #expect(FileManager.default.fileExists(atPath: s.path("out/failed/\(failed[0])/rejects.csv")))
        // --force publishes anyway and says so in the manifest.
        let forced = try MujunBinary.run(["run", Scratch.zhejiang, "--data", data.path, "--out", s.path("out"), "--force"])
        #expect(forced.status == 0)
        let manifest = try String(contentsOfFile: s.path("out/latest/manifest.json"), encoding: .utf8)
        #expect(manifest.contains("\"status\": \"forced\""))
    }

    @Test func status65ForAMissingColumnAndForUndecodableBytes() throws {
        let s = try Scratch()
        defer { s.remove() }
        let data = try s.copyOfSample()
        try "uscc,period,amount_typo\n".write(to: data.appendingPathComponent("tax.csv"), atomically: true, encoding: .utf8)
        let r = try MujunBinary.run(["validate", Scratch.zhejiang, "--data", data.path])
        #expect(r.status == 65)
        #expect(r.stderr.contains("tax.csv:1: missing required column 'amount'; found: 'uscc', 'period', 'amount_typo'"))
        try Data([0x75, 0x73, 0x63, 0x63, 0x0A, 0x81, 0x20]).write(to: data.appendingPathComponent("tax.csv"))
        let bytes = try MujunBinary.run(["validate", Scratch.zhejiang, "--data", data.path])
        #expect(bytes.status == 65)
        #expect(bytes.stderr.contains("tax.csv: invalid GB18030 at byte offset 5"))
    }

    @Test func status66ForAMissingInput() throws {
        let s = try Scratch()
        defer { s.remove() }
        let data = try s.copyOfSample()
        try FileManager.default.removeItem(at: data.appendingPathComponent("land.csv"))
        let r = try MujunBinary.run(["run", Scratch.zhejiang, "--data", data.path, "--out", s.path("out")])
        #expect(r.status == 66)
        #expect(r.stderr == "mujun: error: \(data.path)/land.csv: cannot read input file: no such file\n")
        let noFolder = try MujunBinary.run(["validate", Scratch.zhejiang, "--data", s.path("nowhere")])
        #expect(noFolder.status == 66)
    }

    @Test func jsonLogEndsAFailedRunWithAnErrorEventBeforeThePlainLine() throws {
        let s = try Scratch()
        defer { s.remove() }
        let data = try s.copyOfSample()
        try FileManager.default.removeItem(at: data.appendingPathComponent("land.csv"))
        let r = try MujunBinary.run([
            "run", Scratch.zhejiang, "--data", data.path, "--out", s.path("out"), "--log-format", "json",
        ])
        #expect(r.status == 66)
        let lines = r.stderr.split(separator: "\n").map(String.init)
        let message = "\(data.path)/land.csv: cannot read input file: no such file"
        #expect(lines.last == "mujun: error: \(message)")
        let event = try #require(lines.dropLast().last)
        let json = try #require(
            try JSONSerialization.jsonObject(with: Data(event.utf8)) as? [String: String])
        #expect(json == ["event": "error", "status": "66", "message": message])
        // The text log keeps the single plain line.
        let text = try MujunBinary.run(["run", Scratch.zhejiang, "--data", data.path, "--out", s.path("out")])
        #expect(text.stderr == "mujun: error: \(message)\n")
    }

    @Test func status78ForAnInvalidPipelineFile() throws {
        let s = try Scratch()
        defer { s.remove() }
        let text = try String(contentsOfFile: Scratch.zhejiang, encoding: .utf8)
            .replacingOccurrences(of: "indicators: [", with: "indicatorz: [")
        try text.write(toFile: s.path("p.json5"), atomically: true, encoding: .utf8)
        let r = try MujunBinary.run(["validate", s.path("p.json5"), "--data", Scratch.sample.path])
        #expect(r.status == 78)
        #expect(r.stderr == "mujun: error: \(s.path("p.json5")): unknown key 'groups[0].indicatorz'; did you mean 'indicators'?\n")
    }
}

/// The tables do not depend on the number of threads (SPEC §13: exact sums, chunk order).
@Suite struct ThreadCountTests {
    @Test func oneDefaultAndSevenThreadsWriteTheSameTables() throws {
        let s = try Scratch()
        defer { s.remove() }
        var outputs: [[String: Data]] = []
        for threads in [["--threads", "1"], [], ["--threads", "7"]] {
            let out = s.path("out\(outputs.count)")
            let r = try MujunBinary.run(["run", Scratch.zhejiang, "--data", Scratch.sample.path, "--out", out] + threads)
            #expect(r.status == 0, "\(r.stderr)")
            var tables: [String: Data] = [:]
            for name in try FileManager.default.contentsOfDirectory(atPath: out + "/latest") where name.hasSuffix(".csv") {
                tables[name] = try Data(contentsOf: URL(fileURLWithPath: out + "/latest/" + name))
            }
            #expect(tables.count == 10)
            outputs.append(tables)
        }
        #expect(outputs[0] == outputs[1])
        #expect(outputs[0] == outputs[2])
    }
}
