#ifndef MUJUN_CPREFETCH_H
#define MUJUN_CPREFETCH_H

/// Asks the CPU to bring the cache line holding `address` in, for a write soon: lets a loop over
/// scattered table slots start the next rows' memory reads while it works on this one.
static inline void mujun_prefetch_for_write(const void *address) {
#if defined(__GNUC__) || defined(__clang__)
    __builtin_prefetch(address, 1, 3);
#else
    (void)address;
#endif
}

#endif
