import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Another run holds the output folder (exit 75, EX_TEMPFAIL), or the lock file cannot be made.
public enum LockError: MujunError, Equatable {
    case held(path: String, pid: Int?)
    case cannotLock(path: String, reason: String)

    public var exitStatus: ExitStatus {
        switch self {
        case .held: return .tempFail
        case .cannotLock: return .cannotCreate
        }
    }

    public var location: SourceLocation? {
        switch self {
        case .held(let path, _), .cannotLock(let path, _): return SourceLocation(path: path)
        }
    }

    public var message: String {
        switch self {
        case .held(_, let pid):
            let holder = pid.map { "process \($0)" } ?? "another process"
            return "the output folder is locked by \(holder) (another mujun run); try again later or pass --wait SECONDS"
        case .cannotLock(_, let reason):
            return "cannot lock the output folder: \(reason)"
        }
    }
}

/// An advisory lock on the output folder so that one run at a time writes it. The kernel drops a
/// flock(2) lock when its holder exits, however it exits, so a stale lock is simply taken over.
public final class OutputLock {
    public let path: String
    private var fd: Int32 = -1

    private init(path: String) { self.path = path }

    /// Takes the lock on `<root>/.lock`, waiting up to `wait` seconds for a holder to finish.
    public static func acquire(root: String, wait: Double = 0) throws -> OutputLock {
        do {
            try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
        } catch {
            throw PipelineError.cannotWrite(path: root, reason: "cannot create folder")
        }
        let lock = OutputLock(path: root + "/.lock")
        lock.fd = open(lock.path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard lock.fd >= 0 else {
            throw LockError.cannotLock(path: lock.path, reason: String(cString: strerror(errno)))
        }
        let deadline = Date().addingTimeInterval(wait)
        while flock(lock.fd, LOCK_EX | LOCK_NB) != 0 {
            guard errno == EWOULDBLOCK || errno == EINTR else {
                let reason = String(cString: strerror(errno))
                close(lock.fd)
                throw LockError.cannotLock(path: lock.path, reason: reason)
            }
            if Date() >= deadline {
                let holder = lock.holderPID()
                close(lock.fd)
                throw LockError.held(path: lock.path, pid: holder)
            }
            usleep(50_000)
        }
        let pid = Array("\(getpid())\n".utf8)
        _ = ftruncate(lock.fd, 0)
        _ = pid.withUnsafeBytes { pwrite(lock.fd, $0.baseAddress, $0.count, 0) }
        return lock
    }

    private func holderPID() -> Int? {
        var buffer = [UInt8](repeating: 0, count: 32)
        let n = buffer.withUnsafeMutableBytes { pread(fd, $0.baseAddress, 32, 0) }
        guard n > 0 else { return nil }
        return Int(String(decoding: buffer[0..<n], as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines))
    }

    public func release() {
        guard fd >= 0 else { return }
        flock(fd, LOCK_UN)
        close(fd)
        fd = -1
    }

    deinit { release() }
}
