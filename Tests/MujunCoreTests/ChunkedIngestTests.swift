import Foundation
import Testing

@testable import MujunCore

/// Issue #3, "exactness at scale": tax and energy are read in parallel chunks, and tiny blocks and
/// chunks put the boundaries inside quoted fields, CRLF pairs and multi-byte characters. Whatever
/// the tuning and the worker count, ingest must come to the same sums, rejects and file reports
/// as the default (for these small files, sequential) read.
@Suite struct ChunkedIngestTests {
    private let codes = (1...6).map { Fixture.code($0) }

    /// Everything ingest produced that the chunked files feed.
    private struct Snapshot: Equatable {
        var tax: [ExactSum]
        var landUseTax: [ExactSum]
        var energyTce: [ExactSum]
        var electricity: [ExactSum]
        var landMu: [ExactSum]
        /// Economy figures and earlier revenues as bit patterns (NaN marks a missing figure).
        var economy: [[UInt64]]
        var economyRows: [[Bool]]
        var emissionEq: [ExactSum]
        /// History rows as code, year, class, score bits, rank (a missing score is nil, not NaN).
        var history: [String]
        var rejects: [Reject]
        var files: [FileReport]
        var warnings: [Warning]
        /// Every registry column, one line per id.
        var registry: [String]

        init(_ inputs: Inputs) {
            let r = inputs.registry
            registry = r.codes.indices.map { id in
                "\(r.codes[id]) \(r.names[id]) \(r.industries[id]) \(r.regions[id]) \(r.scales[id]) "
                    + "\(r.established[id]) \(r.highTech[id]) \(r.exempt[id])"
            }
            tax = Array(inputs.sums.tax)
            landUseTax = Array(inputs.sums.landUseTax)
            energyTce = Array(inputs.sums.energyTce)
            electricity = Array(inputs.sums.electricity10kKwh)
            landMu = inputs.sums.landMu
            let e = inputs.sums.economy
            economy = ([e.revenue, e.valueAdded, e.employees, e.rdExpense] + inputs.sums.earlierRevenue).map {
                $0.map(\.bitPattern)
            }
            economyRows = [e.hasRow] + inputs.sums.earlierHasRow
            emissionEq = inputs.sums.emissionEq
            history = inputs.history.map {
                "\($0.code) \($0.year) \($0.enterpriseClass) \(String(describing: $0.score?.bitPattern)) \(String(describing: $0.rank))"
            }
            rejects = inputs.rejects
            files = inputs.files
            warnings = inputs.warnings
        }
    }

    /// A tax file with a shadowed header, CRLF line ends, quoted cells holding commas, line breaks
    /// and `""`, multi-byte tax types, blank lines, rejected rows of every kind, and an unclosed
    /// quote at the end.
    private var tax: String {
        var lines = ["统一社会信用代码,所属期,实缴税额,税种,tax_type"]
        var seed: UInt64 = 7
        func next(_ n: UInt64) -> Int {
            seed = seed &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int((seed >> 33) % n)
        }
        let types = ["城镇土地使用税", "增值税", "\"企业\n所得税\"", "LAND_USE", "\"印花税\"\"（按件）\"\"\"", "\u{3000}城镇土地使用税\u{3000}"]
        for i in 0..<60 {
            let code = codes[next(UInt64(codes.count))]
            let month = 1 + next(12)
            let year = next(5) == 0 ? 2023 : 2024
            let amount = next(3) == 0 ? "\"\(next(900) + 1),\(100 + next(900))\"" : "\(next(100_000)).\(next(100))"
            let note = i % 4 == 0 ? "\"备注,含逗号\r\n第二行 \"\"引号\"\"\"" : "n\(i)"
            lines.append("\(code),\(year)-\(String(format: "%02d", month)),\(amount),\(types[next(6)]),\(note)")
            switch i % 10 {
            case 3: lines.append("")
            case 5: lines.append(",,,,")
            case 7: lines.append("\(Fixture.badCode(1)),2024-01,5,增值税,x")
            case 8: lines.append("\(Fixture.code(20)),2024-01,5,增值税,\"未\n登记\"")
            case 9: lines.append("\(codes[0]),\"2024-01\"x,5,增值税,stray")
            default: break
            }
        }
        lines.append("\(codes[1]),2024-13,5,增值税,x")
        lines.append("\(codes[1]),2024-02,abc,增值税,x")
        lines.append("\(codes[1]),2024-02,5,增值税")
        lines.append("\(codes[2]),2024-02,\"7\nunclosed,增值税,x")
        return lines.joined(separator: "\r\n")
    }

    private var energy: String {
        var lines = ["uscc,period,carrier,quantity,unit"]
        let rows = [
            "electricity,2,万kWh", "原煤,3,吨", "电力,5000,度", "\"natural_gas\",\"1,234.5\",\"立方米\"",
            "coke,1,bbl", "\"steam\nheat\",1,t", "coke,-1,t", "电力,\"12\",\"kWh\"",
        ]
        for i in 0..<48 {
            let code = i % 11 == 10 ? Fixture.code(21) : codes[i % codes.count]
            lines.append("\(code),2024-\(String(format: "%02d", 1 + i % 12)),\(rows[i % rows.count])")
            if i % 9 == 4 { lines.append("") }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    private func run(_ folder: TempFolder, _ tuning: Ingest.ReadTuning?) throws -> Snapshot {
        var options = Ingest.Options(dataDirectory: folder.path, year: 2024)
        options.readTuning = tuning
        return Snapshot(try Ingest.run(onePipeline([]), options))
    }

    @Test func tinyBlocksAndChunksGiveTheDefaultResultWhateverTheWorkerCount() throws {
        let folder = TempFolder()
        folder.writeInputs([
            "enterprises.csv": registry(codes.map { (code: $0, industry: "C36") }),
            "tax.csv": tax,
            "energy.csv": energy,
            "land.csv": rows("uscc,parcel_id,area,unit", codes.map { ($0, "P1,2,mu") }),
        ])
        let expected = try run(folder, nil)
        // The fixture must exercise what it claims to: rows kept and rejected in both files, and
        // the shadowed header's warning.
        let taxReport = try #require(expected.files.first { $0.file == .tax })
        let energyReport = try #require(expected.files.first { $0.file == .energy })
        #expect(taxReport.rowsAccepted > 30 && taxReport.rowsRejected > 10)
        #expect(energyReport.rowsAccepted > 20 && energyReport.rowsRejected > 10)
        #expect(expected.warnings.count == 1)
        #expect(expected.tax.contains { $0.count > 3 } && expected.landUseTax.contains { !$0.isEmpty })
        var differing: [String] = []
        for blockSize in [1, 2, 3, 5, 7, 11, 16, 64, 4096] {
            for chunkBytes in [1, 3, 16] {
                for workers in [1, 3, 7] {
                    let tuning = Ingest.ReadTuning(
                        blockSize: blockSize, chunkBytes: chunkBytes, workers: workers, splitOnlyForIdleThreads: false)
                    if try run(folder, tuning) != expected { differing.append("\(tuning)") }
                }
            }
        }
        // As in production: split only for threads that are free at the time.
        for blockSize in [3, 64] {
            let tuning = Ingest.ReadTuning(blockSize: blockSize, chunkBytes: 1, workers: 3)
            if try run(folder, tuning) != expected { differing.append("\(tuning)") }
        }
        #expect(differing.count == 0, "\(differing.prefix(3))")
    }

    /// Clean rows of tax.csv and energy.csv (header in SPEC order) take a fast path that checks and
    /// sums them in one pass; anything it does not take goes through the generic path. Both paths
    /// must come to the same sums, rejects and reports, whatever the tuning.
    @Test func theFastPathForCleanRowsAgreesWithTheGenericPath() throws {
        let folder = TempFolder()
        // The tax fixture with its header in SPEC order (and its fifth column gone), with rows the
        // fast path must leave alone: padded, quoted, CRLF, lowercase, empty or extra cells.
        var taxLines = tax.components(separatedBy: "\r\n").map { line -> String in
            guard let last = line.lastIndex(of: ","), !line.hasSuffix("\"") else { return line }
            return String(line[..<last])
        }
        taxLines[0] = "uscc,period,amount,tax_type"
        taxLines += [
            "\(codes[0]),2024-03, 12.5,增值税", "\(codes[0]),2024-03,12.5 ,增值税", "\(codes[1].lowercased()),2024-04,3,LAND_USE",
            "\(codes[1]),2024-04,3,", "\(codes[1]),2024-04,3,增值税,", "\(codes[2]),202405,1e3,城镇土地使用税",
            "\(codes[2]),2024年5月,-7.25,城镇土地使用税\r", "\(codes[3]),2024-06,１２,增值税", "\(codes[3]),2024-06,0012.50,land_use",
            "\(codes[4]),2024-07,1234567890123456,增值税", "\(codes[4]),2024-07,\"5\",增值税", "\(Fixture.code(21)),2024-07,5,增值税",
            "\(codes[5]),2023-12,9,增值税", "\(codes[5]),2024-12,9,\u{3000}增值税",
            // Longer than the fast path's 64-byte separator mask: the rest of the row is scanned.
            "\(codes[0]),2024-08,7.5,\(String(repeating: "增值税", count: 6))",
            "\(codes[0]),2024-08,\(String(repeating: "0", count: 50))2.5,增值税",
            "\(codes[1]),2024-08,1,\(String(repeating: "城镇土地使用税", count: 4)) ",
            // Quoted amounts the fast path reads (thousands separators, also past the 64-byte mask
            // and before a CRLF) and ones it leaves alone (padded, empty, a quote inside, bytes after
            // the quote, an empty amount).
            "\(codes[2]),2024-09,\"1,234.5\",增值税", "\(codes[3]),2024-09,\"12,000,000\",城镇土地使用税\r",
            "\(codes[4]),2024-09,\"\(String(repeating: "0", count: 50))7,500\",增值税",
            "\(codes[5]),2024-09,\" 1,234\",增值税", "\(codes[5]),2024-09,\"\",增值税", "\(codes[5]),2024-09,\"1\"\"2\",增值税",
            "\(codes[5]),2024-09,\"12\"3,增值税", "\(codes[5]),2024-09,,增值税",
        ]
        folder.writeInputs([
            "enterprises.csv": registry(codes.map { (code: $0, industry: "C36") }),
            "tax.csv": taxLines.joined(separator: "\n") + "\n",
            "energy.csv": energy + "\(codes[0]),2024-01,电力,-0,kWh\n\(codes[0]),2024-01,电力, 7,kWh\n\(codes[1]),2024-02,heat,3,GJ\r\n",
            "land.csv": rows("uscc,parcel_id,area,unit", codes.map { ($0, "P1,2,mu") }) + landRowsForTheFastPath,
            "economy.csv": economy,
            "emissions.csv": emissions,
            "history.csv": history,
        ])
        let generic = try run(folder, Ingest.ReadTuning(fastRows: false))
        let landReport = try #require(generic.files.first { $0.file == .land })
        #expect(landReport.rowsAccepted > 8 && landReport.rowsRejected > 6)
        let economyReport = try #require(generic.files.first { $0.file == .economy })
        #expect(economyReport.rowsAccepted > 10 && economyReport.rowsRejected > 5)
        #expect(generic.economyRows[0].contains(true) && generic.economyRows[3].contains(true))
        let emissionsReport = try #require(generic.files.first { $0.file == .emissions })
        let historyReport = try #require(generic.files.first { $0.file == .history })
        #expect(emissionsReport.rowsAccepted > 5 && emissionsReport.rowsRejected > 3)
        #expect(historyReport.rowsAccepted > 8 && historyReport.rowsRejected > 3 && generic.history.count > 8)
        let taxReport = try #require(generic.files.first { $0.file == .tax })
        #expect(taxReport.rowsAccepted > 40 && taxReport.rowsRejected > 10 && generic.warnings.isEmpty)
        #expect(generic.landUseTax.contains { !$0.isEmpty })
        var differing: [String] = []
        for blockSize in [1, 7, 64, 4096] {
            for workers in [1, 3] {
                for fastRows in [true, false] {
                    let tuning = Ingest.ReadTuning(
                        blockSize: blockSize, chunkBytes: 3, workers: workers, splitOnlyForIdleThreads: false,
                        fastRows: fastRows)
                    if try run(folder, tuning) != generic { differing.append("\(tuning)") }
                }
            }
        }
        #expect(try run(folder, nil) == generic)
        #expect(differing.count == 0, "\(differing.prefix(3))")
    }

    /// enterprises.csv's fast path (a clean row with all eight columns, the exemption possibly
    /// empty) keeps the same registry, duplicates and rejects as the generic path, whatever the
    /// tuning: rows it must leave alone are quoted, padded, lowercase, duplicated, or have an
    /// unknown scale, a bad date, an empty or unknown high-tech flag, or CRLF line ends.
    @Test func theRegistryFastPathAgreesWithTheGenericPath() throws {
        let folder = TempFolder()
        let c = (1...14).map { Fixture.code($0) }
        let lines = [
            "uscc,name,industry,region,scale,established,high_tech,exempt",
            "\(c[0]),甲公司,C3670,东城,规上,2015-01-01,否,", "\(c[1]),乙,C36,西城,below,20111208,是,",
            "\(c[2]),丙,C13,东城,above,2001-02-03,1,exempt_all", "\(c[3]),\"丁,有限\",C13,东城,above,2001-02-03,0,",
            "\(c[4]), 戊,C13,东城,above,2001-02-03,0,", "\(c[5].lowercased()),己,C13,东城,above,2001-02-03,0,",
            "\(c[0]),重复,C13,东城,above,2001-02-03,0,", "\(c[6]),庚,C13,东城,huge,2001-02-03,0,",
            "\(c[7]),辛,C13,东城,above,2001-13-03,0,", "\(c[8]),壬,C13,东城,above,2001-02-03,,",
            "\(c[9]),癸,C13,东城,above,2001-02-03,maybe,", "\(c[10]),子,C13,东城,规下,2001-02-03,false,\r",
            "\(c[11]),丑,C13,东城,above,2001-02-03,TRUE,new_firm\r", "\(c[12]),寅,C13,东城,above,2001-02-03,0",
            "\(c[13]),卯,,东城,above,2001-02-03,0,", "\(Fixture.badCode(3)),辰,C13,东城,above,2001-02-03,0,",
            "\(c[4]),巳,C13,东城,above,2001-02-03,0,  ",
        ]
        folder.writeInputs([
            "enterprises.csv": lines.joined(separator: "\n") + "\n",
            "tax.csv": "uscc,period,amount,tax_type\n", "energy.csv": "uscc,period,carrier,quantity,unit\n",
            "land.csv": "uscc,parcel_id,area,unit\n",
        ])
        let generic = try run(folder, Ingest.ReadTuning(fastRows: false))
        let report = try #require(generic.files.first { $0.file == .enterprises })
        #expect(report.rowsAccepted > 8 && report.rowsRejected > 4)
        #expect(generic.registry.count == report.rowsAccepted)
        var differing: [String] = []
        for blockSize in [1, 7, 64, 4096] {
            for workers in [1, 3] {
                let tuning = Ingest.ReadTuning(
                    blockSize: blockSize, chunkBytes: 3, workers: workers, splitOnlyForIdleThreads: false, fastRows: true)
                if try run(folder, tuning) != generic { differing.append("\(tuning)") }
            }
        }
        #expect(try run(folder, nil) == generic)
        #expect(differing.count == 0, "\(differing.prefix(3))")
    }

    /// Land rows for the fast-path test: clean ones in every unit, and ones the fast path must
    /// leave alone — a parcel listed twice, an area not positive, an unknown unit or enterprise,
    /// padded, quoted, lowercase or empty cells, CRLF.
    private var landRowsForTheFastPath: String {
        [
            "\(codes[0]),P2,1.25,亩", "\(codes[0]),P1,3,mu", "\(codes[0]),P3,100,m2", "\(codes[1]),P2,0,mu",
            "\(codes[1]),P3,-1,亩", "\(codes[1]),P4,0.5,ha", "\(codes[1]),P5,2,acre", "\(codes[2]),P6, 4,mu",
            "\(codes[2]),\"P,7\",4,mu", "\(codes[2]),\"P8\",4,公顷", "\(codes[3].lowercased()),P9,4,mu",
            "\(Fixture.code(21)),P10,1,mu", "\(codes[3]),,2,mu", "\(codes[4]),P11,2,MU", "\(codes[4]),P11,2,mu",
            "\(codes[5]),P12,7,平方米\r", "\(codes[5]),P13,7,㎡", "\(codes[5]),P14,x,mu", "\(codes[5]),P15,1e2,mu",
        ].joined(separator: "\n") + "\n"
    }

    /// Economy rows for the fast-path test: clean ones, and ones the fast path must leave alone —
    /// empty figures, a duplicate year after a clean row and after a row with an empty figure,
    /// negative figures, `2024年`, quoted or padded cells, unknown and lowercase codes.
    private var economy: String {
        let c = codes
        return [
            "uscc,year,revenue,value_added,employees,rd_expense",
            "\(c[0]),2024,1000.5,200.25,10,30", "\(c[0]),2023,900,180,9,20", "\(c[0]),2024,1,1,1,1",
            "\(c[1]),2024,,200,10,30", "\(c[1]),2024,5,5,5,5", "\(c[1]),2022,800,-15.5,8,0",
            "\(c[2]),2024年,700,70,7,7", "\(c[2]),2021,600,60,6,6", "\(c[2]),2020,500,50,5,5",
            "\(c[3]),2024,-1,1,1,1", "\(c[3]),2024,1,1,-1,1", "\(c[3]),2024,1,1,1,-1", "\(c[3]),2024,\"1,000\",1,1,1",
            "\(c[4].lowercased()),2024, 12,1,1,1", "\(c[4]),2023,12,1,1,1 ", "\(Fixture.code(22)),2024,1,1,1,1",
            "\(c[5]),2024,1,1,1,", "\(c[5]),2023,1,1,1,1,", "\(c[5]),2022,3,3,3,3\r", "\(Fixture.badCode(2)),2024,1,1,1,1",
            // Figures left empty or quoted (read by the fast path), or quoted so that it must not.
            "\(c[0]),2022,\"1,200.5\",,\"1,000\",\"2,500\"", "\(c[0]),2021,,,,", "\(c[1]),2021,,\"-3.5\",,\"7\"\r",
            "\(c[4]),2022,\"-1\",1,1,1", "\(c[4]),2021,\"\",1,1,1", "\(c[4]),2020,\"1\"x,1,1,1", "\(c[5]),2021,1,1,1,\" 2\"",
        ].joined(separator: "\n") + "\n"
    }

    /// Emission rows for the fast-path test: clean ones, duplicates (after a clean row and after a
    /// padded one), a negative amount, an unknown pollutant, other years, unknown codes.
    private var emissions: String {
        let c = codes
        return [
            "uscc,year,pollutant,tonnes",
            "\(c[0]),2024,COD,1.5", "\(c[0]),2024,NH3N,0.25", "\(c[0]),2024,COD,9", "\(c[0]),2023,COD,2",
            "\(c[1]),2024, SO2,3", "\(c[1]),2024,SO2,3", "\(c[1]),2024,NOx,-1", "\(c[1]),2024,PM,1",
            "\(c[2]),2024年,氨氮,0.5", "\(c[2]),2024,化学需氧量,0.5\r", "\(Fixture.code(23)),2024,COD,1", "\(c[3]),1999,COD,1",
            "\(c[3]),2024,cod,4", "\(c[4]),2024,NOX,\"2\"", "\(c[5]),2024,NOx,",
        ].joined(separator: "\n") + "\n"
    }

    /// History rows for the fast-path test: clean ones, closed firms (codes not in the registry),
    /// duplicates, ranks that are not whole or not positive, empty scores, padded cells.
    private var history: String {
        let c = codes
        return [
            "uscc,year,class,score,rank",
            "\(c[0]),2023,B,71.5,3", "\(c[0]),2022,C,60,9", "\(c[0]),2023,A,99,1", "\(Fixture.code(24)),2023,D,10,50",
            "\(Fixture.code(24)),2023,D,10,50", "\(c[1]),2023,b,70,2.5", "\(c[1]),2023,B,70,0", "\(c[1]),2023,B,,4",
            "\(c[2]),2023, A,80,1", "\(c[2]),2022,A,80,1\r", "\(c[3]),2023年,T,-5,7", "\(c[4]),2023,X,1,1",
            "\(c[5]),2021,C,55.25,1e2", "\(c[5]),2020,C,55,100", "\(c[5].lowercased()),2019,C,55,100",
            // Score and rank left empty or quoted; ranks not whole or not positive; a padded one.
            "\(c[0]),2021,T,,", "\(c[0]),2020,T,,\r", "\(c[1]),2022,B,\"70.5\",\"1,200\"", "\(c[1]),2021,B,1,\"0\"",
            "\(c[2]),2021,C,,\"2.5\"", "\(c[2]),2020,C,5,\" 3\"", "\(Fixture.code(25)),2022,T,,",
        ].joined(separator: "\n") + "\n"
    }

    /// enterprises.csv is read in chunks too, and its duplicate check runs after the chunks are put
    /// back in file order: the first row of a code wins, the later ones are rejected at their own
    /// lines, whatever the tuning.
    @Test func registryDuplicatesAreResolvedInFileOrderWhateverTheTuning() throws {
        var lines = ["uscc,name,industry,region,scale,established,high_tech,exempt"]
        for i in 0..<40 {
            let code = codes[i % codes.count]
            switch i % 7 {
            case 3: lines.append("\(code),\"第\(i)家, \"\"引号\"\"\nCo\",C36,青溪镇,规上,2015-01-0\(1 + i % 9),否,")
            case 5: lines.append("\(code),坏日期\(i),C36,青溪镇,规上,2015-13-01,,")
            default: lines.append("\(code.lowercased()),企业\(i),C\(30 + i % 5),东区,规下,2015-02-0\(1 + i % 9),是,")
            }
            if i % 6 == 2 { lines.append("\r") }
        }
        let folder = TempFolder()
        folder.writeInputs(["enterprises.csv": lines.joined(separator: "\r\n") + "\r\n", "tax.csv": tax])
        func snapshot(_ tuning: Ingest.ReadTuning?) throws -> (Registry, [Reject], FileReport?) {
            var options = Ingest.Options(dataDirectory: folder.path, year: 2024)
            options.readTuning = tuning
            let inputs = try Ingest.run(onePipeline([]), options)
            return (inputs.registry, inputs.rejects.filter { $0.file == .enterprises },
                    inputs.files.first { $0.file == .enterprises })
        }
        let (registry, rejects, report) = try snapshot(nil)
        // Each code's first row is lines 2…7 (i = 0…5), none of them a bad date (i % 7 == 5 is i = 5:
        // a bad date, so code 6's first accepted row is i = 11).
        #expect(registry.codes == codes.map { USCC($0)! })
        #expect(registry.names[0] == "企业0" && registry.names[3] == "第3家, \"引号\"\nCo")
        #expect(registry.names[5] == "企业11")
        #expect(rejects.map(\.line) == rejects.map(\.line).sorted())
        #expect(rejects.filter { $0.reason == .duplicateKey }.count == 40 - 6 - rejects.filter { $0.reason != .duplicateKey }.count)
        #expect(rejects.contains { $0.reason == .unparseableDate })
        #expect(report?.rowsAccepted == 6 && report?.rowsRejected == 34 && report?.rowsInYear == 6)
        var differing: [String] = []
        for blockSize in [1, 5, 16, 4096] {
            for workers in [1, 3, 7] {
                let tuning = Ingest.ReadTuning(
                    blockSize: blockSize, chunkBytes: 1, workers: workers, splitOnlyForIdleThreads: false)
                let (r, j, f) = try snapshot(tuning)
                if r.codes != registry.codes || r.names != registry.names || r.established != registry.established
                    || j != rejects || f?.rowsAccepted != report?.rowsAccepted
                    || f?.rejectsByReason != report?.rejectsByReason
                {
                    differing.append("\(tuning)")
                }
            }
        }
        #expect(differing.isEmpty, "\(differing.prefix(3))")
    }

    @Test func rejectsOfAChunkedFileStayInFileOrder() throws {
        let folder = TempFolder()
        folder.writeInputs(["enterprises.csv": registry(codes.map { (code: $0, industry: "C36") }), "tax.csv": tax])
        // Blocks of a few records, so that every window spreads its rows over several workers.
        let snapshot = try run(folder, Ingest.ReadTuning(blockSize: 300, chunkBytes: 1, workers: 7, splitOnlyForIdleThreads: false))
        let lines = snapshot.rejects.filter { $0.file == .tax }.map(\.line)
        #expect(lines.count > 10 && lines == lines.sorted())
    }

    @Test func gb18030TaxFileGivesTheSameResultChunked() throws {
        let folder = TempFolder()
        let gb18030 = String.Encoding(rawValue: 0x8000_0632)
        folder.writeInputs(["enterprises.csv": registry(codes.map { (code: $0, industry: "C36") }), "energy.csv": energy])
        folder.write("tax.csv", bytes: [UInt8](try #require(tax.data(using: gb18030))))
        let expected = try run(folder, nil)
        #expect(expected.files.first { $0.file == .tax }?.facts?.encoding == "gb18030")
        var differing: [String] = []
        for blockSize in [1, 4, 9, 33] {
            for workers in [2, 7] {
                let tuning = Ingest.ReadTuning(
                    blockSize: blockSize, chunkBytes: 2, workers: workers, splitOnlyForIdleThreads: false)
                if try run(folder, tuning) != expected { differing.append("\(tuning)") }
            }
        }
        #expect(differing.count == 0, "\(differing.prefix(3))")
    }
}
