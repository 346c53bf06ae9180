import Foundation
import Testing

/// Runs the built `mujun` executable (the one `swift build` put next to the tests).
struct MujunBinary {
    static var url: URL {
        if let path = ProcessInfo.processInfo.environment["MUJUN_BIN"] { return URL(fileURLWithPath: path) }
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        let candidates = [
            URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent(),
            Bundle.main.bundleURL, Bundle.main.bundleURL.deletingLastPathComponent(),
            root.appendingPathComponent(".build/debug"),
        ].map { $0.appendingPathComponent("mujun") }
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0.path) } ?? candidates[3]
    }

    struct Result {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    /// Runs the binary; `environment` adds variables (the test hooks) to the test's own.
    static func run(_ arguments: [String], in directory: URL? = nil, environment: [String: String] = [:]) throws -> Result {
        let process = Process()
        process.executableURL = url
        process.arguments = arguments
        if !environment.isEmpty {
            process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        }
        if let directory { process.currentDirectoryURL = directory }
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        // Both pipes are drained at once, so a child that fills one cannot stall on it.
        final class Box: @unchecked Sendable { var data = Data() }
        let errBox = Box()
        let errDone = DispatchSemaphore(value: 0)
        DispatchQueue.global().async {
            errBox.data = readAll(err.fileHandleForReading)
            errDone.signal()
        }
        let outData = readAll(out.fileHandleForReading)
        // The semaphore orders the write above before this read.
        errDone.wait()
        let errData = errBox.data
        process.waitUntilExit()
        return Result(
            status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
            stderr: String(decoding: errData, as: UTF8.self))
    }
}

/// Everything left in a pipe. Foundation's `readDataToEndOfFile` traps when read(2) is interrupted
/// (EINTR), which happens when another test's child exits and SIGCHLD lands on this thread; this
/// loop simply reads again.
func readAll(_ handle: FileHandle) -> Data {
    var data = Data()
    var buffer = [UInt8](repeating: 0, count: 1 << 16)
    let fd = handle.fileDescriptor
    while true {
        let n = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
        if n > 0 {
            data.append(contentsOf: buffer[0..<n])
        } else if n < 0 && errno == EINTR {
            continue
        } else {
            return data
        }
    }
}

@Suite struct HelpAndUsageTests {
    @Test func versionAndHelp() throws {
        let v = try MujunBinary.run(["--version"])
        #expect(v.status == 0)
        #expect(v.stdout.contains("."))
        let h = try MujunBinary.run(["help", "run"])
        #expect(h.status == 0)
        #expect(h.stdout.contains("USAGE: mujun run <pipeline>"))
        let h2 = try MujunBinary.run(["validate", "--help"])
        #expect(h2.stdout.contains("USAGE: mujun validate <pipeline>"))
    }

    @Test func usageErrorExits64WithTheArgumentParserShape() throws {
        let r = try MujunBinary.run(["run", "--bogus"])
        #expect(r.status == 64)
        #expect(r.stderr.hasPrefix("Error: Unknown option '--bogus'\nUsage: mujun run <pipeline>"))
        #expect(r.stderr.contains("See 'mujun run --help'."))
    }
}
