import Testing
@testable import MujunCore

@Suite struct ArgumentParserTests {
    @Test func parsesOptionsFlagsAndPositionals() throws {
        let parsed = try RunCommand.spec.parse(["p.json5", "--data", "d", "--out=o", "--force"])
        #expect(parsed.positionals == ["p.json5"])
        #expect(parsed.value("--data") == "d")
        #expect(parsed.value("--out") == "o")
        #expect(parsed.has("--force"))
    }

    @Test func rejectsUnknownOptionAndMissingArgument() {
        #expect(throws: UsageError(command: "run", "Unknown option '--bogus'")) {
            try RunCommand.spec.parse(["p", "--bogus"])
        }
        #expect(throws: UsageError(command: "run", "Missing expected argument '<pipeline>'")) {
            try RunCommand.spec.parse([])
        }
    }
}
