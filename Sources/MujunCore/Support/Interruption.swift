import Dispatch
import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// SIGINT and SIGTERM stop a run cleanly: the partial run folder is removed and the process exits
/// 130 or 143; the previous output, and `latest`, stay as they were.
public final class Interruption: @unchecked Sendable {
    public static let shared = Interruption()
    private let lock = NSLock()
    private var partialPaths: [String] = []
    private var sources: [DispatchSourceSignal] = []

    /// Starts listening; safe to call more than once.
    public func install() {
        lock.lock()
        defer { lock.unlock() }
        guard sources.isEmpty else { return }
        for sig in [SIGINT, SIGTERM] {
            signal(sig, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: sig, queue: .global())
            source.setEventHandler { [weak self] in self?.stop(signal: sig) }
            source.resume()
            sources.append(source)
        }
    }

    /// A folder to delete if the run is interrupted while it exists.
    public func register(_ path: String) {
        lock.lock()
        partialPaths.append(path)
        lock.unlock()
    }

    public func unregister(_ path: String) {
        lock.lock()
        partialPaths.removeAll { $0 == path }
        lock.unlock()
    }

    private func stop(signal sig: Int32) {
        lock.lock()
        let paths = partialPaths
        lock.unlock()
        for p in paths { try? FileManager.default.removeItem(atPath: p) }
        let name = sig == SIGINT ? "SIGINT" : "SIGTERM"
        printError("mujun: error: interrupted by \(name); partial output removed, previous output intact")
        _exit(128 + sig)
    }
}

/// Crash points for the durability tests: when `MUJUN_TEST_KILL_AT` names this point, the process
/// kills itself with SIGKILL there, as a power cut or `kill -9` would.
public enum TestHooks {
    static let killAt = ProcessInfo.processInfo.environment["MUJUN_TEST_KILL_AT"]
    static let holdLockSeconds = ProcessInfo.processInfo.environment["MUJUN_TEST_HOLD_LOCK"].flatMap(Double.init)

    public static func checkpoint(_ name: String) {
        if let killAt, killAt == name { kill(getpid(), SIGKILL) }
    }

    /// Keeps the output lock for a while, so a test can start a second run against it.
    static func holdLock() {
        if let seconds = holdLockSeconds { usleep(UInt32(seconds * 1_000_000)) }
    }
}
