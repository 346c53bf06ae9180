#ifndef MUJUN_CSHA256_H
#define MUJUN_CSHA256_H

#include <stddef.h>
#include <stdint.h>

/// Whether this CPU has the SHA extensions (sha_ni) that mujun_sha256_blocks_ni uses.
int mujun_sha256_has_ni(void);

/// Compresses `blocks` consecutive 64-byte blocks into `state` (eight words, a..h) with the
/// SHA instructions. Call only when mujun_sha256_has_ni() returned 1.
void mujun_sha256_blocks_ni(uint32_t state[8], const uint8_t *data, size_t blocks);

/// mujun_sha256_blocks_ni for two messages side by side: `blocks` blocks of each, `a` into
/// `first` and `b` into `second` (two different states).
void mujun_sha256_blocks_ni_x2(uint32_t first[8], const uint8_t *a, uint32_t second[8], const uint8_t *b,
                               size_t blocks);

#endif
