// Finding non-finite values (NaN, ±infinity) in float arrays: a float is non-finite exactly when
// its exponent bits are all ones.

#include "dendrite_finite.h"

#include <stdint.h>
#include <string.h>

#if defined(__x86_64__) || defined(_M_X64) || defined(__i386__)
#define FINITE_X86 1
#include <immintrin.h>
#else
#define FINITE_X86 0
#endif

static const uint32_t exponent_mask = 0x7f800000u;

static ptrdiff_t first_nonfinite_portable(const float *x, ptrdiff_t start, ptrdiff_t count) {
    for (ptrdiff_t i = start; i < count; i++) {
        uint32_t bits;
        memcpy(&bits, x + i, sizeof bits);
        if ((bits & exponent_mask) == exponent_mask) return i;
    }
    return -1;
}

#if FINITE_X86
// 32 floats per iteration, tested together; a block with a hit is rescanned element by element.
__attribute__((target("avx2")))
static ptrdiff_t first_nonfinite_avx2(const float *x, ptrdiff_t count) {
    const __m256i mask = _mm256_set1_epi32((int)exponent_mask);
    ptrdiff_t i = 0;
    for (; i + 32 <= count; i += 32) {
        __m256i hit = _mm256_setzero_si256();
        for (int v = 0; v < 4; v++) {
            __m256i bits = _mm256_and_si256(_mm256_loadu_si256((const __m256i *)(x + i + 8 * v)), mask);
            hit = _mm256_or_si256(hit, _mm256_cmpeq_epi32(bits, mask));
        }
        if (!_mm256_testz_si256(hit, hit)) return first_nonfinite_portable(x, i, i + 32);
    }
    return first_nonfinite_portable(x, i, count);
}
#endif

ptrdiff_t dendrite_first_nonfinite(const float *x, ptrdiff_t count) {
#if FINITE_X86
    static int has_avx2 = -1; // benign race: every thread computes the same value
    int cached = __atomic_load_n(&has_avx2, __ATOMIC_RELAXED);
    if (cached < 0) {
        __builtin_cpu_init();
        cached = __builtin_cpu_supports("avx2");
        __atomic_store_n(&has_avx2, cached, __ATOMIC_RELAXED);
    }
    if (cached) return first_nonfinite_avx2(x, count);
#endif
    return first_nonfinite_portable(x, 0, count);
}
