#if canImport(Glibc)
    import Glibc
#endif

/// Transparent huge pages for the large per-enterprise columns (issue #3), on request.
///
/// A province-scale run allocates, fills and frees several gigabytes of columns; glibc's malloc
/// asks for huge pages when the tunable `glibc.malloc.hugetlb=1` is set, but tunables are read
/// only when a process starts, so with `MUJUN_HUGE_PAGES=1` in the environment `mujun run` starts
/// itself once more with it set: same arguments, same PID, same open files. It was the default
/// until the tables went to the disk past the page cache; since then, in this VM (whose host takes
/// freed pages back, so most huge pages are faulted in cold at ~2.6 ms a megabyte), 4 KiB pages
/// are as fast at a million enterprises and faster at 100,000 (sixth session: 10 and 8
/// interleaved pairs). It is skipped under valgrind and when /proc/self/exe is not this program.
public enum HugePages {
    static let tunable = "glibc.malloc.hugetlb"

    /// Replaces the process with itself under the tunable when that is useful and not done yet;
    /// returns (doing nothing) otherwise, or if the exec fails.
    public static func relaunchIfUseful(_ arguments: [String]) {
        #if os(Linux) && canImport(Glibc)
            guard arguments.dropFirst().first == "run" else { return }
            let environment = { (name: String) in getenv(name).map { String(cString: $0) } }
            guard environment("MUJUN_HUGE_PAGES") == "1" else { return }
            // Not under valgrind, whose exec of its client would not run this program.
            if let preload = environment("LD_PRELOAD"), preload.contains("vgpreload") { return }
            // Only when /proc/self/exe is this program (not, say, ld.so running it).
            var path = [CChar](repeating: 0, count: 4096)
            guard readlink("/proc/self/exe", &path, path.count - 1) > 0,
                let invoked = arguments.first,
                String(cString: path).split(separator: "/").last == invoked.split(separator: "/").last
            else { return }
            let current = environment("GLIBC_TUNABLES")
            if let current, current.contains(tunable) { return }
            let value = (current.map { $0 + ":" } ?? "") + tunable + "=1"
            guard setenv("GLIBC_TUNABLES", value, 1) == 0 else { return }
            execv("/proc/self/exe", CommandLine.unsafeArgv)
            // Only reached if the exec failed: carry on in this process, without huge pages.
        #endif
    }
}
