#ifndef MUJUN_CINTRINSICS_H
#define MUJUN_CINTRINSICS_H

#include <stddef.h>
#include <stdint.h>
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
