// Most of the target is static inline in include/cintrinsics.h; the UTF-8 check needs a CPU
// feature test and a function compiled for SSSE3, so it lives here.
#include "cintrinsics.h"

// Bit k set where p[k] == c, for the 64 bytes at p.
static inline uint64_t mujun_byte_mask64(const uint8_t *p, uint8_t c) {
    uint64_t mask = 0;
#if defined(__SSE2__)
    const __m128i wanted = _mm_set1_epi8((char)c);
    for (int k = 0; k < 4; k++) {
        __m128i bytes = _mm_loadu_si128((const __m128i *)(p + 16 * k));
        mask |= (uint64_t)(uint16_t)_mm_movemask_epi8(_mm_cmpeq_epi8(bytes, wanted)) << (16 * k);
    }
#else
    for (int k = 0; k < 64; k++) {
        if (p[k] == c) mask |= (uint64_t)1 << k;
    }
#endif
    return mask;
}

mujun_records mujun_scan_records(const uint8_t *p, size_t n, size_t long_record, const size_t *cuts, size_t count,
                                 size_t *starts, size_t *newlines_before) {
    mujun_records r = {0, 0, 0, 0};
    size_t record_start = 0;
    size_t pending = 0;
    int quoted = 0;
    // The second quote of a `""` pair, which must not close the field.
    size_t escaped = (size_t)-1;
    size_t i = 0;
    // A line feed or a quote at `at`, in order.
#define MUJUN_EVENT(at)                                                                            \
    do {                                                                                           \
        size_t e = (at);                                                                           \
        if (p[e] == '\n') {                                                                        \
            r.newlines++;                                                                          \
            if (!quoted) {                                                                         \
                if (e - record_start >= long_record) r.has_long_record = 1;                        \
                record_start = e + 1;                                                              \
                r.after_last = record_start;                                                       \
                r.newlines_before_last = r.newlines;                                               \
                while (pending < count && cuts[pending] <= record_start) {                         \
                    starts[pending] = record_start;                                                \
                    newlines_before[pending] = r.newlines;                                         \
                    pending++;                                                                     \
                }                                                                                  \
            }                                                                                      \
        } else if (e != escaped) {                                                                 \
            if (!quoted) {                                                                         \
                /* Only a field's first byte opens a quoted field; elsewhere a quote is text. */   \
                if (e == record_start || p[e - 1] == ',') quoted = 1;                              \
            } else if (e + 1 < n && p[e + 1] == '"') {                                             \
                escaped = e + 1;                                                                   \
            } else {                                                                               \
                quoted = 0;                                                                        \
            }                                                                                      \
        }                                                                                          \
    } while (0)
    // Whole blocks need every record inside one to be shorter than `long_record` (under 64 bytes).
    if (long_record >= 64) {
        for (; i + 64 <= n; i += 64) {
            uint64_t lines = mujun_byte_mask64(p + i, '\n');
            uint64_t quotes = mujun_byte_mask64(p + i, '"');
            if (quotes == 0 && quoted) {
                // Inside a quoted field: its line feeds end no record.
                r.newlines += (size_t)__builtin_popcountll(lines);
                continue;
            }
            if (quotes != 0) {
                uint64_t events = lines | quotes;
                while (events != 0) {
                    MUJUN_EVENT(i + (size_t)__builtin_ctzll(events));
                    events &= events - 1;
                }
                continue;
            }
            if (lines == 0) continue;
            // Every line feed ends a record; the first ends the one that started before the block.
            if (i + (size_t)__builtin_ctzll(lines) - record_start >= long_record) r.has_long_record = 1;
            // Cuts whose record start is in this block: after the first line feed at or after cut - 1.
            while (pending < count && cuts[pending] <= i + 64) {
                size_t from = cuts[pending] - 1;
                uint64_t after = from <= i ? lines : lines & (~(uint64_t)0 << (from - i));
                if (after == 0) break;
                unsigned at = (unsigned)__builtin_ctzll(after);
                uint64_t upTo = at == 63 ? ~(uint64_t)0 : (((uint64_t)1 << (at + 1)) - 1);
                starts[pending] = i + at + 1;
                newlines_before[pending] = r.newlines + (size_t)__builtin_popcountll(lines & upTo);
                pending++;
            }
            r.newlines += (size_t)__builtin_popcountll(lines);
            record_start = i + 64 - (size_t)__builtin_clzll(lines);
            r.after_last = record_start;
            r.newlines_before_last = r.newlines;
        }
    }
    for (; i < n; i++) {
        if (p[i] == '\n' || p[i] == '"') MUJUN_EVENT(i);
    }
#undef MUJUN_EVENT
    if (n - record_start >= long_record) r.has_long_record = 1;
    for (; pending < count; pending++) {
        starts[pending] = n;
        newlines_before[pending] = r.newlines;
    }
    return r;
}

#if defined(__x86_64__)
#include <cpuid.h>
#include <tmmintrin.h>

static int has_ssse3(void) {
    static int known = -1;
    if (known < 0) {
        unsigned a, b, c, d;
        known = __get_cpuid(1, &a, &b, &c, &d) ? (int)((c >> 9) & 1) : 0;
    }
    return known;
}

// The error classes of two consecutive bytes (Keiser and Lemire, "Validating UTF-8 in less than
// one instruction per byte", 2021): a pair is wrong exactly where the three table lookups below
// share a bit; the only errors pairs cannot see — a third or fourth byte missing or in excess —
// are found from the lead bytes two and three positions back.
enum {
    TOO_SHORT = 1 << 0,  // a lead byte or ASCII where a continuation byte must come
    TOO_LONG = 1 << 1,   // a continuation byte after ASCII
    OVERLONG_3 = 1 << 2, // E0 80..9F
    TOO_LARGE = 1 << 3,  // F4 90..BF, F5..FF: above U+10FFFF
    SURROGATE = 1 << 4,  // ED A0..BF
    OVERLONG_2 = 1 << 5, // C0, C1
    TOO_LARGE_1000 = 1 << 6,
    OVERLONG_4 = 1 << 6, // F0 80..8F
    TWO_CONTS = 1 << 7,  // a continuation byte after a continuation byte
    CARRY = TOO_SHORT | TOO_LONG | TWO_CONTS,
};

// The three tables, by high nibble of the first byte, low nibble of the first, high nibble of
// the second.
static const uint8_t byte1HighTable[16] = {
    TOO_LONG, TOO_LONG, TOO_LONG, TOO_LONG, TOO_LONG, TOO_LONG, TOO_LONG, TOO_LONG,
    TWO_CONTS, TWO_CONTS, TWO_CONTS, TWO_CONTS, TOO_SHORT | OVERLONG_2, TOO_SHORT,
    TOO_SHORT | OVERLONG_3 | SURROGATE, TOO_SHORT | TOO_LARGE | TOO_LARGE_1000 | OVERLONG_4,
};
static const uint8_t byte1LowTable[16] = {
    CARRY | OVERLONG_3 | OVERLONG_2 | OVERLONG_4, CARRY | OVERLONG_2, CARRY, CARRY, CARRY | TOO_LARGE,
    CARRY | TOO_LARGE | TOO_LARGE_1000, CARRY | TOO_LARGE | TOO_LARGE_1000, CARRY | TOO_LARGE | TOO_LARGE_1000,
    CARRY | TOO_LARGE | TOO_LARGE_1000, CARRY | TOO_LARGE | TOO_LARGE_1000, CARRY | TOO_LARGE | TOO_LARGE_1000,
    CARRY | TOO_LARGE | TOO_LARGE_1000, CARRY | TOO_LARGE | TOO_LARGE_1000,
    CARRY | TOO_LARGE | TOO_LARGE_1000 | SURROGATE, CARRY | TOO_LARGE | TOO_LARGE_1000,
    CARRY | TOO_LARGE | TOO_LARGE_1000,
};
static const uint8_t byte2HighTable[16] = {
    TOO_SHORT, TOO_SHORT, TOO_SHORT, TOO_SHORT, TOO_SHORT, TOO_SHORT, TOO_SHORT, TOO_SHORT,
    TOO_LONG | OVERLONG_2 | TWO_CONTS | OVERLONG_3 | TOO_LARGE_1000 | OVERLONG_4,
    TOO_LONG | OVERLONG_2 | TWO_CONTS | OVERLONG_3 | TOO_LARGE,
    TOO_LONG | OVERLONG_2 | TWO_CONTS | SURROGATE | TOO_LARGE,
    TOO_LONG | OVERLONG_2 | TWO_CONTS | SURROGATE | TOO_LARGE, TOO_SHORT, TOO_SHORT, TOO_SHORT, TOO_SHORT,
};

__attribute__((target("ssse3")))
static __m128i check16(__m128i input, __m128i previous) {
    const __m128i low = _mm_set1_epi8(0x0F);
    const __m128i byte1High = _mm_loadu_si128((const __m128i *)byte1HighTable);
    const __m128i byte1Low = _mm_loadu_si128((const __m128i *)byte1LowTable);
    const __m128i byte2High = _mm_loadu_si128((const __m128i *)byte2HighTable);
    __m128i prev1 = _mm_alignr_epi8(input, previous, 15);
    __m128i special = _mm_and_si128(
        _mm_and_si128(
            _mm_shuffle_epi8(byte1High, _mm_and_si128(_mm_srli_epi16(prev1, 4), low)),
            _mm_shuffle_epi8(byte1Low, _mm_and_si128(prev1, low))),
        _mm_shuffle_epi8(byte2High, _mm_and_si128(_mm_srli_epi16(input, 4), low)));
    // Where a third or fourth byte must be: two after an E0..FF lead, three after an F0..FF one.
    __m128i prev2 = _mm_alignr_epi8(input, previous, 14);
    __m128i prev3 = _mm_alignr_epi8(input, previous, 13);
    __m128i must = _mm_or_si128(_mm_subs_epu8(prev2, _mm_set1_epi8(0xE0 - 0x80)),
                                _mm_subs_epu8(prev3, _mm_set1_epi8(0xF0 - 0x80)));
    return _mm_xor_si128(_mm_and_si128(must, _mm_set1_epi8(-0x80)), special);
}

__attribute__((target("ssse3")))
static int valid_ssse3(const uint8_t *p, size_t n) {
    __m128i previous = _mm_setzero_si128();
    __m128i error = _mm_setzero_si128();
    size_t i = 0;
    for (; i + 16 <= n; i += 16) {
        __m128i input = _mm_loadu_si128((const __m128i *)(p + i));
        // ASCII bytes are right after anything complete; what came before is checked with them.
        if (_mm_movemask_epi8(input) != 0 || _mm_movemask_epi8(previous) != 0) {
            error = _mm_or_si128(error, check16(input, previous));
        }
        previous = input;
    }
    // The rest, then ASCII padding: a sequence cut short by the end meets it and is too short.
    uint8_t tail[32] = {0};
    for (size_t k = 0; i + k < n; k++) tail[k] = p[i + k];
    for (int k = 0; k < 2; k++) {
        __m128i input = _mm_loadu_si128((const __m128i *)(tail + 16 * k));
        error = _mm_or_si128(error, check16(input, previous));
        previous = input;
    }
    return _mm_movemask_epi8(_mm_cmpeq_epi8(error, _mm_setzero_si128())) == 0xFFFF;
}

#include <immintrin.h>

// AVX2 needs the CPU's support and the system's (it saves the 256-bit registers: XCR0 bits 1, 2).
static int has_avx2(void) {
    static int known = -1;
    if (known < 0) {
        unsigned a, b, c, d;
        int os = 0;
        if (__get_cpuid(1, &a, &b, &c, &d) && (c >> 27 & 1)) {
            unsigned lo, hi;
            __asm__("xgetbv" : "=a"(lo), "=d"(hi) : "c"(0));
            os = (lo & 6) == 6;
        }
        known = os && __get_cpuid_count(7, 0, &a, &b, &c, &d) ? (int)((b >> 5) & 1) : 0;
    }
    return known;
}

// check16 for 32 bytes: the same lookups in each 128-bit lane (the tables sit in both), with the
// bytes before each position taken across the lane boundary.
__attribute__((target("avx2")))
static __m256i check32(__m256i input, __m256i previous) {
    const __m256i low = _mm256_set1_epi8(0x0F);
    const __m256i byte1High = _mm256_broadcastsi128_si256(_mm_loadu_si128((const __m128i *)byte1HighTable));
    const __m256i byte1Low = _mm256_broadcastsi128_si256(_mm_loadu_si128((const __m128i *)byte1LowTable));
    const __m256i byte2High = _mm256_broadcastsi128_si256(_mm_loadu_si128((const __m128i *)byte2HighTable));
    // The upper lane of `previous` and the lower lane of `input`: what comes right before each lane.
    __m256i before = _mm256_permute2x128_si256(previous, input, 0x21);
    __m256i prev1 = _mm256_alignr_epi8(input, before, 15);
    __m256i special = _mm256_and_si256(
        _mm256_and_si256(
            _mm256_shuffle_epi8(byte1High, _mm256_and_si256(_mm256_srli_epi16(prev1, 4), low)),
            _mm256_shuffle_epi8(byte1Low, _mm256_and_si256(prev1, low))),
        _mm256_shuffle_epi8(byte2High, _mm256_and_si256(_mm256_srli_epi16(input, 4), low)));
    __m256i prev2 = _mm256_alignr_epi8(input, before, 14);
    __m256i prev3 = _mm256_alignr_epi8(input, before, 13);
    __m256i must = _mm256_or_si256(_mm256_subs_epu8(prev2, _mm256_set1_epi8((char)(0xE0 - 0x80))),
                                   _mm256_subs_epu8(prev3, _mm256_set1_epi8((char)(0xF0 - 0x80))));
    return _mm256_xor_si256(_mm256_and_si256(must, _mm256_set1_epi8(-0x80)), special);
}

__attribute__((target("avx2")))
static int valid_avx2(const uint8_t *p, size_t n) {
    __m256i previous = _mm256_setzero_si256();
    __m256i error = _mm256_setzero_si256();
    size_t i = 0;
    for (; i + 32 <= n; i += 32) {
        __m256i input = _mm256_loadu_si256((const __m256i *)(p + i));
        if (_mm256_movemask_epi8(input) != 0 || _mm256_movemask_epi8(previous) != 0) {
            error = _mm256_or_si256(error, check32(input, previous));
        }
        previous = input;
    }
    uint8_t tail[64] = {0};
    for (size_t k = 0; i + k < n; k++) tail[k] = p[i + k];
    for (int k = 0; k < 2; k++) {
        __m256i input = _mm256_loadu_si256((const __m256i *)(tail + 32 * k));
        error = _mm256_or_si256(error, check32(input, previous));
        previous = input;
    }
    return _mm256_testz_si256(error, error);
}

int mujun_utf8_is_valid(const uint8_t *p, size_t n) {
    if (has_avx2()) return valid_avx2(p, n);
    return has_ssse3() ? valid_ssse3(p, n) : -1;
}

#else

int mujun_utf8_is_valid(const uint8_t *p, size_t n) {
    (void)p;
    (void)n;
    return -1;
}

#endif
