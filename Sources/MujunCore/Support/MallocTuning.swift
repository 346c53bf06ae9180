#if canImport(Glibc)
    import Glibc
#endif

/// glibc malloc's thresholds, set for a province-scale run (issue #3).
///
/// Left to itself, glibc raises its mmap threshold each time a mapped block is freed, up to 32 MB:
/// the per-enterprise columns of a million enterprises (8–16 MB each) then come from the heap, which
/// they fragment, and the heap's top is handed back to the kernel and faulted in again as stages
/// allocate and free (~80 MB more peak RSS, and the kernel's page zeroing shows up in every stage).
/// Fixed thresholds instead: a block of 6 MB or more (a whole column) is mapped on its own and
/// unmapped when freed, so memory goes back as soon as a stage lets a column go; smaller ones (read
/// blocks, output chunks, rows) are reused from a heap that is never trimmed.
public enum MallocTuning {
    /// Blocks this large or larger get a mapping of their own.
    static let mmapThreshold: Int32 = 6 << 20

    public static func apply() {
        #if os(Linux) && canImport(Glibc)
            _ = glibcMallopt(mOptionMmapThreshold, mmapThreshold)
            _ = glibcMallopt(mOptionTrimThreshold, Int32.max)
        #endif
    }
}

#if os(Linux) && canImport(Glibc)
    /// mallopt(3), which Glibc's module map leaves out (it is in <malloc.h>).
    @_silgen_name("mallopt")
    private func glibcMallopt(_ parameter: Int32, _ value: Int32) -> Int32
    /// M_TRIM_THRESHOLD and M_MMAP_THRESHOLD of <malloc.h>.
    private let mOptionTrimThreshold: Int32 = -1
    private let mOptionMmapThreshold: Int32 = -3
#endif
