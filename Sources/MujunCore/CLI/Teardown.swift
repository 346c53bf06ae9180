/// What `mujun run` leaves for the process's exit to reclaim instead of freeing it.
///
/// A province's result is millions of arrays, strings and column buffers; releasing them one by one
/// after the last table is published took a tenth of a second at a million enterprises, only for
/// the process to exit right after, when the kernel takes the whole address space back at once.
/// Only the CLI's commands, which end the process, hand results here.
enum Teardown {
    nonisolated(unsafe) private static var kept: [Any] = []

    /// Keeps `value` alive until the process exits.
    static func leaveToExit(_ value: Any) { kept.append(value) }
}
