import Foundation
@testable import MujunCore

/// A small zone written as CSVs into a temporary folder and evaluated with `Evaluate.run`.
///
/// Money is in 万元 (`money_unit: wan_yuan`), raw coal counts 1 tce per tonne, so the numbers in
/// the tests' comments are the numbers in the files.
struct EvaluationFixture {
    var year = 2024
    var enterprises = ["uscc,name,industry,region,scale,established"]
    var tax = ["uscc,period,amount,tax_type"]
    var energy = ["uscc,period,carrier,quantity,unit"]
    var land = ["uscc,parcel_id,area,unit"]
    var economy = ["uscc,year,revenue,value_added,employees,rd_expense"]
    var leases = ["landlord,tenant,area,unit"]
    var violations = ["uscc,date,kind,severity"]
    var history = ["uscc,year,class,score,rank"]

    /// A valid credit code for a small number: `913300000000` + five digits + the check character.
    static func code(_ n: Int) -> String {
        let first17 = "913300000000" + String(format: "%05d", n)
        return first17 + String(USCC.checkCharacter(for: first17)!)
    }

    /// Adds a registry row and, when given, its land, tax, energy and economy rows for the year.
    @discardableResult
    mutating func firm(
        _ n: Int, scale: String = "above", established: String = "2010-01-01", industry: String = "C3670",
        region: String = "东城", landMu: Double? = 10, tax: Double? = nil, landUseTax: Double? = nil,
        electricity10kKwh: Double? = nil, coalTonnes: Double? = nil, valueAdded: Double? = nil
    ) -> String {
        let c = Self.code(n)
        enterprises.append("\(c),企业\(n),\(industry),\(region),\(scale),\(established)")
        if let landMu { land.append("\(c),P\(n),\(landMu),mu") }
        if let tax { self.tax.append("\(c),\(year),\(tax),") }
        if let landUseTax { self.tax.append("\(c),\(year),\(landUseTax),land_use") }
        if let electricity10kKwh { energy.append("\(c),\(year),electricity,\(electricity10kKwh),万kWh") }
        if let coalTonnes { energy.append("\(c),\(year),raw_coal,\(coalTonnes),t") }
        if let valueAdded { economy.append("\(c),\(year),,\(valueAdded),,") }
        return c
    }

    mutating func lease(_ landlord: String, _ tenant: String, mu: Double) {
        leases.append("\(landlord),\(tenant),\(mu),mu")
    }

    mutating func violation(_ code: String, kind: String, severity: String, date: String? = nil) {
        violations.append("\(code),\(date ?? "\(year)-06-01"),\(kind),\(severity)")
    }

    mutating func history(_ code: String, _ year: Int, _ cls: String, rank: Int? = nil) {
        history.append("\(code),\(year),\(cls),,\(rank.map(String.init) ?? "")")
    }

    /// A pipeline with one group per scale scoring tax per mu against a fixed 10 万元/亩, weight 100,
    /// so an enterprise's total is its tax per mu × 10; thresholds A 90, B 70, C 50.
    static func pipelineText(extra: String = "") -> String {
        """
        {
          inputs: { "tax.csv": { money_unit: "wan_yuan" }, "economy.csv": { money_unit: "wan_yuan" } },
          energy_factors: { raw_coal: 1 },
          groups: [
            { id: "above", where: { scale: "above" },
              indicators: [{ id: "tax_per_mu", weight: 100, benchmark: 10 }],
              classes: { mode: "thresholds", thresholds: { A: 90, B: 70, C: 50 } } },
            { id: "below", where: { scale: "below" },
              indicators: [{ id: "tax_per_mu", weight: 100, benchmark: 10 }],
              classes: { mode: "thresholds", thresholds: { A: 90, B: 70, C: 50 } } },
          ],
          \(extra)
        }
        """
    }

    /// Writes the files into a fresh temporary folder and runs the whole evaluation.
    func run(pipeline: String = EvaluationFixture.pipelineText(), extraHistory: [String]? = nil) throws -> RunResult {
        try withFiles(pipeline: pipeline, extraHistory: extraHistory) { try Evaluate.run($0, $1) }
    }

    /// Writes the files into a fresh temporary folder and only reads them.
    func ingest(pipeline: String = EvaluationFixture.pipelineText(), extraHistory: [String]? = nil) throws -> Inputs {
        try withFiles(pipeline: pipeline, extraHistory: extraHistory) { try Ingest.run($0, $1) }
    }

    /// Writes the files into a fresh temporary folder and hands `body` the pipeline and the
    /// options that read them.
    private func withFiles<T>(
        pipeline: String, extraHistory: [String]?, _ body: (Pipeline, Ingest.Options) throws -> T
    ) throws -> T {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("mujun-fixture-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let files = [
            "enterprises.csv": enterprises, "tax.csv": tax, "energy.csv": energy, "land.csv": land,
            "economy.csv": economy, "leases.csv": leases, "violations.csv": violations, "history.csv": history,
        ]
        for (name, lines) in files {
            try (lines.joined(separator: "\n") + "\n").write(
                to: dir.appendingPathComponent(name), atomically: true, encoding: .utf8)
        }
        var extraPath: String? = nil
        if let extraHistory {
            let url = dir.appendingPathComponent("previous-rankings.csv")
            try (extraHistory.joined(separator: "\n") + "\n").write(to: url, atomically: true, encoding: .utf8)
            extraPath = url.path
        }
        var p = try PipelineLoader.parse(Data(pipeline.utf8), path: "fixture.json5")
        p.year = year
        return try body(p, Ingest.Options(dataDirectory: dir.path, year: year, extraHistory: extraPath))
    }
}

extension RunResult {
    /// Dense id of a code.
    func id(_ code: String) -> Int { inputs.registry.id(of: USCC(code)!)! }

    /// A table's rows as cells keyed by header (no quoted cells in these fixtures).
    static func parseCSV(_ bytes: [UInt8]) -> [[String: String]] {
        let lines = String(decoding: bytes, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
            .filter { !$0.isEmpty }
        let header = lines[0].split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        return lines.dropFirst().map { line in
            let cells = line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            return Dictionary(uniqueKeysWithValues: zip(header, cells))
        }
    }
}
