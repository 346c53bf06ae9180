import Foundation
import Testing

/// Every file under a folder (following `latest`), with its bytes.
func snapshot(_ folder: String) throws -> [String: Data] {
    var result: [String: Data] = [:]
    for name in try FileManager.default.contentsOfDirectory(atPath: folder).sorted() {
        result[name] = try Data(contentsOf: URL(fileURLWithPath: folder + "/" + name))
    }
    return result
}

/// Durability and concurrency for the nightly cron job (SPEC §13 layout).
@Suite struct NightlyRunTests {
    /// A run killed with SIGKILL at any point leaves `latest` a complete, unchanged previous run.
    @Test func killedRunsNeverDisturbLatest() throws {
        let s = try Scratch()
        defer { s.remove() }
        let args = ["run", Scratch.zhejiang, "--data", Scratch.sample.path, "--out", s.path("out"), "--keep", "2"]
        let first = try MujunBinary.run(args)
        #expect(first.status == 0)
        let before = try snapshot(s.path("out/latest"))
        #expect(before.count == 12)
        let points = [
            "after:ingest", "after:validate", "after:join", "after:score", "after:classify", "after:diagnose",
            "mid-write:rankings.csv", "mid-write:class_summary.csv", "mid-write:manifest.json", "before-rename",
            "before-swap",
        ]
        for point in points {
            let r = try MujunBinary.run(args, environment: ["MUJUN_TEST_KILL_AT": point])
            #expect(r.status == SIGKILL, "\(point) should have been killed (status \(r.status))")
            let after = try snapshot(s.path("out/latest"))
            #expect(after == before, "latest changed after a kill at \(point)")
        }
        // The next run cleans up the debris and publishes normally.
        let next = try MujunBinary.run(args)
        #expect(next.status == 0)
        let runs = try FileManager.default.contentsOfDirectory(atPath: s.path("out/runs"))
        #expect(!runs.contains { $0.hasPrefix(".partial-") })
        #expect(runs.count <= 3)
        let latestRun = try FileManager.default.destinationOfSymbolicLink(atPath: s.path("out/latest"))
        #expect(runs.contains((latestRun as NSString).lastPathComponent))
        #expect(try snapshot(s.path("out/latest"))["rankings.csv"] == before["rankings.csv"])
    }

    /// A second run against a locked output folder exits 75 at once, naming the holder.
    @Test func secondRunAtOnceExits75() throws {
        let s = try Scratch()
        defer { s.remove() }
        let args = ["run", Scratch.zhejiang, "--data", Scratch.sample.path, "--out", s.path("out")]
        let holder = Process()
        holder.executableURL = MujunBinary.url
        holder.arguments = args
        holder.environment = ProcessInfo.processInfo.environment.merging(["MUJUN_TEST_HOLD_LOCK": "3"]) { $1 }
        holder.standardOutput = FileHandle.nullDevice
        holder.standardError = FileHandle.nullDevice
        try holder.run()
        // Wait until the holder has the lock (its pid is in the lock file).
        let deadline = Date().addingTimeInterval(10)
        while Date() < deadline {
            if let text = try? String(contentsOfFile: s.path("out/.lock"), encoding: .utf8), text.contains("\(holder.processIdentifier)") { break }
            usleep(20_000)
        }
        let second = try MujunBinary.run(args)
        #expect(second.status == 75)
        #expect(second.stderr.contains("the output folder is locked by process \(holder.processIdentifier)"))
        holder.waitUntilExit()
        #expect(holder.terminationStatus == 0)
        // After the holder is done the folder is intact and free.
        #expect(try snapshot(s.path("out/latest")).count == 12)
        let third = try MujunBinary.run(args + ["--wait", "5"])
        #expect(third.status == 0)
    }

    /// SIGTERM mid-run: exit 143, partial folder removed, previous output intact.
    @Test func sigtermStopsCleanly() throws {
        let s = try Scratch()
        defer { s.remove() }
        let args = ["run", Scratch.zhejiang, "--data", Scratch.sample.path, "--out", s.path("out")]
        #expect(try MujunBinary.run(args).status == 0)
        let before = try snapshot(s.path("out/latest"))
        let p = Process()
        p.executableURL = MujunBinary.url
        p.arguments = args
        p.environment = ProcessInfo.processInfo.environment.merging(["MUJUN_TEST_HOLD_LOCK": "5"]) { $1 }
        p.standardOutput = FileHandle.nullDevice
        let err = Pipe()
        p.standardError = err
        try p.run()
        usleep(700_000)
        p.terminate()
        let message = String(decoding: readAll(err.fileHandleForReading), as: UTF8.self)
        p.waitUntilExit()
        #expect(p.terminationStatus == 143)
        #expect(message.contains("interrupted by SIGTERM"))
        #expect(try snapshot(s.path("out/latest")) == before)
    }
}
