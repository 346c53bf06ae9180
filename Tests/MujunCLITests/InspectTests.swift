import Foundation
import Testing

@testable import MujunCore

/// A small zone written as department exports, and two finished runs of it: `Pipelines/zhejiang.json5`
/// (group-mean benchmarks) and `Pipelines/huangyan-2022.json5` (黄岩's fixed benchmarks).
struct TwoRuns {
    let root: URL
    let data: URL
    let zhejiang: URL
    let huangyan: URL

    static let repo = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    static func code(_ n: Int) -> String {
        let first17 = "913300000000" + String(format: "%05d", n)
        return first17 + String(USCC.checkCharacter(for: first17)!)
    }

    /// Deterministic pseudo-random figures (a linear congruential generator), 60 enterprises.
    static func writeZone(to dir: URL) throws {
        var seed: UInt64 = 12345
        func next() -> Double {
            seed = seed &* 6364136223846793005 &+ 1442695040888963407
            return Double(seed >> 11) / Double(1 << 53)
        }
        var files: [String: [String]] = [
            "enterprises.csv": ["uscc,name,industry,region,scale,established"],
            "tax.csv": ["uscc,period,amount,tax_type"],
            "energy.csv": ["uscc,period,carrier,quantity,unit"],
            "land.csv": ["uscc,parcel_id,area,unit"],
            "economy.csv": ["uscc,year,revenue,value_added,employees,rd_expense"],
            "emissions.csv": ["uscc,year,pollutant,tonnes"],
            "history.csv": ["uscc,year,class,score,rank"],
        ]
        let industries = ["C3670", "C3512", "C2651"]
        for n in 1...60 {
            let c = code(n)
            let above = n % 2 == 0
            files["enterprises.csv"]!.append(
                "\(c),企业\(n),\(industries[n % 3]),\(n % 4 == 0 ? "东城街道" : "青溪镇"),\(above ? "above" : "below"),2010-01-01")
            let area = (5 + 40 * next()).rounded()
            files["land.csv"]!.append("\(c),P\(n),\(area),mu")
            let tax = area * (2 + 30 * next() * next()) * 10_000
            files["tax.csv"]!.append("\(c),2024,\(Int(tax)),")
            files["energy.csv"]!.append("\(c),2024,electricity,\(Int(area * (20_000 + 80_000 * next()))),kWh")
            if above {
                let revenue = area * (100 + 400 * next()) * 10_000
                files["economy.csv"]!.append(
                    "\(c),2024,\(Int(revenue)),\(Int(revenue * (0.15 + 0.2 * next()))),\(Int(area * 2) + 1),\(Int(revenue * 0.05 * next()))")
                files["emissions.csv"]!.append("\(c),2024,COD,\(String(format: "%.3f", 0.2 + 3 * next()))")
            }
            files["history.csv"]!.append("\(c),2023,\(["A", "B", "B", "C"][n % 4]),,\((n * 7) % 30 + 1)")
        }
        files["tax.csv"]!.append("\(code(7)),2024-13,100,")
        for (name, lines) in files {
            try (lines.joined(separator: "\n") + "\n").write(
                to: dir.appendingPathComponent(name), atomically: true, encoding: .utf8)
        }
    }

    init() throws {
        root = FileManager.default.temporaryDirectory.appendingPathComponent("mujun-inspect-\(UUID().uuidString)")
        data = root.appendingPathComponent("data")
        zhejiang = root.appendingPathComponent("out-zhejiang")
        huangyan = root.appendingPathComponent("out-huangyan")
        try FileManager.default.createDirectory(at: data, withIntermediateDirectories: true)
        try Self.writeZone(to: data)
        for (pipeline, out) in [("zhejiang", zhejiang), ("huangyan-2022", huangyan)] {
            let r = try MujunBinary.run(
                ["run", "Pipelines/\(pipeline).json5", "--data", data.path, "--out", out.path], in: Self.repo)
            #expect(r.status == 0, "\(r.stderr)")
        }
    }

    func remove() { try? FileManager.default.removeItem(at: root) }

    /// rankings.csv of a run as rows keyed by header (no quoted cells in this zone).
    func rankings(_ out: URL) throws -> [[String: String]] {
        let text = try String(contentsOf: out.appendingPathComponent("latest/rankings.csv"), encoding: .utf8)
        let lines = text.split(separator: "\n").map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
        return lines.dropFirst().map { Dictionary(uniqueKeysWithValues: zip(lines[0], $0)) }
    }
}

@Suite(.serialized) struct ExplainCommandTests {
    @Test func textAndJSONOfARankedEnterprise() throws {
        let runs = try TwoRuns()
        defer { runs.remove() }
        let rows = try runs.rankings(runs.zhejiang)
        let row = try #require(rows.first { $0["class"] == "C" })
        let code = row["uscc"]!

        let text = try MujunBinary.run(["explain", code, "--run", runs.zhejiang.path], in: TwoRuns.repo)
        #expect(text.status == 0, "\(text.stderr)")
        #expect(text.stdout.contains("一企一档"))
        #expect(text.stdout.contains(code))
        #expect(text.stdout.contains("\(row["class"]!) (quota)"))
        #expect(text.stdout.contains("亩均税收 tax_per_mu"))
        #expect(text.stdout.contains(row["total"]!))
        #expect(text.stdout.contains("目标等级 target class") && text.stdout.contains("B"))

        let json = try MujunBinary.run(["explain", code, "--run", runs.zhejiang.path, "--json"], in: TwoRuns.repo)
        #expect(json.status == 0)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        #expect(object["class"] as? String == "C")
        #expect(object["rank"] as? Int == Int(row["rank"]!))
        let enterprise = try #require(object["enterprise"] as? [String: Any])
        #expect(enterprise["uscc"] as? String == code)
        let indicators = try #require(object["indicators"] as? [[String: Any]])
        #expect(indicators.map { $0["id"] as? String } == [
            "tax_per_mu", "va_per_mu", "va_per_energy", "va_per_emission", "labor_productivity", "rd_intensity",
        ])
        let next = try #require(object["next_class"] as? [String: Any])
        #expect(next["class"] as? String == "B")
        #expect(next["reachable"] as? Bool == true)
        for key in ["run", "figures", "rejected_rows", "indicator_values", "total", "cut_scores", "policy", "history"] {
            #expect(object[key] != nil, "missing key \(key)")
        }
    }

    @Test func showsRejectedRowsOfTheEnterprise() throws {
        let runs = try TwoRuns()
        defer { runs.remove() }
        let r = try MujunBinary.run(["explain", TwoRuns.code(7), "--run", runs.zhejiang.path + "/latest"], in: TwoRuns.repo)
        #expect(r.status == 0)
        #expect(r.stdout.contains("tax.csv:62  unparseable_period"))
    }

    @Test func unknownEnterpriseIsAUsageErrorNamingIt() throws {
        let runs = try TwoRuns()
        defer { runs.remove() }
        let missing = TwoRuns.code(999)
        let r = try MujunBinary.run(["explain", missing, "--run", runs.zhejiang.path])
        #expect(r.status == 64)
        #expect(r.stderr == "mujun: error: \(runs.zhejiang.path)/latest: no enterprise \(missing) in this run\n")
        let invalid = try MujunBinary.run(["explain", "91330000000000001X", "--run", runs.zhejiang.path])
        #expect(invalid.status == 64)
        #expect(invalid.stderr.contains("no enterprise 91330000000000001X in this run"))
    }

    @Test func missingRunFolderExits66() throws {
        let r = try MujunBinary.run(["explain", TwoRuns.code(1), "--run", "/nonexistent/mujun-out"])
        #expect(r.status == 66)
        #expect(r.stderr.hasPrefix("mujun: error: /nonexistent/mujun-out: "))
    }
}

@Suite(.serialized) struct DiffCommandTests {
    @Test func twoPipelinesOnTheSameData() throws {
        let runs = try TwoRuns()
        defer { runs.remove() }
        let text = try MujunBinary.run(["diff", runs.zhejiang.path, runs.huangyan.path])
        #expect(text.status == 0, "\(text.stderr)")
        #expect(text.stdout.contains("等级变化 Class changes"))
        #expect(text.stdout.contains("基准变化 Benchmark changes: 8"))

        let csv = try MujunBinary.run(["diff", runs.zhejiang.path, runs.huangyan.path, "--csv"])
        #expect(csv.status == 0)
        let lines = csv.stdout.split(separator: "\n").map(String.init)
        #expect(
            lines.first
                == "change,uscc,name,group,old_class,new_class,old_rank,new_rank,rank_change,indicator,industry,old_benchmark,new_benchmark"
        )
        let rows = lines.dropFirst().map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
        #expect(rows.allSatisfy { $0.count == 13 })
        let classChanges = rows.filter { $0[0] == "class_changed" }
        #expect(!classChanges.isEmpty)
        #expect(classChanges.allSatisfy { $0[4] != $0[5] })
        let benchmark = try #require(rows.first { $0[0] == "benchmark_changed" && $0[3] == "above" && $0[9] == "tax_per_mu" })
        #expect(benchmark[12] == "24.097000")
        // Kinds come in a fixed order, and the same runs give the same bytes.
        let kinds = rows.map { $0[0] }
        let order = ["class_changed", "rank_moved", "new", "vanished", "benchmark_changed"]
        #expect(kinds == kinds.sorted { order.firstIndex(of: $0)! < order.firstIndex(of: $1)! })
        let again = try MujunBinary.run(["diff", runs.zhejiang.path, runs.huangyan.path, "--csv"])
        #expect(again.stdout == csv.stdout)
        // A run against itself: nothing changed.
        let same = try MujunBinary.run(["diff", runs.zhejiang.path, runs.zhejiang.path, "--csv"])
        #expect(same.stdout.split(separator: "\n").count == 1)
    }

    @Test func missingFolderExits66() throws {
        let r = try MujunBinary.run(["diff", "/nonexistent/a", "/nonexistent/b"])
        #expect(r.status == 66)
        #expect(r.stderr.contains("/nonexistent/a"))
    }

    @Test func helpListsTheNewCommands() throws {
        let h = try MujunBinary.run(["--help"])
        #expect(h.stdout.contains("explain") && h.stdout.contains("diff"))
        let e = try MujunBinary.run(["help", "explain"])
        #expect(e.stdout.contains("USAGE: mujun explain <uscc> [--run <dir>] [--json]"))
        let d = try MujunBinary.run(["diff", "--help"])
        #expect(d.stdout.contains("USAGE: mujun diff <old> <new> [--csv]"))
    }
}
