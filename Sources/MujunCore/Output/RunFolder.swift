import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The output folder mujun owns (SPEC §13): `runs/<run id>/` per run and `latest`, a symbolic link
/// swapped atomically to the newest complete run, so a reader never sees half a table.
public struct RunFolder {
    public let root: String
    public let runID: String

    public var runsDirectory: String { root + "/runs" }
    public var runDirectory: String { runsDirectory + "/" + runID }
    /// Tables are written here first, then renamed into `runs/` when complete.
    public var stagingDirectory: String { runsDirectory + "/.partial-" + runID }
    public var failedDirectory: String { root + "/failed/" + runID }
    public var latestLink: String { root + "/latest" }

    public init(root: String, runID: String) {
        self.root = root
        self.runID = runID
    }

    /// `YYYYMMDDTHHMMSSZ-xxxx`: UTC time and a short random suffix, so two runs in one second differ.
    public static func makeRunID(date: Date = Date()) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyyMMdd'T'HHmmss'Z'"
        let suffix = String(UInt16.random(in: 0...UInt16.max), radix: 16)
        return formatter.string(from: date) + "-" + String(repeating: "0", count: 4 - suffix.count) + suffix
    }

    /// Writes the tables into a staging folder, fsyncs them, renames the folder into `runs/`, points
    /// `latest` at it, and prunes older runs to `keep` (never the one `latest` points at).
    ///
    /// The tables are streamed: `writeTables` gets a function that opens one file of the staging
    /// folder as a sink, runs the body, and makes the file durable. It may be called from several
    /// threads at once.
    public func publish(
        keep: Int, _ writeTables: (_ write: (String, (TableSink) throws -> Void) throws -> Void) throws -> Void
    ) throws {
        try makeDirectory(runsDirectory)
        removeAbandonedStaging()
        Interruption.shared.register(stagingDirectory)
        defer { Interruption.shared.unregister(stagingDirectory) }
        try makeDirectory(stagingDirectory)
        let staging = stagingDirectory
        // Each table is fsynced in the background once written, so that the thread that wrote it
        // goes on with the next table while the disk catches up (an fsync of allocation.csv held a
        // core for ~0.4 s at a million enterprises); nothing is renamed until all are durable.
        let durability = Durability()
        do {
            try writeTables { name, body in
                try TableFile.write(to: staging + "/" + name, durability: durability, body)
            }
        } catch {
            _ = try? durability.wait()
            throw error
        }
        try durability.wait()
        try syncDirectory(stagingDirectory)
        TestHooks.checkpoint("before-rename")
        guard rename(stagingDirectory, runDirectory) == 0 else {
            throw PipelineError.cannotWrite(path: runDirectory, reason: String(cString: strerror(errno)))
        }
        try syncDirectory(runsDirectory)
        TestHooks.checkpoint("before-swap")
        try swapLatest()
        TestHooks.checkpoint("after-swap")
        prune(keep: keep)
    }

    /// Writes the rejects and manifest of a run that failed, for the operator, outside `runs/`.
    public func recordFailure(_ tables: [(name: String, bytes: [UInt8])]) throws {
        try makeDirectory(failedDirectory)
        for table in tables {
            try TableFile.write(to: failedDirectory + "/" + table.name) { try $0.write(table.bytes) }
        }
    }

    /// The run `latest` points at, if any.
    public func currentRunID() -> String? {
        guard let target = try? FileManager.default.destinationOfSymbolicLink(atPath: latestLink) else { return nil }
        return (target as NSString).lastPathComponent
    }

    private func swapLatest() throws {
        let temporary = root + "/.latest-" + runID
        unlink(temporary)
        guard symlink("runs/" + runID, temporary) == 0 else {
            throw PipelineError.cannotWrite(path: temporary, reason: String(cString: strerror(errno)))
        }
        // rename(2) replaces the old link in one step: readers see the old run or the new one.
        guard rename(temporary, latestLink) == 0 else {
            let reason = String(cString: strerror(errno))
            unlink(temporary)
            throw PipelineError.cannotWrite(path: latestLink, reason: reason)
        }
        try syncDirectory(root)
    }

    /// Staging folders of runs that were killed (SIGKILL, power cut) before they finished.
    private func removeAbandonedStaging() {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: runsDirectory) else { return }
        for name in names where name.hasPrefix(".partial-") {
            try? FileManager.default.removeItem(atPath: runsDirectory + "/" + name)
        }
    }

    private func prune(keep: Int) {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: runsDirectory) else { return }
        let current = currentRunID()
        let runs = names.filter { !$0.hasPrefix(".") }.sorted(by: >)
        for name in runs.dropFirst(max(keep, 1)) where name != current {
            try? FileManager.default.removeItem(atPath: runsDirectory + "/" + name)
        }
    }

    private func makeDirectory(_ path: String) throws {
        do {
            try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        } catch {
            throw PipelineError.cannotWrite(path: path, reason: "cannot create folder")
        }
    }

    private func syncDirectory(_ path: String) throws {
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else { throw PipelineError.cannotWrite(path: path, reason: String(cString: strerror(errno))) }
        defer { close(fd) }
        _ = fsync(fd)
    }
}

/// One output file being written: bytes go to disk as the table produces them, and the file is
/// fsynced before it counts as written.
///
/// On Linux the bytes go straight to the disk (`O_DIRECT`), gathered into aligned blocks; the last
/// block's unaligned end, and any file system that refuses direct I/O, go through the page cache.
/// Every table is fsynced anyway, so the disk writes it all before the run publishes either way;
/// through the page cache each byte is also copied into a page the kernel first has to find and
/// clear, which in this VM is mostly a page the host has taken back (~2.6 ms of CPU a megabyte:
/// up to 1.3 s for a 1M run's 510 MB of tables). `MUJUN_DIRECT_WRITES=0` in the environment
/// writes through the page cache only.
final class TableFile: TableSink {
    private let fd: Int32
    fileprivate let path: String
    private let name: String
    private var written = 0
    /// Bytes already handed to the kernel's writeback (see `startWriteback`).
    private var flushed = 0
    /// Bytes waiting to fill the next direct block; nil when the file is written through the page cache.
    private var block: UnsafeMutableRawPointer?
    private var blockCount = 0
    /// Whether `fd` has `O_DIRECT` on.
    private var direct = false

    private init(path: String) throws {
        fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw PipelineError.cannotWrite(path: path, reason: String(cString: strerror(errno))) }
        self.path = path
        name = (path as NSString).lastPathComponent
        var aligned: UnsafeMutableRawPointer? = nil
        if DirectIO.isWanted && posix_memalign(&aligned, DirectIO.alignment, DirectIO.blockBytes) == 0 {
            if DirectIO.set(fd, on: true) {
                block = aligned
                direct = true
            } else {
                free(aligned)
            }
        }
    }

    deinit {
        close(fd)
        free(block)
    }

    /// Creates the file at `path`, lets `body` write it, and fsyncs it: at once, or through
    /// `durability` (which keeps the file open until then).
    static func write(to path: String, durability: Durability? = nil, _ body: (TableSink) throws -> Void) throws {
        let file = try TableFile(path: path)
        try body(file)
        try file.finishDirectWrites()
        if let durability {
            durability.sync(file)
        } else if let reason = file.sync() {
            throw PipelineError.cannotWrite(path: path, reason: reason)
        }
    }

    /// fsync(2); why it failed, or nil.
    fileprivate func sync() -> String? {
        fsync(fd) == 0 ? nil : String(cString: strerror(errno))
    }

    func write(_ buffer: UnsafeRawBufferPointer) throws {
        guard let base = buffer.baseAddress else { return }
        if written > 0 { TestHooks.checkpoint("mid-write:" + name) }
        if let block {
            var taken = 0
            while taken < buffer.count {
                let n = Swift.min(DirectIO.blockBytes - blockCount, buffer.count - taken)
                (block + blockCount).copyMemory(from: base + taken, byteCount: n)
                blockCount += n
                taken += n
                if blockCount == DirectIO.blockBytes {
                    try writeFully(UnsafeRawBufferPointer(start: block, count: blockCount))
                    blockCount = 0
                }
            }
            written += buffer.count
            return
        }
        // Half of the first bytes first, so the durability tests can die in the middle of a write.
        try writeFully(buffer, checkpointHalfway: written == 0 && buffer.count > 1)
        written += buffer.count
        startWriteback()
    }

    /// Writes what waits for a direct block — its aligned part directly, the rest through the page
    /// cache — and frees the block (a file waiting for its fsync holds no buffer).
    private func finishDirectWrites() throws {
        guard let block else { return }
        defer {
            free(block)
            self.block = nil
            blockCount = 0
        }
        let aligned = blockCount / DirectIO.alignment * DirectIO.alignment
        try writeFully(UnsafeRawBufferPointer(start: block, count: aligned))
        if direct {
            direct = false
            _ = DirectIO.set(fd, on: false)
        }
        // The rest in two halves (as the page-cache path writes its first bytes), so that the
        // durability tests can die in the middle of a table however short it is.
        try writeFully(
            UnsafeRawBufferPointer(start: block + aligned, count: blockCount - aligned), checkpointHalfway: blockCount > 0)
    }

    /// write(2) until every byte is written; with `checkpointHalfway`, the durability tests'
    /// checkpoint comes after the first half. A direct write the file system turns down (EINVAL:
    /// an alignment it does not take) is written again through the page cache.
    private func writeFully(_ bytes: UnsafeRawBufferPointer, checkpointHalfway: Bool = false) throws {
        let half = checkpointHalfway ? bytes.count / 2 : -1
        var done = 0
        while true {
            if done == half { TestHooks.checkpoint("mid-write:" + name) }
            guard done < bytes.count, let base = bytes.baseAddress else { return }
            let n = posixWrite(fd, base + done, (done < half ? half : bytes.count) - done)
            if n < 0 {
                let code = errno
                if code == EINTR { continue }
                if code == EINVAL && direct {
                    direct = false
                    if DirectIO.set(fd, on: false) { continue }
                }
                throw PipelineError.cannotWrite(path: path, reason: String(cString: strerror(code)))
            }
            done += n
        }
    }

    /// Asks the kernel to start writing what the file has so far, without waiting for it: the
    /// fsync at the end then waits only for the tail instead of the whole table (a 330 MB
    /// rankings.csv at a million enterprises spent half a second in fsync). Linux only; elsewhere
    /// the fsync does it all.
    private func startWriteback() {
        #if os(Linux)
            let batch = 8 << 20
            guard written - flushed >= batch else { return }
            _ = glibcSyncFileRange(fd, Int64(flushed), Int64(written - flushed), syncFileRangeWrite)
            flushed = written
        #endif
    }
}

#if os(Linux)
    /// sync_file_range(2), which Glibc's module map leaves out (it needs _GNU_SOURCE).
    @_silgen_name("sync_file_range")
    private func glibcSyncFileRange(_ fd: Int32, _ offset: Int64, _ count: Int64, _ flags: UInt32) -> Int32
    /// SYNC_FILE_RANGE_WRITE: start writeback of the range's dirty pages, without waiting.
    private let syncFileRangeWrite: UInt32 = 2
#endif

/// Direct I/O (`O_DIRECT`) for the output tables, where the platform has it.
enum DirectIO {
    /// Blocks are gathered to this size before they are written.
    static let blockBytes = 4 << 20
    /// Buffer address, file offset and length of a direct write are multiples of this (the
    /// largest logical block size Linux file systems ask for).
    static let alignment = 4096

    /// On by default; `MUJUN_DIRECT_WRITES=0` turns it off.
    static let isWanted: Bool = {
        #if os(Linux) && (arch(x86_64) || arch(arm64))
            return getenv("MUJUN_DIRECT_WRITES").map { String(cString: $0) } != "0"
        #else
            return false
        #endif
    }()

    /// Turns `O_DIRECT` on or off for `fd`; whether that took (a file system may refuse it).
    static func set(_ fd: Int32, on: Bool) -> Bool {
        #if os(Linux) && arch(x86_64)
            let flag: Int32 = 0o40000
        #elseif os(Linux) && arch(arm64)
            let flag: Int32 = 0o200000
        #else
            return false
        #endif
        let flags = fcntl(fd, F_GETFL)
        guard flags >= 0 else { return false }
        return fcntl(fd, F_SETFL, on ? flags | flag : flags & ~flag) == 0
    }
}

/// Files written and waiting for their fsync, which runs on a background thread (blocked on the
/// disk, not on a core); `wait` returns once every one is durable, or throws the first failure
/// by path.
final class Durability: @unchecked Sendable {
    private let group = DispatchGroup()
    private let lock = NSLock()
    private var failures: [(path: String, reason: String)] = []

    fileprivate func sync(_ file: TableFile) {
        group.enter()
        DispatchQueue.global(qos: .utility).async { [self] in
            if let reason = file.sync() { lock.withLock { failures.append((file.path, reason)) } }
            group.leave()
        }
    }

    func wait() throws {
        group.wait()
        let first = lock.withLock { failures.min { $0.path < $1.path } }
        if let first { throw PipelineError.cannotWrite(path: first.path, reason: first.reason) }
    }
}

/// write(2), named apart from `TableFile.write`.
private func posixWrite(_ fd: Int32, _ buffer: UnsafeRawPointer, _ count: Int) -> Int {
    write(fd, buffer, count)
}
