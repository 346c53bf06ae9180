import Foundation
import Testing

@testable import MujunCore

/// Helpers shared by the stage tests: valid credit codes, a throw-away data folder, and a run.
enum Fixture {
    /// A valid GB 32100 code whose first 17 characters are `prefix` (10 characters) and `n` in 7 digits;
    /// codes made from increasing `n` sort in the same order.
    static func code(_ n: Int, prefix: String = "9133000000") -> String {
        let body = prefix + String(format: "%07d", n)
        precondition(body.utf8.count == 17)
        return body + String(USCC.checkCharacter(for: body)!)
    }

    /// A code with the wrong check character (the right one shifted by one place in the alphabet).
    static func badCode(_ n: Int) -> String {
        let good = code(n)
        let alphabet = Array("0123456789ABCDEFGHJKLMNPQRTUWXY")
        let i = alphabet.firstIndex(of: good.last!)!
        return String(good.dropLast()) + String(alphabet[(i + 1) % alphabet.count])
    }

    /// Required files with a header and no rows, so a test writes only the files it cares about.
    static let emptyRequired: [String: String] = [
        "enterprises.csv": "uscc,name,industry,region,scale,established\n",
        "tax.csv": "uscc,period,amount\n",
        "energy.csv": "uscc,period,carrier,quantity,unit\n",
        "land.csv": "uscc,parcel_id,area,unit\n",
    ]
}

/// A temporary folder removed when the value goes away.
final class TempFolder {
    let url: URL
    var path: String { url.path }

    init() {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("mujun-test-\(UUID().uuidString)")
        try! FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(at: url) }

    @discardableResult
    func write(_ name: String, _ text: String) -> String {
        write(name, bytes: Array(text.utf8))
    }

    @discardableResult
    func write(_ name: String, bytes: [UInt8]) -> String {
        let file = url.appendingPathComponent(name)
        try! Data(bytes).write(to: file)
        return file.path
    }

    /// Writes `files` over the empty required files.
    func writeInputs(_ files: [String: String]) {
        for (name, text) in Fixture.emptyRequired.merging(files, uniquingKeysWith: { $1 }) {
            write(name, text)
        }
    }
}

/// Runs ingest only, on `files` written over the empty required files.
func ingest(_ files: [String: String], pipeline: Pipeline = Pipeline(), year: Int = 2024) throws -> Inputs {
    let folder = TempFolder()
    folder.writeInputs(files)
    return try Ingest.run(pipeline, Ingest.Options(dataDirectory: folder.path, year: year))
}

/// Runs every stage up to classify on `files` written over the empty required files.
func evaluate(_ files: [String: String], pipeline: Pipeline, year: Int = 2024) throws -> RunResult {
    let folder = TempFolder()
    folder.writeInputs(files)
    return try Evaluate.run(pipeline, Ingest.Options(dataDirectory: folder.path, year: year))
}

/// Lines joined with `\n`, ending in one.
func csv(_ lines: String...) -> String { lines.joined(separator: "\n") + "\n" }

extension RunResult {
    /// The dense id of a code made with `Fixture.code`.
    func dense(_ code: String) -> Int { inputs.registry.id(of: USCC(code)!)! }
    func total(_ code: String) -> Double { scores.total[dense(code)] }
    func score(_ k: IndicatorID, _ code: String) -> Double { scores.scores[k]![dense(code)] }
    func enterpriseClass(_ code: String) -> EnterpriseClass? { classes.enterpriseClass[dense(code)] }
    func reason(_ code: String) -> String { classes.reason[dense(code)] }
    func rank(_ code: String) -> Int? { classes.rank[dense(code)] }
}

/// `a` and `b` agree to 1e-6 (SPEC §1: scores to 1e-6).
func close(_ a: Double, _ b: Double, _ tolerance: Double = 1e-6) -> Bool {
    (a - b).magnitude <= tolerance
}

/// A registry of above-scale enterprises established 2015, one line per (code, industry, high_tech).
func registry(_ rows: [(code: String, industry: String)], highTech: Set<String> = []) -> String {
    csv(
        ["uscc,name,industry,region,scale,established,high_tech"]
            + rows.map { "\($0.code),n,\($0.industry),r,above,2015-01-01,\(highTech.contains($0.code) ? 1 : 0)" })
}

/// A registry of `codes` in that order (placeholder names, above scale, established 2000).
func registry(of codes: [USCC]) -> Registry {
    var registry = Registry()
    #expect(registry.enterCodes(codes).allSatisfy { $0 })
    var names = TextColumn()
    for _ in codes { names.append("n") }
    registry.fill(RegistryColumns(
        names: names, industries: InternedText(codes.map { _ in "" }), regions: InternedText(codes.map { _ in "" }),
        scales: codes.map { _ in .above }, established: codes.map { _ in CivilDate(year: 2000, month: 1, day: 1) },
        highTech: codes.map { _ in false }, exempt: InternedText(codes.map { _ in "" })))
    return registry
}

/// One line per (code, rest of the row) under `header`.
func rows(_ header: String, _ values: [(String, String)]) -> String {
    csv([header] + values.map { "\($0.0),\($0.1)" })
}

func csv(_ lines: [String]) -> String { lines.joined(separator: "\n") + "\n" }

/// A pipeline with one above-scale group; money in 万元 (wan_yuan) so amounts read as written.
func onePipeline(_ indicators: [IndicatorSpec], method: ScoringMethod = .ratio, cap: Double? = nil) -> Pipeline {
    var p = Pipeline()
    var g = EvaluationGroup(id: "above")
    g.predicate.scale = .above
    g.indicators = indicators
    g.method = method
    g.cap = cap
    p.groups = [g]
    for f in [InputFile.tax, .economy] {
        var s = InputSettings()
        s.moneyUnit = .wanYuan
        p.inputs[f] = s
    }
    return p
}

func spec(_ id: IndicatorID, _ weight: Double, _ benchmark: Benchmark = .mean) -> IndicatorSpec {
    var s = IndicatorSpec(id: id, weight: weight)
    s.benchmark = benchmark
    return s
}
