import Foundation
import Testing

@testable import MujunCore

/// report.html: self-contained, well-formed enough, and every number it carries equal to the
/// table cell it names in its `data-*` attributes.
@Suite struct ReportHTMLTests {
    /// Two groups scored by quota, two regions, two industries, history with ranks and a rejected row.
    static func zone() throws -> RunResult {
        var f = EvaluationFixture()
        for n in 1...24 {
            let above = n <= 14
            let c = f.firm(
                n, scale: above ? "above" : "below", industry: n % 3 == 0 ? "C3512" : "C3670",
                region: n % 2 == 0 ? "东城" : "\"西区, 园区\"", landMu: Double(5 + n % 7), tax: Double(n * n % 97) + 1.5,
                coalTonnes: Double(10 + n % 5), valueAdded: Double(40 + (n * 13) % 60))
            f.history(c, f.year - 1, n % 4 == 0 ? "C" : "B", rank: (n * 5) % 14 + 1)
        }
        f.tax.append("91330000000000001X,\(f.year),5,")
        f.tax.append("\(EvaluationFixture.code(3)),\(f.year)-13,5,")
        let pipeline = """
            {
              name: "测试区",
              inputs: { "tax.csv": { money_unit: "wan_yuan" }, "economy.csv": { money_unit: "wan_yuan" } },
              energy_factors: { raw_coal: 1 },
              max_reject_share: 0.5,
              groups: [
                { id: "above", name: "规上", where: { scale: "above" },
                  indicators: [{ id: "tax_per_mu", weight: 60 }, { id: "va_per_energy", weight: 40 }],
                  classes: { mode: "quota", shares: { A: 20, B: 50, C: 20 } } },
                { id: "below", where: { scale: "below" },
                  indicators: [{ id: "tax_per_mu", weight: 100, by_industry: true }],
                  classes: { mode: "quota", shares: { A: 10, B: 60, C: 20 } } },
              ],
            }
            """
        return try f.run(pipeline: pipeline)
    }

    struct Cell {
        var table: String
        var key: String
        var column: String
        var value: String
    }

    static func unescape(_ s: String) -> String {
        s.replacingOccurrences(of: "&quot;", with: "\"").replacingOccurrences(of: "&#39;", with: "'")
            .replacingOccurrences(of: "&lt;", with: "<").replacingOccurrences(of: "&gt;", with: ">")
            .replacingOccurrences(of: "&amp;", with: "&")
    }

    static func cells(_ html: String) throws -> [Cell] {
        let pattern = try NSRegularExpression(
            pattern: #"data-table="([^"]*)" data-key="([^"]*)" data-column="([^"]*)" data-value="([^"]*)""#)
        let ns = html as NSString
        return pattern.matches(in: html, range: NSRange(location: 0, length: ns.length)).map { m in
            let g = (1...4).map { unescape(ns.substring(with: m.range(at: $0))) }
            return Cell(table: g[0], key: g[1], column: g[2], value: g[3])
        }
    }

    /// Splits a table written by TableWriter (quoted cells included) into rows keyed by header.
    static func parse(_ bytes: [UInt8]) throws -> [[String: String]] {
        var rows: [[String]] = []
        try OutputTable.parseRecords(bytes, path: "table") { _, fields in rows.append(fields) }
        let header = rows[0]
        return rows.dropFirst().map { Dictionary(uniqueKeysWithValues: zip(header, $0)) }
    }

    static func keyColumns(_ table: String) -> [String] {
        switch table {
        case "class_summary": return ["group", "class"]
        case "rankings": return ["uscc"]
        case "region_summary": return ["region"]
        case "industry_summary": return ["industry"]
        default: return []
        }
    }

    /// The charts' numbers are laid out without `String(format:)` when the rounding is certain; they
    /// must read exactly as printf prints them: ties to even on the exact binary value (0.125 is a
    /// tie and prints 0.12; 2.675 lies just below one and prints 2.67), the sign of a negative
    /// zero, and the near-ties and large values printf is asked for.
    @Test func fixedDecimalsPrintAsPrintfDoes() {
        var generator = SystemRandomNumberGenerator()
        let special: [Double] = [
            0, -0.0, 0.125, 0.375, 80.125, 2.675, 1.005, -0.001, -0.004999, 0.5, 1.5, 2.5, -2.5, 999_999_999.995,
            1e9, 1e12, -1e15, 0.045, 1234.5678, 5e-7, 0.00005, 0.99999999, .greatestFiniteMagnitude, .infinity, .nan,
        ]
        let random = (0..<3_000).map { _ in
            Double.random(in: -1...1, using: &generator) * pow(10, Double.random(in: -6...8, using: &generator))
        }
        // Products landing on or next to a tie at two decimals: (k + ½) / 100 and its neighbours.
        let nearTies = (0..<1_000).flatMap { _ -> [Double] in
            let tie = (Double(Int.random(in: -100_000...100_000, using: &generator)) + 0.5) / 100
            return [tie, tie.nextUp, tie.nextDown]
        }
        var laidOut = 0
        for x in special + random + nearTies {
            for decimals in 0...6 {
                let printf = String(format: "%.\(decimals)f", x)
                #expect(SVG.fixed(x, decimals: decimals) == printf, "\(x) \(decimals)")
                guard let digits = SVG.certainDigits(x, decimals: decimals) else { continue }
                #expect(digits == printf, "\(x) \(decimals)")
                laidOut += 1
            }
        }
        // Nearly every value is laid out here, not by printf; exact ties never are.
        #expect(laidOut > (random.count + nearTies.count) * 7 * 9 / 10)
        #expect(SVG.certainDigits(0.125, decimals: 2) == nil && SVG.certainDigits(2.5, decimals: 0) == nil)
        #expect(SVG.certainDigits(80.13, decimals: 2) == "80.13" && SVG.certainDigits(-0.001, decimals: 2) == "-0.00")
    }

    @Test func everyNumberEqualsItsTableCell() throws {
        let r = try Self.zone()
        let html = String(decoding: ReportHTML.write(r, runID: "20240101T000000Z-abcd"), as: UTF8.self)
        var tables: [String: [[String: String]]] = [:]
        for t in Report.tables(r, excel: false) where t.name.hasSuffix(".csv") {
            tables[String(t.name.dropLast(4))] = try Self.parse(t.bytes)
        }
        let cells = try Self.cells(html)
        var checked: [String: Int] = [:]
        for c in cells {
            switch c.table {
            case "manifest":
                let file = try #require(r.inputs.files.first { $0.file.rawValue == c.key })
                let expected = ["rows_read": file.rowsRead, "rows_accepted": file.rowsAccepted, "rows_rejected": file.rowsRejected][c.column]
                #expect(expected.map(String.init) == c.value, "manifest \(c.key) \(c.column)")
            case "rejects":
                let parts = c.key.split(separator: "|").map(String.init)
                let count = tables["rejects"]!.filter { $0["file"] == parts[0] && $0["reason"] == parts[1] }.count
                #expect(String(count) == c.value, "rejects \(c.key)")
            default:
                let rows = try #require(tables[c.table], "no table \(c.table)")
                let keys = Self.keyColumns(c.table)
                let parts = keys.count == 1 ? [c.key] : c.key.split(separator: "|", omittingEmptySubsequences: false).map(String.init)
                let row = try #require(
                    rows.first { row in zip(keys, parts).allSatisfy { row[$0.0] == $0.1 } }, "no row \(c.key) in \(c.table)")
                #expect(row[c.column] == c.value, "\(c.table) \(c.key) \(c.column)")
            }
            checked[c.table, default: 0] += 1
        }
        for table in ["class_summary", "rankings", "region_summary", "industry_summary", "manifest", "rejects"] {
            #expect((checked[table] ?? 0) > 0, "no numbers from \(table) in the page")
        }
        // The cut lines: one per class with scored members, at min_total.
        let cuts = cells.filter { $0.table == "class_summary" && $0.column == "min_total" }
        #expect(cuts.count == tables["class_summary"]!.filter { !($0["min_total"] ?? "").isEmpty }.count)
        // Every tax per mu dot is a scored enterprise's rankings cell.
        #expect(cells.filter { $0.column == "tax_per_mu" && $0.table == "rankings" }.count
            == tables["rankings"]!.filter { !($0["rank"] ?? "").isEmpty && (Double($0["tax_per_mu"] ?? "") ?? 0) > 0 }.count)
    }

    @Test func histogramsCountEveryScoredEnterprise() throws {
        let r = try Self.zone()
        let html = String(decoding: ReportHTML.write(r), as: UTF8.self)
        let pattern = try NSRegularExpression(pattern: #"data-bin-group="([^"]*)" data-count="(\d+)""#)
        let ns = html as NSString
        var counts: [String: Int] = [:]
        for m in pattern.matches(in: html, range: NSRange(location: 0, length: ns.length)) {
            counts[ns.substring(with: m.range(at: 1)), default: 0] += Int(ns.substring(with: m.range(at: 2)))!
        }
        let summary = try Self.parse(ClassSummaryTable.write(r))
        for group in ["above", "below"] {
            let scored = summary.filter { $0["group"] == group }.reduce(0) { $0 + Int($1["scored"]!)! }
            #expect(counts[group] == scored)
        }
    }

    @Test func selfContainedAndBalanced() throws {
        let r = try Self.zone()
        let html = String(decoding: ReportHTML.write(r), as: UTF8.self)
        #expect(html.hasPrefix("<!DOCTYPE html>"))
        #expect(html.contains("<html lang=\"zh-CN\">"))
        #expect(html.contains("<meta charset=\"utf-8\">"))
        for banned in ["<script", "http://", "https://", "@import", "url(", "<link", "<img"] {
            #expect(!html.contains(banned), "found \(banned)")
        }
        func count(_ s: String) -> Int { html.components(separatedBy: s).count - 1 }
        for tag in ["svg", "section", "table", "tr", "title", "text", "h2"] {
            #expect(count("<\(tag)>") + count("<\(tag) ") == count("</\(tag)>"), "unbalanced <\(tag)>")
        }
        #expect(count("<svg ") >= 5)
        // The region with a comma is escaped text, and the group name shows in the header.
        #expect(html.contains("西区, 园区"))
        #expect(html.contains("测试区"))
    }

    @Test func reportIsAmongTheRunTables() throws {
        let r = try Self.zone()
        let names = Report.tables(r, excel: false).map(\.name)
        #expect(names.contains("report.html"))
        // The manifest lists the tables before they exist; its list is the output contract (SPEC §13).
        #expect(
            Report.tableNames == [
                "rankings.csv", "class_summary.csv", "benchmarks.csv", "allocation.csv", "remediation.csv",
                "industry_summary.csv", "region_summary.csv", "gazelles.csv", "targets.csv", "rejects.csv",
                "report.html",
            ])
        #expect(names == Report.tableNames)
    }

    private struct FailedTable: Error { let name: String }

    @Test func writersStartLongestFirstButFailInTableOrder() throws {
        let r = try Self.zone()
        #expect(Report.startOrder.sorted() == Array(Report.tableNames.indices))
        #expect(Report.startOrder.prefix(2).map { Report.tableNames[$0] } == ["rankings.csv", "report.html"])
        // report.html starts before allocation.csv; when both fail, allocation.csv's error is thrown.
        var thrown: String? = nil
        do {
            try Report.write(r, excel: false, runID: nil) { name, _ in
                if name == "report.html" || name == "allocation.csv" { throw FailedTable(name: name) }
            }
        } catch let error as FailedTable {
            thrown = error.name
        }
        #expect(thrown == "allocation.csv")
    }
}

extension ReportHTMLTests {
    /// More scored enterprises than the tax-against-energy chart shows: the dots are the ones
    /// `SVG.thin` picks from the enterprises drawn, in id order, and the note counts them all.
    @Test func theScatterShowsEveryNthOfTheEnterprisesDrawn() throws {
        var f = EvaluationFixture()
        let firms = ReportHTML.maxPoints * 2
        for n in 1...firms {
            // Every 9th with no tax (not drawn, not counted), every 11th with a non-positive tax
            // (counted as skipped).
            let tax: Double? = n % 9 == 0 ? nil : n % 11 == 0 ? 0 : Double(n % 89) + 1
            f.firm(n, tax: tax, coalTonnes: Double(5 + n % 13), valueAdded: Double(30 + n % 71))
        }
        let r = try f.run(pipeline: """
            { name: "z", inputs: { "tax.csv": { money_unit: "wan_yuan" }, "economy.csv": { money_unit: "wan_yuan" } },
              energy_factors: { raw_coal: 1 }, max_reject_share: 0.5,
              groups: [{ id: "all", where: {}, indicators: [{ id: "tax_per_mu", weight: 100 }],
                         classes: { mode: "quota", shares: { A: 20, B: 50, C: 20 } } }] }
            """)
        let drawn = (0..<r.inputs.registry.count).filter { id in
            guard r.classes.rank[id] != nil, let t = r.indicators.value(.taxPerMu, id),
                let e = r.indicators.value(.energyIntensity, id)
            else { return false }
            return t > 0 && e > 0
        }
        #expect(drawn.count > ReportHTML.maxPoints)
        let expected = SVG.thin(drawn, limit: ReportHTML.maxPoints).map { r.inputs.registry.codes[$0].description }
        let html = ReportHTML.taxAgainstEnergy(r)
        let shown = html.components(separatedBy: "<circle ").dropFirst().compactMap { dot -> String? in
            guard let start = dot.range(of: "data-key=\"") else { return nil }
            return String(dot[start.upperBound...].prefix { $0 != "\"" })
        }
        #expect(shown == expected)
        #expect(html.contains("\(drawn.count) 家参评企业"))
        #expect(html.contains("every \(drawn.count / expected.count)th shown"))
    }
}
