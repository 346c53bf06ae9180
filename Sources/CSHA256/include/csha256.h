#ifndef MUJUN_CSHA256_H
#define MUJUN_CSHA256_H

#include <stddef.h>
#include <stdint.h>

/// Whether this CPU has the SHA extensions (sha_ni) that mujun_sha256_blocks_ni uses.
int mujun_sha256_has_ni(void);

/// Compresses `blocks` consecutive 64-byte blocks into `state` (eight words, a..h) with the
/// SHA instructions. Call only when mujun_sha256_has_ni() returned 1.
void mujun_sha256_blocks_ni(uint32_t state[8], const uint8_t *data, size_t blocks);

#endif
