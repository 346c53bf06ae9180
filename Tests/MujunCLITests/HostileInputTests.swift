import Foundation
import Testing

/// Broken and hostile inputs end in a clear `mujun: error:` line or a reject — never a crash, a
/// hang or unbounded memory. Each case runs `mujun validate` on a damaged copy of the sample.
@Suite struct HostileInputTests {
    /// Replaces one input of a fresh copy of the sample with `bytes` and validates it.
    func validate(_ file: String, _ bytes: [UInt8], appending: Bool = false) throws -> (MujunBinary.Result, String) {
        let s = try Scratch()
        defer { s.remove() }
        let data = try s.copyOfSample()
        let path = data.appendingPathComponent(file).path
        let old = appending ? try Data(contentsOf: URL(fileURLWithPath: path)) : Data()
        try (old + Data(bytes)).write(to: URL(fileURLWithPath: path))
        return (try MujunBinary.run(["validate", Scratch.zhejiang, "--data", data.path]), path)
    }

    @Test func truncatedInsideAQuotedFieldIsOneMalformedRow() throws {
        // Appended to the sample's 25 leases: the cut-off record is the 26th row, and the only reject.
        let text = "91331002MA27LR1QLT,\"91350100M000100Y43,2"
        let (r, _) = try validate("leases.csv", Array(text.utf8), appending: true)
        #expect(r.status == 0)
        #expect(r.stdout.contains("leases.csv: read 26, accepted 25, rejected 1 (malformed_row 1)"))
    }

    @Test func nulBytesAreRejectedRowsNotCrashes() throws {
        let bytes = Array("91331002MA27LR1QLT,2024-01-0".utf8) + [0] + Array(",safety,major\n".utf8)
        let (r, _) = try validate("violations.csv", bytes, appending: true)
        #expect(r.status == 0)
        #expect(r.stdout.contains("violations.csv: read 25, accepted 24, rejected 1 (unparseable_date 1)"))
    }

    @Test func bytesValidInNeitherEncodingAreFatal() throws {
        let (r, path) = try validate("land.csv", Array("uscc,parcel_id,area,unit\n".utf8) + [0xFF, 0xFE, 0x0A])
        #expect(r.status == 65)
        #expect(r.stderr == "mujun: error: \(path): invalid GB18030 at byte offset 25\n")
    }

    @Test func aHundredMegabyteFieldIsRefusedWithBoundedMemory() throws {
        var bytes = Array("uscc,parcel_id,area,unit\n91110000600037341L,\"".utf8)
        bytes += [UInt8](repeating: UInt8(ascii: "x"), count: 100 << 20)
        bytes += Array("\",1,mu\n".utf8)
        let (r, path) = try validate("land.csv", bytes)
        #expect(r.status == 65)
        #expect(r.stderr == "mujun: error: \(path):2: a record is longer than 67108864 bytes\n")
    }

    @Test func aMillionColumnHeaderIsRefused() throws {
        let header = (0..<1_000_000).map { "c\($0)" }.joined(separator: ",") + "\n"
        let (r, path) = try validate("emissions.csv", Array(header.utf8))
        #expect(r.status == 65)
        #expect(r.stderr == "mujun: error: \(path): the header has 10001 columns; at most 10000 are read\n")
    }

    @Test func headerOnlyPassesWithAWarningAndEmptyFileIsFatal() throws {
        let (headerOnly, path) = try validate("economy.csv", Array("uscc,year,revenue,value_added,employees,rd_expense\n".utf8))
        #expect(headerOnly.status == 0)
        #expect(headerOnly.stderr.contains("mujun: warning: \(path): no accepted rows in the evaluation year 2024"))
        let (empty, emptyPath) = try validate("tax.csv", [])
        #expect(empty.status == 65)
        #expect(empty.stderr == "mujun: error: \(emptyPath): the file is empty: no header line\n")
    }

    @Test func emptyViolationsAreNoGapButViolationsOutsideTheYearAre() throws {
        let header = "uscc,date,kind,severity\n"
        let (none, nonePath) = try validate("violations.csv", Array(header.utf8))
        #expect(none.status == 0)
        #expect(!none.stderr.contains("\(nonePath): no accepted rows in the evaluation year"))
        let (old, oldPath) = try validate("violations.csv", Array((header + "91331002MA27LR1QLT,2019-01-02,safety,major\n").utf8))
        #expect(old.status == 0)
        #expect(old.stderr.contains("mujun: warning: \(oldPath): no accepted rows in the evaluation year 2024"))
    }

    @Test func duplicateHeaderNamesWarnAndTheFirstWins() throws {
        let text = "uscc,date,kind,severity,kind\n91331002MA27LR1QLT,2024-01-02,safety,major,other\n"
        let (r, path) = try validate("violations.csv", Array(text.utf8))
        #expect(r.status == 0)
        #expect(r.stderr.contains("mujun: warning: \(path):1: header 'kind' also maps to 'kind'; the first such column is used"))
    }

    @Test func directoryAndSymlinkLoopWhereAFileShouldBe() throws {
        let s = try Scratch()
        defer { s.remove() }
        let data = try s.copyOfSample()
        let land = data.appendingPathComponent("land.csv").path
        try FileManager.default.removeItem(atPath: land)
        try FileManager.default.createDirectory(atPath: land, withIntermediateDirectories: false)
        let dir = try MujunBinary.run(["validate", Scratch.zhejiang, "--data", data.path])
        #expect(dir.status == 66)
        #expect(dir.stderr == "mujun: error: \(land): cannot read input file: is a directory, not a file\n")
        try FileManager.default.removeItem(atPath: land)
        try FileManager.default.createSymbolicLink(atPath: land, withDestinationPath: land)
        let loop = try MujunBinary.run(["validate", Scratch.zhejiang, "--data", data.path])
        #expect(loop.status == 66)
        #expect(loop.stderr == "mujun: error: \(land): cannot read input file: too many levels of symbolic links\n")
    }

    /// Pipeline files that are wrong in type, key or value: exit 78 naming the key path.
    @Test(arguments: [
        ("year: 2024,", "year: \"2024\",", "'year' must be a number, found string"),
        ("high_tech_bonus: 0,", "high_tech_bonus: 0, colour: 1,", "unknown key 'colour'"),
        ("weight: 30,", "weight: -30,", "'groups[0].indicators[0].weight' must be at least 0, found -30"),
        ("A: 20, B: 60, C: 15, D: 5", "A: 50, B: 60, C: 15", "'groups[0].classes.shares' must have A + B + C at most 100, found 125"),
        ("A: 20, B: 60, C: 15, D: 5", "A: 20.125, B: 60, C: 15", "'groups[0].classes.shares.A' must have at most two decimals, found 20.125"),
        ("leases: {", "leasez: {", "unknown key 'leasez'; did you mean 'leases'?"),
    ])
    func brokenPipelineFilesExit78(_ find: String, _ replace: String, _ message: String) throws {
        let s = try Scratch()
        defer { s.remove() }
        let text = try String(contentsOfFile: Scratch.zhejiang, encoding: .utf8)
        let range = try #require(text.range(of: find))
        try text.replacingCharacters(in: range, with: replace).write(toFile: s.path("p.json5"), atomically: true, encoding: .utf8)
        let r = try MujunBinary.run(["validate", s.path("p.json5"), "--data", Scratch.sample.path])
        #expect(r.status == 78)
        #expect(r.stderr == "mujun: error: \(s.path("p.json5")): \(message)\n")
    }

    @Test func allWeightsZeroIsAConfigError() throws {
        let s = try Scratch()
        defer { s.remove() }
        try """
            { groups: [ { id: "g", where: {}, indicators: [ { id: "tax_per_mu", weight: 0 } ] } ] }
            """.write(toFile: s.path("p.json5"), atomically: true, encoding: .utf8)
        let r = try MujunBinary.run(["validate", s.path("p.json5"), "--data", Scratch.sample.path])
        #expect(r.status == 78)
        #expect(r.stderr == "mujun: error: \(s.path("p.json5")): 'groups[0].indicators' must have at least one weight above 0\n")
    }
}

/// `--excel` guards formula-like text cells and adds a BOM; without it the output is the data.
@Suite struct ExcelOutputTests {
    @Test func excelGuardsFormulasAndPlainOutputDoesNot() throws {
        let s = try Scratch()
        defer { s.remove() }
        let data = try s.copyOfSample()
        let url = data.appendingPathComponent("enterprises.csv")
        var text = try String(contentsOf: url, encoding: .utf8)
        let firstData = try #require(text.range(of: "\n"))
        let line = text[firstData.upperBound...].prefix { $0 != "\n" }
        var cells = line.components(separatedBy: ",")
        cells[1] = "=HYPERLINK(\"http://x\")"
        // Industry and region cells are laid out once per distinct value: guarded and quoted the same.
        cells[2] = "@C3670"
        cells[3] = "+东区,南"
        text = text.replacingOccurrences(of: String(line), with: cells.map { $0.contains("\"") || $0.contains(",") ? "\"" + $0.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : $0 }.joined(separator: ","))
        try text.write(to: url, atomically: true, encoding: .utf8)
        let plain = try MujunBinary.run(["run", Scratch.zhejiang, "--data", data.path, "--out", s.path("plain")])
        #expect(plain.status == 0)
        let plainBytes = try Data(contentsOf: URL(fileURLWithPath: s.path("plain/latest/rankings.csv")))
        #expect(plainBytes.prefix(3) != Data([0xEF, 0xBB, 0xBF]))
        #expect(String(decoding: plainBytes, as: UTF8.self).contains(",\"=HYPERLINK(\"\"http://x\"\")\",@C3670,\"+东区,南\","))
        let excel = try MujunBinary.run(["run", Scratch.zhejiang, "--data", data.path, "--out", s.path("excel"), "--excel"])
        #expect(excel.status == 0)
        let excelBytes = try Data(contentsOf: URL(fileURLWithPath: s.path("excel/latest/rankings.csv")))
        #expect(excelBytes.prefix(3) == Data([0xEF, 0xBB, 0xBF]))
        let excelText = String(decoding: excelBytes.dropFirst(3), as: UTF8.self)
        #expect(excelText.contains(",\"'=HYPERLINK(\"\"http://x\"\")\",'@C3670,\"'+东区,南\","))
        // Negative numbers are numbers, not formulas.
        #expect(excelText.contains(",-5.000000,") == String(decoding: plainBytes, as: UTF8.self).contains(",-5.000000,"))
    }
}
