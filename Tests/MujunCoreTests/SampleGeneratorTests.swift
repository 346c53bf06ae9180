import Foundation
import Testing
@testable import MujunCore

@Suite struct SampleGeneratorTests {
    /// A fresh folder under the temporary directory, removed by the caller.
    private func temporaryFolder() -> URL {
        FileManager.default.temporaryDirectory.appendingPathComponent("mujun-sample-\(UUID().uuidString)", isDirectory: true)
    }

    /// Generates into a fresh folder and returns the nine files' bytes by name.
    private func generate(_ n: Int, seed: UInt64, clean: Bool = false) throws -> [String: Data] {
        let folder = temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        try SampleGenerator(enterprises: n, seed: seed, year: 2024, clean: clean).write(to: folder)
        var files: [String: Data] = [:]
        for name in SampleGenerator.fileNames {
            files[name] = try Data(contentsOf: folder.appendingPathComponent(name))
        }
        return files
    }

    private func text(_ data: Data?) -> String { data.flatMap { String(data: $0, encoding: .utf8) } ?? "" }

    @Test func sameSeedGivesIdenticalBytes() throws {
        let first = try generate(200, seed: 3)
        let second = try generate(200, seed: 3)
        for name in SampleGenerator.fileNames {
            #expect(first[name] != nil && first[name] == second[name], "\(name) differs between runs")
        }
    }

    @Test func differentSeedGivesDifferentFiles() throws {
        let first = try generate(200, seed: 3)
        let other = try generate(200, seed: 4)
        for name in ["enterprises.csv", "tax.csv", "energy.csv", "land.csv", "economy.csv", "history.csv"] {
            #expect(first[name] != other[name], "\(name) is the same for two seeds")
        }
    }

    @Test func landIsGB18030NotUTF8() throws {
        let land = try #require(try generate(200, seed: 3)["land.csv"])
        #expect(String(data: land, encoding: .utf8) == nil)
        let decoded = try #require(String(data: land, encoding: SampleFiles.gb18030))
        #expect(decoded.hasPrefix("统一社会信用代码,宗地编号,面积,面积单位"))
        #expect(decoded.contains(",亩\r\n"))
    }

    @Test func taxHasBOMAndCRLF() throws {
        let tax = try #require(try generate(200, seed: 3)["tax.csv"])
        #expect(Array(tax.prefix(3)) == [0xEF, 0xBB, 0xBF])
        let bytes = Array(tax)
        var lineFeeds = 0
        for (k, b) in bytes.enumerated() where b == 10 {
            lineFeeds += 1
            #expect(k > 0 && bytes[k - 1] == 13)
        }
        #expect(lineFeeds > 200 * 10)
    }

    @Test func checkCharacterMatchesTheStandardsExamples() {
        #expect(SampleCode.isValid("91110000600037341L"))
        #expect(SampleCode.isValid("91350100M000100Y43"))
        #expect(!SampleCode.isValid("91350100M000100Y44"))
        #expect(!SampleCode.isValid("91350100M000100Y4Z"))
    }

    @Test func cleanRegistryCodesAreValidAndDistinct() throws {
        let files = try generate(300, seed: 5, clean: true)
        let lines = text(files["enterprises.csv"]).split(separator: "\n").dropFirst()
        #expect(lines.count == 300)
        var codes: [String] = []
        for line in lines {
            let code = String(line.prefix { $0 != "," })
            #expect(SampleCode.isValid(code), "invalid code \(code)")
            codes.append(code)
        }
        #expect(Set(codes).count == codes.count)
        // Every code in the other files is a registry code.
        let registry = Set(codes)
        for name in SampleGenerator.fileNames where name != "enterprises.csv" {
            for line in text(files[name]).split(separator: "\n").dropFirst() {
                let fields = line.split(separator: ",", omittingEmptySubsequences: false)
                let codeFields = name == "leases.csv" ? fields.prefix(2) : fields.prefix(1)
                for code in codeFields {
                    #expect(registry.contains(String(code)), "\(name): \(code) not in the registry")
                }
            }
        }
    }

    @Test func cleanRunHasNoDeliberateFaults() throws {
        let files = try generate(300, seed: 5, clean: true)
        for name in SampleGenerator.fileNames {
            let data = try #require(files[name])
            let content = try #require(String(data: data, encoding: .utf8), "\(name) is not UTF-8")
            #expect(!content.hasPrefix("\u{FEFF}"), "\(name) has a BOM")
            #expect(!content.contains("#VALUE!"), "\(name) has #VALUE!")
            #expect(!content.contains("\r"), "\(name) has CR")
            #expect(!content.contains("\""), "\(name) has quoted cells")
            let lines = content.split(separator: "\n", omittingEmptySubsequences: false).dropLast()
            let columns = lines.first.map { $0.split(separator: ",", omittingEmptySubsequences: false).count } ?? 0
            for line in lines {
                #expect(line.contains { $0 != "," }, "\(name) has a blank line")
                #expect(line.split(separator: ",", omittingEmptySubsequences: false).count == columns)
            }
            // Exact duplicate rows only come from deliberate faults (tax and energy may repeat).
            if ["enterprises.csv", "land.csv", "economy.csv"].contains(name) {
                #expect(Set(lines).count == lines.count, "\(name) has duplicate rows")
            }
        }
        #expect(text(files["land.csv"]).hasPrefix("uscc,parcel_id,area,unit\n"))
    }

    @Test func defaultRunCarriesTheFaults() throws {
        let files = try generate(450, seed: 7)
        #expect(text(files["tax.csv"]).contains("#VALUE!"))
        #expect(text(files["economy.csv"]).contains("#VALUE!"))
        #expect(text(files["enterprises.csv"]).contains(",二分厂\"") || text(files["enterprises.csv"]).contains(",东厂区\""))
        #expect(text(files["enterprises.csv"]).hasSuffix(",,,,,,,\n"))
        #expect(text(files["energy.csv"]).hasPrefix("统一社会信用代码,所属期,能源品种,消费量,计量单位\n"))
        #expect(text(files["tax.csv"]).contains(",城镇土地使用税\r\n"))
        let registryCodes = text(files["enterprises.csv"]).split(separator: "\n").dropFirst().map { String($0.prefix(18)) }
        #expect(registryCodes.contains { !$0.isEmpty && $0 != ",,,,,,," && !SampleCode.isValid($0) })
    }

    @Test func unwritableFolderIsCannotCreate() throws {
        let blocker = temporaryFolder()
        try Data("x".utf8).write(to: blocker)
        defer { try? FileManager.default.removeItem(at: blocker) }
        do {
            try SampleGenerator(enterprises: 10, seed: 1, year: 2024, clean: false)
                .write(to: blocker.appendingPathComponent("inside"))
            Issue.record("expected an error")
        } catch let error as SampleError {
            #expect(error.exitStatus == .cannotCreate)
        }
    }
}
