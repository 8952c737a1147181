#ifndef DENDRITE_GEMM_H
#define DENDRITE_GEMM_H

#include <stdbool.h>
#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

/// Register tile of the micro-kernel: callers that split C between threads cut it at multiples of
/// these so that no thread gets more partial tiles than necessary.
#define DENDRITE_GEMM_TILE_ROWS 6
#define DENDRITE_GEMM_TILE_COLUMNS 16

/// Single-threaded float32 matrix product on row-major storage:
///
///     C[m×n] = op(A)[m×k] · op(B)[k×n]        (accumulate == false)
///     C[m×n] += op(A)[m×k] · op(B)[k×n]       (accumulate == true)
///
/// op(A) = A (A stored m×k, row stride lda) or, with transpose_a, Aᵀ (A stored k×m);
/// op(B) = B (B stored k×n, row stride ldb) or, with transpose_b, Bᵀ (B stored n×k).
/// Transposed operands are read in place, never copied whole.
///
/// Every element is computed as one sequential chain over p = 0..<k,
/// `c = c + a[i,p]·b[p,j]` starting from 0 (or from C when accumulating), with fused
/// multiply-adds on AVX2/FMA processors. The result therefore does not depend on how the
/// caller splits C into blocks of rows or columns, nor on the internal cache blocking: that
/// is what makes multi-threaded results bit-identical to single-threaded ones.
/// C must not overlap A or B. m, n or k of zero is allowed (k == 0 zeroes C unless accumulating).
void dendrite_gemm(bool transpose_a, bool transpose_b,
                   ptrdiff_t m, ptrdiff_t n, ptrdiff_t k,
                   const float *a, ptrdiff_t lda,
                   const float *b, ptrdiff_t ldb,
                   float *c, ptrdiff_t ldc,
                   bool accumulate);

/// dendrite_gemm, then, as each element of C is complete, `c = c + bias[j]` for its column j (when
/// bias is not NULL; bias holds n values) and `c = max(c, 0)` (when relu; NaN becomes 0). The
/// result is bit-identical to dendrite_gemm followed by those two passes, but C is finished while
/// it is still in cache.
void dendrite_gemm_bias_relu(bool transpose_a, bool transpose_b,
                             ptrdiff_t m, ptrdiff_t n, ptrdiff_t k,
                             const float *a, ptrdiff_t lda,
                             const float *b, ptrdiff_t ldb,
                             float *c, ptrdiff_t ldc,
                             bool accumulate, const float *bias, bool relu);

/// Whether dendrite_gemm uses its AVX2+FMA implementation on this processor (checked once, then cached).
bool dendrite_gemm_uses_avx2(void);

/// dendrite_gemm restricted to the portable implementation (plain C, no FMA), which
/// dendrite_gemm itself uses on processors without AVX2+FMA. Exposed so tests can check it anywhere.
void dendrite_gemm_portable(bool transpose_a, bool transpose_b,
                            ptrdiff_t m, ptrdiff_t n, ptrdiff_t k,
                            const float *a, ptrdiff_t lda,
                            const float *b, ptrdiff_t ldb,
                            float *c, ptrdiff_t ldc,
                            bool accumulate);

/// Spin-wait hint for busy-waiting threads (the x86 `pause` instruction; nothing elsewhere).
static inline void dendrite_gemm_spin_pause(void) {
#if (defined(__x86_64__) || defined(__i386__)) && (defined(__GNUC__) || defined(__clang__))
    __builtin_ia32_pause();
#endif
}

#ifdef __cplusplus
}
#endif

#endif
