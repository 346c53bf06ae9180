#ifndef MUJUN_CINTRINSICS_H
#define MUJUN_CINTRINSICS_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif

/// Asks the CPU to bring the cache line holding `address` in, for a write soon: lets a loop over
/// scattered table slots start the next rows' memory reads while it works on this one.
static inline void mujun_prefetch_for_write(const void *address) {
#if defined(__GNUC__) || defined(__clang__)
    __builtin_prefetch(address, 1, 3);
#else
    (void)address;
#endif
}

/// Bit i is set where p[i] is a comma or a line feed, for the 64 bytes at p (all readable): the
/// cell ends of a short CSV row in one step, 16 bytes at a time with SSE2 (every x86-64 has it).
static inline uint64_t mujun_separator_mask64(const uint8_t *p) {
    uint64_t mask = 0;
#if defined(__SSE2__)
    const __m128i comma = _mm_set1_epi8(',');
    const __m128i newline = _mm_set1_epi8('\n');
    for (int k = 0; k < 4; k++) {
        __m128i bytes = _mm_loadu_si128((const __m128i *)(p + 16 * k));
        __m128i hits = _mm_or_si128(_mm_cmpeq_epi8(bytes, comma), _mm_cmpeq_epi8(bytes, newline));
        mask |= (uint64_t)(uint16_t)_mm_movemask_epi8(hits) << (16 * k);
    }
#else
    for (int i = 0; i < 64; i++) {
        if (p[i] == ',' || p[i] == '\n') mask |= (uint64_t)1 << i;
    }
#endif
    return mask;
}

/// The 8 (or 2) bytes at `p`, at any alignment, in memory order (little-endian on x86-64). In C so
/// that it is always inlined: in the large row closures of the readers, Swift's optimizer stops
/// inlining and left `loadUnaligned` (and other one-instruction helpers) as a call per use.
static inline uint64_t mujun_load_u64(const void *p) {
    uint64_t v;
    memcpy(&v, p, sizeof v);
    return v;
}

static inline uint16_t mujun_load_u16(const void *p) {
    uint16_t v;
    memcpy(&v, p, sizeof v);
    return v;
}

/// 10^k for 0 <= k <= 22: every power of ten a double holds exactly. A constant table here, not a
/// Swift global: the number parser reads it for most cells, and a Swift global's lazy set-up is
/// checked (a call) on every access from another file.
static inline double mujun_exact_power_of_ten(int k) {
    static const double powers[23] = {
        1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
        1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
    };
    return powers[k];
}

/// 10^k as an integer, for 0 <= k <= 8.
static inline uint64_t mujun_integer_power_of_ten(int k) {
    static const uint64_t powers[9] = {1, 10, 100, 1000, 10000, 100000, 1000000, 10000000, 100000000};
    return powers[k];
}

/// The value of a credit-code character by its byte (SPEC §3.1: 0–9, then the letters without
/// I, O, S, V, Z; lower case as upper case), 0xFF for a byte outside the alphabet. Codes are parsed
/// for nearly every row: one load per character, from a constant table.
static inline uint8_t mujun_uscc_value(uint8_t byte) {
    static const uint8_t values[256] = {
        0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF,
        0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF,
        0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF,
        0x00, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08, 0x09, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF,
        0xFF, 0x0A, 0x0B, 0x0C, 0x0D, 0x0E, 0x0F, 0x10, 0x11, 0xFF, 0x12, 0x13, 0x14, 0x15, 0x16, 0xFF,
        0x17, 0x18, 0x19, 0xFF, 0x1A, 0x1B, 0xFF, 0x1C, 0x1D, 0x1E, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF,
        0xFF, 0x0A, 0x0B, 0x0C, 0x0D, 0x0E, 0x0F, 0x10, 0x11, 0xFF, 0x12, 0x13, 0x14, 0x15, 0x16, 0xFF,
        0x17, 0x18, 0x19, 0xFF, 0x1A, 0x1B, 0xFF, 0x1C, 0x1D, 0x1E, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF,
        0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF,
        0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF,
        0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF,
        0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF,
        0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF,
        0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF,
        0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF,
        0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF,
    };
    return values[byte];
}

/// What `mujun_scan_records` finds in a stretch of CSV bytes.
typedef struct {
    /// Line feeds, those inside quoted fields included (line numbers count physical lines).
    size_t newlines;
    /// Just past the last line feed that ends a record (0 without one).
    size_t after_last;
    /// Line feeds in p[0..<after_last].
    size_t newlines_before_last;
    /// 1 when some record, the unfinished last one included, has `long_record` bytes or more.
    int has_long_record;
} mujun_records;

/// The records of p[0..<n], which starts a record, as the reader's tokenizer reads them (RFC 4180):
/// a record ends at a line feed outside quotes; a quote opens a quoted field only as a field's
/// first byte, `""` inside one is an escaped quote, and the next quote closes it. For each of the
/// `count` increasing offsets in `cuts` (each at least 1), `starts` gets the first record start at
/// or after it (n without one) and `newlines_before` the line feeds before that start. One pass,
/// 64 bytes at a time (SSE2): a block without quotes, outside a quoted field, is taken whole from
/// its line feeds' bit mask; only blocks with quotes go quote by quote. This is how the reader
/// splits a window into chunks on record boundaries.
mujun_records mujun_scan_records(const uint8_t *p, size_t n, size_t long_record, const size_t *cuts, size_t count,
                                 size_t *starts, size_t *newlines_before);

/// Whether p[0..<n] is entirely well-formed UTF-8 (RFC 3629: no overlong forms, no surrogates,
/// nothing above U+10FFFF, no sequence cut short at either end): 1 yes, 0 no, -1 when the CPU
/// lacks what the check needs (SSSE3), so that the caller checks byte by byte instead.
int mujun_utf8_is_valid(const uint8_t *p, size_t n);

#endif
