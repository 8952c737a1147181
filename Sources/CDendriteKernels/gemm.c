// Float32 GEMM: packed panels, cache blocking and a 6×16 register-tile micro-kernel
// (the Goto/BLIS scheme), with AVX2+FMA enabled per function so that no compiler flag is needed.
//
// Every element of C is one sequential chain over p (see dendrite_gemm.h): the micro-kernel starts
// from C when a previous k-block already wrote it, so blocking never changes the rounding.

#include "dendrite_gemm.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#if defined(__x86_64__) || defined(_M_X64) || defined(__i386__)
#define GEMM_X86 1
#include <immintrin.h>
#else
#define GEMM_X86 0
#endif

#if defined(_WIN32)
#define GEMM_PTHREADS 0
#else
#define GEMM_PTHREADS 1
#include <pthread.h>
#endif

// Register tile: 6 rows × 16 columns = 12 ymm accumulators, plus 2 for B and 1 for A (of 16).
enum { MR = DENDRITE_GEMM_TILE_ROWS, NR = DENDRITE_GEMM_TILE_COLUMNS };

// Cache blocking for one Zen 3 core (L1d 32 KiB, L2 512 KiB, L3 32 MiB shared):
// a KC×NR panel of B (16 KiB) stays in L1 while the MC×KC block of A (144 KiB) stays in L2
// and the KC×NC block of B in L3. Tuned by measurement (dendrite-bench gemm).
enum { KC = 256, MC = 144, NC = 3072 };

// Up to this many multiply-adds the unpacked loops beat packing (measured: W1-sized 32×16×30 runs
// in 0.4 µs unpacked vs 0.65 µs packed; from about 30×30×30 up the packed kernel wins).
enum { SMALL_MACS = 32 * 32 * 16 };

static inline ptrdiff_t min_pd(ptrdiff_t a, ptrdiff_t b) { return a < b ? a : b; }

// What happens to each element of C once its chain over k is complete: c = c + bias[column]
// (when bias is not NULL), then c = max(c, 0) (when relu; NaN becomes 0). `bias` is indexed by the
// column of the block being finished, so callers pass it already offset to that block's first column.
typedef struct {
    const float *bias;
    bool relu;
} gemm_epilogue;

static bool epilogue_is_empty(gemm_epilogue epilogue) { return epilogue.bias == NULL && !epilogue.relu; }

static gemm_epilogue epilogue_offset(gemm_epilogue epilogue, ptrdiff_t columns) {
    if (epilogue.bias) epilogue.bias += columns;
    return epilogue;
}

static void apply_epilogue_portable(float *c, ptrdiff_t ldc, ptrdiff_t rows, ptrdiff_t cols, gemm_epilogue epilogue) {
    if (epilogue_is_empty(epilogue)) return;
    for (ptrdiff_t r = 0; r < rows; r++) {
        float *restrict line = c + r * ldc;
        if (epilogue.bias)
            for (ptrdiff_t j = 0; j < cols; j++) line[j] += epilogue.bias[j];
        if (epilogue.relu)
            for (ptrdiff_t j = 0; j < cols; j++) line[j] = line[j] > 0 ? line[j] : 0;
    }
}

// Splits `total` into equal blocks of at most `limit`, rounded up to a multiple of `unit`.
static ptrdiff_t balanced_block(ptrdiff_t total, ptrdiff_t limit, ptrdiff_t unit) {
    ptrdiff_t blocks = (total + limit - 1) / limit;
    ptrdiff_t size = (total + blocks - 1) / blocks;
    return (size + unit - 1) / unit * unit;
}

// MARK: - Per-thread packing buffers

typedef struct {
    float *buffer;
    size_t capacity; // in floats
} gemm_workspace;

#if GEMM_PTHREADS
static pthread_key_t workspace_key;
static pthread_once_t workspace_once = PTHREAD_ONCE_INIT;
static int workspace_key_ok = 0;

static void workspace_destroy(void *pointer) {
    gemm_workspace *workspace = pointer;
    free(workspace->buffer);
    free(workspace);
}

static void workspace_key_create(void) {
    workspace_key_ok = pthread_key_create(&workspace_key, workspace_destroy) == 0;
}
#endif

// A 64-byte-aligned buffer of at least `count` floats, kept per thread (freed at thread exit)
// so that repeated products do not pay for allocation and page faults. NULL on failure.
static float *workspace_get(size_t count, gemm_workspace *owned) {
    count = (count + 15) / 16 * 16;
#if GEMM_PTHREADS
    pthread_once(&workspace_once, workspace_key_create);
    if (workspace_key_ok) {
        gemm_workspace *workspace = pthread_getspecific(workspace_key);
        if (workspace == NULL) {
            workspace = calloc(1, sizeof *workspace);
            if (workspace == NULL || pthread_setspecific(workspace_key, workspace) != 0) {
                free(workspace);
                return NULL;
            }
        }
        if (workspace->capacity < count) {
            free(workspace->buffer);
            workspace->buffer = aligned_alloc(64, count * sizeof(float));
            workspace->capacity = workspace->buffer ? count : 0;
        }
        return workspace->buffer;
    }
#endif
    owned->buffer = aligned_alloc(64, count * sizeof(float));
    owned->capacity = count;
    return owned->buffer;
}

// MARK: - Operand views

// op(X)[row, col] = base[row * row_stride + col * col_stride]: a transposed operand is the same
// memory with the strides swapped, so nothing is ever transposed in memory.
typedef struct {
    const float *base;
    ptrdiff_t row_stride, col_stride;
} matrix_view;

static matrix_view view_of(const float *base, ptrdiff_t ld, bool transposed) {
    matrix_view view = {base, transposed ? 1 : ld, transposed ? ld : 1};
    return view;
}

// MARK: - Packing

// Rows [i0, i0+mc) × columns [p0, p0+kc) of op(A) into MR-row panels: panel q holds
// element (q*MR + r, p) at q*MR*kc + p*MR + r; missing rows of the last panel are zero.
static void pack_a(matrix_view a, ptrdiff_t i0, ptrdiff_t p0, ptrdiff_t mc, ptrdiff_t kc, float *restrict dst) {
    for (ptrdiff_t r0 = 0; r0 < mc; r0 += MR, dst += MR * kc) {
        ptrdiff_t rows = min_pd(MR, mc - r0);
        const float *src = a.base + (i0 + r0) * a.row_stride + p0 * a.col_stride;
        if (a.col_stride == 1) {
            for (ptrdiff_t r = 0; r < MR; r++) {
                const float *row = src + min_pd(r, rows - 1) * a.row_stride;
                if (r < rows) {
                    for (ptrdiff_t p = 0; p < kc; p++) dst[p * MR + r] = row[p];
                } else {
                    for (ptrdiff_t p = 0; p < kc; p++) dst[p * MR + r] = 0;
                }
            }
        } else {
            for (ptrdiff_t p = 0; p < kc; p++) {
                const float *column = src + p * a.col_stride;
                for (ptrdiff_t r = 0; r < MR; r++) dst[p * MR + r] = r < rows ? column[r] : 0;
            }
        }
    }
}

// Rows [p0, p0+kc) × columns [j0, j0+nc) of op(B) into NR-column panels: panel q holds
// element (p, q*NR + c) at q*NR*kc + p*NR + c; missing columns of the last panel are zero.
static void pack_b(matrix_view b, ptrdiff_t p0, ptrdiff_t j0, ptrdiff_t kc, ptrdiff_t nc, float *restrict dst) {
    for (ptrdiff_t c0 = 0; c0 < nc; c0 += NR, dst += NR * kc) {
        ptrdiff_t cols = min_pd(NR, nc - c0);
        const float *src = b.base + p0 * b.row_stride + (j0 + c0) * b.col_stride;
        if (b.col_stride == 1) {
            for (ptrdiff_t p = 0; p < kc; p++) {
                const float *row = src + p * b.row_stride;
                for (ptrdiff_t c = 0; c < NR; c++) dst[p * NR + c] = c < cols ? row[c] : 0;
            }
        } else {
            for (ptrdiff_t c = 0; c < NR; c++) {
                const float *column = src + min_pd(c, cols - 1) * b.col_stride;
                if (c < cols) {
                    for (ptrdiff_t p = 0; p < kc; p++) dst[p * NR + c] = column[p];
                } else {
                    for (ptrdiff_t p = 0; p < kc; p++) dst[p * NR + c] = 0;
                }
            }
        }
    }
}

// MARK: - Micro-kernels

// C[MR×NR] (+)= Ap · Bp over kc steps. With load_c the chain continues from C, otherwise from 0.
typedef void (*micro_kernel)(ptrdiff_t kc, const float *restrict ap, const float *restrict bp,
                             float *c, ptrdiff_t ldc, bool load_c);

// Portable version: plain C that compilers vectorise with whatever the baseline offers (SSE2 on x86-64).
static void micro_kernel_portable(ptrdiff_t kc, const float *restrict ap, const float *restrict bp,
                                  float *c, ptrdiff_t ldc, bool load_c) {
    float acc[MR][NR];
    for (int r = 0; r < MR; r++)
        for (int j = 0; j < NR; j++) acc[r][j] = load_c ? c[r * ldc + j] : 0;
    for (ptrdiff_t p = 0; p < kc; p++, ap += MR, bp += NR)
        for (int r = 0; r < MR; r++)
            for (int j = 0; j < NR; j++) acc[r][j] += ap[r] * bp[j];
    for (int r = 0; r < MR; r++)
        for (int j = 0; j < NR; j++) c[r * ldc + j] = acc[r][j];
}

#if GEMM_X86
#define GEMM_AVX2 __attribute__((target("avx2,fma")))

GEMM_AVX2
static void micro_kernel_avx2(ptrdiff_t kc, const float *restrict ap, const float *restrict bp,
                              float *c, ptrdiff_t ldc, bool load_c) {
    __m256 c00, c01, c10, c11, c20, c21, c30, c31, c40, c41, c50, c51;
    if (load_c) {
        c00 = _mm256_loadu_ps(c + 0 * ldc); c01 = _mm256_loadu_ps(c + 0 * ldc + 8);
        c10 = _mm256_loadu_ps(c + 1 * ldc); c11 = _mm256_loadu_ps(c + 1 * ldc + 8);
        c20 = _mm256_loadu_ps(c + 2 * ldc); c21 = _mm256_loadu_ps(c + 2 * ldc + 8);
        c30 = _mm256_loadu_ps(c + 3 * ldc); c31 = _mm256_loadu_ps(c + 3 * ldc + 8);
        c40 = _mm256_loadu_ps(c + 4 * ldc); c41 = _mm256_loadu_ps(c + 4 * ldc + 8);
        c50 = _mm256_loadu_ps(c + 5 * ldc); c51 = _mm256_loadu_ps(c + 5 * ldc + 8);
    } else {
        c00 = c01 = c10 = c11 = c20 = c21 = c30 = c31 = c40 = c41 = c50 = c51 = _mm256_setzero_ps();
    }
#define GEMM_STEP(P)                                                                      \
    do {                                                                                  \
        __m256 b0 = _mm256_load_ps(bp + (P) * NR), b1 = _mm256_load_ps(bp + (P) * NR + 8); \
        __m256 a;                                                                         \
        a = _mm256_broadcast_ss(ap + (P) * MR + 0);                                       \
        c00 = _mm256_fmadd_ps(a, b0, c00); c01 = _mm256_fmadd_ps(a, b1, c01);             \
        a = _mm256_broadcast_ss(ap + (P) * MR + 1);                                       \
        c10 = _mm256_fmadd_ps(a, b0, c10); c11 = _mm256_fmadd_ps(a, b1, c11);             \
        a = _mm256_broadcast_ss(ap + (P) * MR + 2);                                       \
        c20 = _mm256_fmadd_ps(a, b0, c20); c21 = _mm256_fmadd_ps(a, b1, c21);             \
        a = _mm256_broadcast_ss(ap + (P) * MR + 3);                                       \
        c30 = _mm256_fmadd_ps(a, b0, c30); c31 = _mm256_fmadd_ps(a, b1, c31);             \
        a = _mm256_broadcast_ss(ap + (P) * MR + 4);                                       \
        c40 = _mm256_fmadd_ps(a, b0, c40); c41 = _mm256_fmadd_ps(a, b1, c41);             \
        a = _mm256_broadcast_ss(ap + (P) * MR + 5);                                       \
        c50 = _mm256_fmadd_ps(a, b0, c50); c51 = _mm256_fmadd_ps(a, b1, c51);             \
    } while (0)
    ptrdiff_t p = 0;
    for (; p + 4 <= kc; p += 4, ap += 4 * MR, bp += 4 * NR) {
        GEMM_STEP(0);
        GEMM_STEP(1);
        GEMM_STEP(2);
        GEMM_STEP(3);
    }
    for (; p < kc; p++, ap += MR, bp += NR) GEMM_STEP(0);
#undef GEMM_STEP
    _mm256_storeu_ps(c + 0 * ldc, c00); _mm256_storeu_ps(c + 0 * ldc + 8, c01);
    _mm256_storeu_ps(c + 1 * ldc, c10); _mm256_storeu_ps(c + 1 * ldc + 8, c11);
    _mm256_storeu_ps(c + 2 * ldc, c20); _mm256_storeu_ps(c + 2 * ldc + 8, c21);
    _mm256_storeu_ps(c + 3 * ldc, c30); _mm256_storeu_ps(c + 3 * ldc + 8, c31);
    _mm256_storeu_ps(c + 4 * ldc, c40); _mm256_storeu_ps(c + 4 * ldc + 8, c41);
    _mm256_storeu_ps(c + 5 * ldc, c50); _mm256_storeu_ps(c + 5 * ldc + 8, c51);
}

// In-place 8×8 transpose: afterwards r[q] holds element q of every input row.
GEMM_AVX2
static inline void transpose_8x8(__m256 r[8]) {
    __m256 t0 = _mm256_unpacklo_ps(r[0], r[1]), t1 = _mm256_unpackhi_ps(r[0], r[1]);
    __m256 t2 = _mm256_unpacklo_ps(r[2], r[3]), t3 = _mm256_unpackhi_ps(r[2], r[3]);
    __m256 t4 = _mm256_unpacklo_ps(r[4], r[5]), t5 = _mm256_unpackhi_ps(r[4], r[5]);
    __m256 t6 = _mm256_unpacklo_ps(r[6], r[7]), t7 = _mm256_unpackhi_ps(r[6], r[7]);
    __m256 s0 = _mm256_shuffle_ps(t0, t2, 0x44), s1 = _mm256_shuffle_ps(t0, t2, 0xEE);
    __m256 s2 = _mm256_shuffle_ps(t1, t3, 0x44), s3 = _mm256_shuffle_ps(t1, t3, 0xEE);
    __m256 s4 = _mm256_shuffle_ps(t4, t6, 0x44), s5 = _mm256_shuffle_ps(t4, t6, 0xEE);
    __m256 s6 = _mm256_shuffle_ps(t5, t7, 0x44), s7 = _mm256_shuffle_ps(t5, t7, 0xEE);
    r[0] = _mm256_permute2f128_ps(s0, s4, 0x20); r[1] = _mm256_permute2f128_ps(s1, s5, 0x20);
    r[2] = _mm256_permute2f128_ps(s2, s6, 0x20); r[3] = _mm256_permute2f128_ps(s3, s7, 0x20);
    r[4] = _mm256_permute2f128_ps(s0, s4, 0x31); r[5] = _mm256_permute2f128_ps(s1, s5, 0x31);
    r[6] = _mm256_permute2f128_ps(s2, s6, 0x31); r[7] = _mm256_permute2f128_ps(s3, s7, 0x31);
}

// apply_epilogue_portable with 8-wide vectors; the same two roundings per element (one add, one max).
GEMM_AVX2
static void apply_epilogue_avx2(float *c, ptrdiff_t ldc, ptrdiff_t rows, ptrdiff_t cols, gemm_epilogue epilogue) {
    if (epilogue_is_empty(epilogue)) return;
    const __m256 zero = _mm256_setzero_ps();
    for (ptrdiff_t r = 0; r < rows; r++) {
        float *line = c + r * ldc;
        ptrdiff_t j = 0;
        for (; j + 8 <= cols; j += 8) {
            __m256 value = _mm256_loadu_ps(line + j);
            if (epilogue.bias) value = _mm256_add_ps(value, _mm256_loadu_ps(epilogue.bias + j));
            // max(value, 0) returns the second operand (0) when value is NaN, like the scalar rule.
            if (epilogue.relu) value = _mm256_max_ps(value, zero);
            _mm256_storeu_ps(line + j, value);
        }
        for (; j < cols; j++) {
            float value = line[j];
            if (epilogue.bias) value += epilogue.bias[j];
            if (epilogue.relu) value = value > 0 ? value : 0;
            line[j] = value;
        }
    }
}

// pack_a with vector loads and transposes for full panels; partial panels use the portable code.
GEMM_AVX2
static void pack_a_avx2(matrix_view a, ptrdiff_t i0, ptrdiff_t p0, ptrdiff_t mc, ptrdiff_t kc, float *restrict dst) {
    ptrdiff_t full = mc / MR * MR;
    for (ptrdiff_t r0 = 0; r0 < full; r0 += MR, dst += MR * kc) {
        const float *src = a.base + (i0 + r0) * a.row_stride + p0 * a.col_stride;
        ptrdiff_t p = 0;
        if (a.col_stride == 1) {
            for (; p + 8 <= kc; p += 8) {
                __m256 r[8];
                for (int q = 0; q < MR; q++) r[q] = _mm256_loadu_ps(src + q * a.row_stride + p);
                r[6] = r[7] = _mm256_setzero_ps();
                transpose_8x8(r);
                for (int q = 0; q < 8; q++) {
                    float *out = dst + (p + q) * MR;
                    _mm_storeu_ps(out, _mm256_castps256_ps128(r[q]));
                    _mm_storel_pi((__m64 *)(out + 4), _mm256_extractf128_ps(r[q], 1));
                }
            }
            for (; p < kc; p++)
                for (int q = 0; q < MR; q++) dst[p * MR + q] = src[q * a.row_stride + p];
        } else {
            for (; p < kc; p++) {
                const float *column = src + p * a.col_stride;
                _mm_storeu_ps(dst + p * MR, _mm_loadu_ps(column));
                _mm_storel_pi((__m64 *)(dst + p * MR + 4), _mm_loadl_pi(_mm_setzero_ps(), (const __m64 *)(column + 4)));
            }
        }
    }
    if (full < mc) pack_a(a, i0 + full, p0, mc - full, kc, dst);
}

// pack_b with vector copies (B) or two 8×8 transposes per 8 steps (Bᵀ) for full panels.
GEMM_AVX2
static void pack_b_avx2(matrix_view b, ptrdiff_t p0, ptrdiff_t j0, ptrdiff_t kc, ptrdiff_t nc, float *restrict dst) {
    ptrdiff_t full = nc / NR * NR;
    for (ptrdiff_t c0 = 0; c0 < full; c0 += NR, dst += NR * kc) {
        const float *src = b.base + p0 * b.row_stride + (j0 + c0) * b.col_stride;
        if (b.col_stride == 1) {
            for (ptrdiff_t p = 0; p < kc; p++) {
                const float *row = src + p * b.row_stride;
                _mm256_store_ps(dst + p * NR, _mm256_loadu_ps(row));
                _mm256_store_ps(dst + p * NR + 8, _mm256_loadu_ps(row + 8));
            }
            continue;
        }
        ptrdiff_t p = 0;
        for (; p + 8 <= kc; p += 8) {
            for (int half = 0; half < 2; half++) {
                __m256 r[8];
                for (int q = 0; q < 8; q++) r[q] = _mm256_loadu_ps(src + (half * 8 + q) * b.col_stride + p);
                transpose_8x8(r);
                for (int q = 0; q < 8; q++) _mm256_store_ps(dst + (p + q) * NR + half * 8, r[q]);
            }
        }
        for (; p < kc; p++)
            for (int c = 0; c < NR; c++) dst[p * NR + c] = src[c * b.col_stride + p];
    }
    if (full < nc) pack_b(b, p0, j0 + full, kc, nc - full, dst);
}
#endif

// MARK: - Blocked product

static size_t packed_a_floats(ptrdiff_t mc_block, ptrdiff_t kc_block) {
    return ((size_t)mc_block * (size_t)kc_block + 15) / 16 * 16;
}

typedef void (*pack_a_fn)(matrix_view a, ptrdiff_t i0, ptrdiff_t p0, ptrdiff_t mc, ptrdiff_t kc, float *restrict dst);
typedef void (*pack_b_fn)(matrix_view b, ptrdiff_t p0, ptrdiff_t j0, ptrdiff_t kc, ptrdiff_t nc, float *restrict dst);

typedef void (*epilogue_fn)(float *c, ptrdiff_t ldc, ptrdiff_t rows, ptrdiff_t cols, gemm_epilogue epilogue);

typedef struct {
    micro_kernel kernel;
    pack_a_fn pack_a;
    pack_b_fn pack_b;
    epilogue_fn epilogue;
} kernel_set;

static const kernel_set portable_kernels = {micro_kernel_portable, pack_a, pack_b, apply_epilogue_portable};
#if GEMM_X86
static const kernel_set avx2_kernels = {micro_kernel_avx2, pack_a_avx2, pack_b_avx2, apply_epilogue_avx2};
#endif

static void gemm_blocked(const kernel_set *kernels, matrix_view a, matrix_view b,
                         ptrdiff_t m, ptrdiff_t n, ptrdiff_t k,
                         float *c, ptrdiff_t ldc, bool accumulate, gemm_epilogue epilogue, float *workspace) {
    ptrdiff_t kc_block = balanced_block(k, KC, 1);
    ptrdiff_t mc_block = balanced_block(m, MC, MR);
    ptrdiff_t nc_block = balanced_block(n, NC, NR);
    float *packed_a = workspace;
    float *packed_b = workspace + packed_a_floats(mc_block, kc_block); // 64-byte aligned, like workspace
    for (ptrdiff_t jc = 0; jc < n; jc += nc_block) {
        ptrdiff_t nc = min_pd(nc_block, n - jc);
        for (ptrdiff_t pc = 0; pc < k; pc += kc_block) {
            ptrdiff_t kc = min_pd(kc_block, k - pc);
            bool load_c = accumulate || pc > 0;
            // The last k-block finishes each tile while it is still in L1: apply the epilogue there.
            bool finishing = pc + kc >= k && !epilogue_is_empty(epilogue);
            kernels->pack_b(b, pc, jc, kc, nc, packed_b);
            for (ptrdiff_t ic = 0; ic < m; ic += mc_block) {
                ptrdiff_t mc = min_pd(mc_block, m - ic);
                kernels->pack_a(a, ic, pc, mc, kc, packed_a);
                for (ptrdiff_t jr = 0; jr < nc; jr += NR) {
                    ptrdiff_t nr = min_pd(NR, nc - jr);
                    const float *bp = packed_b + jr * kc;
                    for (ptrdiff_t ir = 0; ir < mc; ir += MR) {
                        ptrdiff_t mr = min_pd(MR, mc - ir);
                        const float *ap = packed_a + ir * kc;
                        float *tile = c + (ic + ir) * ldc + jc + jr;
                        // The kernel's first multiply-adds wait for C: fetch the next tile's rows early.
                        if (load_c && ir + MR < mc)
                            for (ptrdiff_t r = 0; r < min_pd(MR, mc - ir - MR); r++) {
                                __builtin_prefetch(tile + (MR + r) * ldc, 1);
                                __builtin_prefetch(tile + (MR + r) * ldc + NR - 1, 1);
                            }
                        if (mr == MR && nr == NR) {
                            kernels->kernel(kc, ap, bp, tile, ldc, load_c);
                            if (finishing) kernels->epilogue(tile, ldc, MR, NR, epilogue_offset(epilogue, jc + jr));
                            continue;
                        }
                        // Edge tile: run the same kernel on a full-size copy so the rounding is identical.
                        float edge[MR * NR] __attribute__((aligned(64))) = {0};
                        if (load_c)
                            for (ptrdiff_t r = 0; r < mr; r++) memcpy(edge + r * NR, tile + r * ldc, nr * sizeof(float));
                        kernels->kernel(kc, ap, bp, edge, NR, load_c);
                        for (ptrdiff_t r = 0; r < mr; r++) memcpy(tile + r * ldc, edge + r * NR, nr * sizeof(float));
                        if (finishing) kernels->epilogue(tile, ldc, mr, nr, epilogue_offset(epilogue, jc + jr));
                    }
                }
            }
        }
    }
}

static size_t blocked_workspace_floats(ptrdiff_t m, ptrdiff_t n, ptrdiff_t k) {
    ptrdiff_t kc = balanced_block(k, KC, 1);
    return packed_a_floats(balanced_block(m, MC, MR), kc) + (size_t)balanced_block(n, NC, NR) * (size_t)kc;
}

// MARK: - Small products (no packing)

static void gemm_small_portable(matrix_view a, matrix_view b, ptrdiff_t m, ptrdiff_t n, ptrdiff_t k,
                                float *c, ptrdiff_t ldc, bool accumulate) {
    for (ptrdiff_t i = 0; i < m; i++) {
        for (ptrdiff_t j = 0; j < n; j++) {
            float sum = accumulate ? c[i * ldc + j] : 0;
            for (ptrdiff_t p = 0; p < k; p++)
                sum += a.base[i * a.row_stride + p * a.col_stride] * b.base[p * b.row_stride + j * b.col_stride];
            c[i * ldc + j] = sum;
        }
    }
}

#if GEMM_X86
// Rows are taken four at a time and columns sixteen at a time (8 accumulators); op(B) must have
// contiguous rows (b.col_stride == 1). A partial row block reuses its last row; a partial column
// block loads B with a mask and goes through a buffer for C (masked stores are slow on AMD cores).
GEMM_AVX2
static void gemm_small_avx2(matrix_view a, matrix_view b, ptrdiff_t m, ptrdiff_t n, ptrdiff_t k,
                            float *c, ptrdiff_t ldc, bool accumulate) {
    for (ptrdiff_t j0 = 0; j0 < n; j0 += 16) {
        ptrdiff_t cols = min_pd(16, n - j0);
        __m256i lane = _mm256_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7);
        __m256i mask0 = _mm256_cmpgt_epi32(_mm256_set1_epi32((int)cols), lane);
        __m256i mask1 = _mm256_cmpgt_epi32(_mm256_set1_epi32((int)cols - 8), lane);
        const float *bj = b.base + j0;
        for (ptrdiff_t i0 = 0; i0 < m; i0 += 4) {
            ptrdiff_t rows = min_pd(4, m - i0);
            const float *a0 = a.base + i0 * a.row_stride;
            const float *a1 = a.base + (i0 + min_pd(1, rows - 1)) * a.row_stride;
            const float *a2 = a.base + (i0 + min_pd(2, rows - 1)) * a.row_stride;
            const float *a3 = a.base + (i0 + min_pd(3, rows - 1)) * a.row_stride;
            float buffer[4][16] __attribute__((aligned(32)));
            float *c_rows = c + i0 * ldc + j0;
            if (accumulate) {
                for (ptrdiff_t r = 0; r < 4; r++)
                    for (ptrdiff_t j = 0; j < 16; j++)
                        buffer[r][j] = r < rows && j < cols ? c_rows[r * ldc + j] : 0;
            }
            __m256 c00 = accumulate ? _mm256_load_ps(buffer[0]) : _mm256_setzero_ps();
            __m256 c01 = accumulate ? _mm256_load_ps(buffer[0] + 8) : _mm256_setzero_ps();
            __m256 c10 = accumulate ? _mm256_load_ps(buffer[1]) : _mm256_setzero_ps();
            __m256 c11 = accumulate ? _mm256_load_ps(buffer[1] + 8) : _mm256_setzero_ps();
            __m256 c20 = accumulate ? _mm256_load_ps(buffer[2]) : _mm256_setzero_ps();
            __m256 c21 = accumulate ? _mm256_load_ps(buffer[2] + 8) : _mm256_setzero_ps();
            __m256 c30 = accumulate ? _mm256_load_ps(buffer[3]) : _mm256_setzero_ps();
            __m256 c31 = accumulate ? _mm256_load_ps(buffer[3] + 8) : _mm256_setzero_ps();
            for (ptrdiff_t p = 0; p < k; p++) {
                const float *brow = bj + p * b.row_stride;
                __m256 b0, b1;
                if (cols == 16) {
                    b0 = _mm256_loadu_ps(brow);
                    b1 = _mm256_loadu_ps(brow + 8);
                } else {
                    b0 = _mm256_maskload_ps(brow, mask0);
                    b1 = _mm256_maskload_ps(brow + 8, mask1);
                }
                ptrdiff_t offset = p * a.col_stride;
                __m256 ai = _mm256_broadcast_ss(a0 + offset);
                c00 = _mm256_fmadd_ps(ai, b0, c00); c01 = _mm256_fmadd_ps(ai, b1, c01);
                ai = _mm256_broadcast_ss(a1 + offset);
                c10 = _mm256_fmadd_ps(ai, b0, c10); c11 = _mm256_fmadd_ps(ai, b1, c11);
                ai = _mm256_broadcast_ss(a2 + offset);
                c20 = _mm256_fmadd_ps(ai, b0, c20); c21 = _mm256_fmadd_ps(ai, b1, c21);
                ai = _mm256_broadcast_ss(a3 + offset);
                c30 = _mm256_fmadd_ps(ai, b0, c30); c31 = _mm256_fmadd_ps(ai, b1, c31);
            }
            if (rows == 4 && cols == 16) {
                _mm256_storeu_ps(c_rows, c00); _mm256_storeu_ps(c_rows + 8, c01);
                _mm256_storeu_ps(c_rows + ldc, c10); _mm256_storeu_ps(c_rows + ldc + 8, c11);
                _mm256_storeu_ps(c_rows + 2 * ldc, c20); _mm256_storeu_ps(c_rows + 2 * ldc + 8, c21);
                _mm256_storeu_ps(c_rows + 3 * ldc, c30); _mm256_storeu_ps(c_rows + 3 * ldc + 8, c31);
                continue;
            }
            _mm256_store_ps(buffer[0], c00); _mm256_store_ps(buffer[0] + 8, c01);
            _mm256_store_ps(buffer[1], c10); _mm256_store_ps(buffer[1] + 8, c11);
            _mm256_store_ps(buffer[2], c20); _mm256_store_ps(buffer[2] + 8, c21);
            _mm256_store_ps(buffer[3], c30); _mm256_store_ps(buffer[3] + 8, c31);
            for (ptrdiff_t r = 0; r < rows; r++)
                for (ptrdiff_t j = 0; j < cols; j++) c_rows[r * ldc + j] = buffer[r][j];
        }
    }
}

// The column block of gemm_row_avx2 narrower than 64: `vectors` accumulators (a constant at each
// call, so they stay in registers), unmasked loads for the first `unmasked` rows of B, masked after.
GEMM_AVX2
static inline __attribute__((always_inline)) void gemm_row_partial(matrix_view a, matrix_view b, ptrdiff_t j0,
                                                                    ptrdiff_t k, ptrdiff_t unmasked, int vectors,
                                                                    const __m256i *masks, __m256 *acc) {
    __m256 sum[8];
    for (int v = 0; v < vectors; v++) sum[v] = acc[v];
    ptrdiff_t p = 0;
    for (; p < unmasked; p++) {
        const float *brow = b.base + p * b.row_stride + j0;
        __m256 ap = _mm256_broadcast_ss(a.base + p * a.col_stride);
        for (int v = 0; v < vectors; v++) sum[v] = _mm256_fmadd_ps(ap, _mm256_loadu_ps(brow + 8 * v), sum[v]);
    }
    for (; p < k; p++) {
        const float *brow = b.base + p * b.row_stride + j0;
        __m256 ap = _mm256_broadcast_ss(a.base + p * a.col_stride);
        for (int v = 0; v < vectors; v++)
            sum[v] = _mm256_fmadd_ps(ap, _mm256_maskload_ps(brow + 8 * v, masks[v]), sum[v]);
    }
    for (int v = 0; v < vectors; v++) acc[v] = sum[v];
}

// Rows of B that gemm_row_avx2 fetches ahead (the hardware prefetcher misses its strided pattern).
#ifndef GEMM_ROW_PREFETCH
#define GEMM_ROW_PREFETCH 8
#endif

// One row of A times an untransposed B (single-sample inference): 64 columns at a time in eight
// accumulators, B streamed row by row. Each element is the same fma chain over k as in the other
// paths, so the result does not depend on which path or thread computed it.
GEMM_AVX2
static void gemm_row_avx2(matrix_view a, matrix_view b, ptrdiff_t n, ptrdiff_t k, float *c, bool accumulate) {
    __m256i lane = _mm256_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7);
    for (ptrdiff_t j0 = 0; j0 < n; j0 += 64) {
        ptrdiff_t cols = min_pd(64, n - j0);
        ptrdiff_t vectors = (cols + 7) / 8;
        __m256i masks[8];
        float buffer[64] __attribute__((aligned(32)));
        __m256 acc[8];
        for (ptrdiff_t v = 0; v < 8; v++) {
            masks[v] = _mm256_cmpgt_epi32(_mm256_set1_epi32((int)(cols - 8 * v)), lane);
            acc[v] = _mm256_setzero_ps();
        }
        if (accumulate) {
            for (ptrdiff_t j = 0; j < 64; j++) buffer[j] = j < cols ? c[j0 + j] : 0;
            for (ptrdiff_t v = 0; v < vectors; v++) acc[v] = _mm256_load_ps(buffer + 8 * v);
        }
        if (cols == 64) {
            // Local accumulators: `acc` is also passed by address below, which would make the
            // compiler store it to memory on every step.
            __m256 sum[8];
            for (int v = 0; v < 8; v++) sum[v] = acc[v];
            for (ptrdiff_t p = 0; p < k; p++) {
                const float *brow = b.base + p * b.row_stride + j0;
                if (p + GEMM_ROW_PREFETCH < k)
                    for (int line = 0; line < 4; line++)
                        _mm_prefetch((const char *)(brow + GEMM_ROW_PREFETCH * b.row_stride + 16 * line), _MM_HINT_T0);
                __m256 ap = _mm256_broadcast_ss(a.base + p * a.col_stride);
                for (int v = 0; v < 8; v++) sum[v] = _mm256_fmadd_ps(ap, _mm256_loadu_ps(brow + 8 * v), sum[v]);
            }
            for (int v = 0; v < 8; v++) acc[v] = sum[v];
        } else {
            // Masked loads are slow on AMD cores. A row's last vector may read past the row's end
            // (the lanes beyond `cols` are never stored) as long as it stays inside B, which holds
            // for every row but the last one or two; those use the masks.
            ptrdiff_t last_read = j0 + 8 * vectors - 1, last_element = (k - 1) * b.row_stride + n - 1;
            ptrdiff_t unmasked = last_element >= last_read ? (last_element - last_read) / b.row_stride + 1 : 0;
            if (unmasked > k) unmasked = k;
            // A constant vector count per case keeps the accumulators in registers.
            switch (vectors) {
#define GEMM_ROW_CASE(V) \
    case V: gemm_row_partial(a, b, j0, k, unmasked, V, masks, acc); break;
                GEMM_ROW_CASE(1) GEMM_ROW_CASE(2) GEMM_ROW_CASE(3) GEMM_ROW_CASE(4)
                GEMM_ROW_CASE(5) GEMM_ROW_CASE(6) GEMM_ROW_CASE(7)
#undef GEMM_ROW_CASE
            }
        }
        for (ptrdiff_t v = 0; v < vectors; v++) _mm256_store_ps(buffer + 8 * v, acc[v]);
        memcpy(c + j0, buffer, (size_t)cols * sizeof(float));
    }
}

// Copies op(B) (k×n) into rows of n contiguous floats, for the small path when B is transposed.
GEMM_AVX2
static void copy_rows(matrix_view b, ptrdiff_t k, ptrdiff_t n, float *restrict dst) {
    for (ptrdiff_t p = 0; p < k; p++)
        for (ptrdiff_t j = 0; j < n; j++) dst[p * n + j] = b.base[p * b.row_stride + j * b.col_stride];
}

// Last resort when no buffer can be had: one fused chain per element, same rounding as the vector code.
GEMM_AVX2
static void gemm_unbuffered_avx2(matrix_view a, matrix_view b, ptrdiff_t m, ptrdiff_t n, ptrdiff_t k,
                                 float *c, ptrdiff_t ldc, bool accumulate) {
    for (ptrdiff_t i = 0; i < m; i++) {
        for (ptrdiff_t j = 0; j < n; j++) {
            __m128 sum = _mm_set_ss(accumulate ? c[i * ldc + j] : 0);
            for (ptrdiff_t p = 0; p < k; p++)
                sum = _mm_fmadd_ss(_mm_set_ss(a.base[i * a.row_stride + p * a.col_stride]),
                                   _mm_set_ss(b.base[p * b.row_stride + j * b.col_stride]), sum);
            c[i * ldc + j] = _mm_cvtss_f32(sum);
        }
    }
}

static int cpu_has_avx2_fma(void) {
    static int cached = -1; // benign race: every thread computes the same value
    int value = __atomic_load_n(&cached, __ATOMIC_RELAXED);
    if (value < 0) {
        __builtin_cpu_init();
        value = __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
        __atomic_store_n(&cached, value, __ATOMIC_RELAXED);
    }
    return value;
}
#endif

// MARK: - Entry points

static void gemm_dispatch(bool use_avx2, bool transpose_a, bool transpose_b,
                          ptrdiff_t m, ptrdiff_t n, ptrdiff_t k,
                          const float *a_base, ptrdiff_t lda, const float *b_base, ptrdiff_t ldb,
                          float *c, ptrdiff_t ldc, bool accumulate, gemm_epilogue epilogue) {
    if (m <= 0 || n <= 0) return;
#if GEMM_X86
    epilogue_fn finish = use_avx2 ? apply_epilogue_avx2 : apply_epilogue_portable;
#else
    epilogue_fn finish = apply_epilogue_portable;
#endif
    if (k <= 0) {
        if (!accumulate)
            for (ptrdiff_t i = 0; i < m; i++) memset(c + i * ldc, 0, (size_t)n * sizeof(float));
        finish(c, ldc, m, n, epilogue);
        return;
    }
    matrix_view a = view_of(a_base, lda, transpose_a);
    matrix_view b = view_of(b_base, ldb, transpose_b);
    gemm_workspace owned = {NULL, 0};
    bool small = (double)m * (double)n * (double)k <= SMALL_MACS;
#if GEMM_X86
    // A few rows times an untransposed B (single-sample inference): packing would only add a
    // second pass over B, which the unpacked kernel streams once.
    if (use_avx2 && m <= 4 && !transpose_b) small = true;
    if (use_avx2 && m == 1 && !transpose_b) {
        gemm_row_avx2(a, b, n, k, c, accumulate);
        finish(c, ldc, m, n, epilogue);
        return;
    }
    if (use_avx2) {
        if (small) {
            if (!transpose_b) {
                gemm_small_avx2(a, b, m, n, k, c, ldc, accumulate);
            } else {
                float *rows = workspace_get((size_t)k * (size_t)n, &owned);
                if (rows == NULL) {
                    gemm_unbuffered_avx2(a, b, m, n, k, c, ldc, accumulate);
                } else {
                    copy_rows(b, k, n, rows);
                    gemm_small_avx2(a, view_of(rows, n, false), m, n, k, c, ldc, accumulate);
                }
            }
            finish(c, ldc, m, n, epilogue);
        } else {
            float *workspace = workspace_get(blocked_workspace_floats(m, n, k), &owned);
            if (workspace == NULL) {
                gemm_unbuffered_avx2(a, b, m, n, k, c, ldc, accumulate);
                finish(c, ldc, m, n, epilogue);
            } else {
                gemm_blocked(&avx2_kernels, a, b, m, n, k, c, ldc, accumulate, epilogue, workspace);
            }
        }
        free(owned.buffer);
        return;
    }
#else
    (void)use_avx2;
#endif
    float *workspace = small ? NULL : workspace_get(blocked_workspace_floats(m, n, k), &owned);
    if (workspace == NULL) {
        gemm_small_portable(a, b, m, n, k, c, ldc, accumulate);
        finish(c, ldc, m, n, epilogue);
    } else {
        gemm_blocked(&portable_kernels, a, b, m, n, k, c, ldc, accumulate, epilogue, workspace);
    }
    free(owned.buffer);
}

bool dendrite_gemm_uses_avx2(void) {
#if GEMM_X86
    return cpu_has_avx2_fma();
#else
    return false;
#endif
}

void dendrite_gemm(bool transpose_a, bool transpose_b, ptrdiff_t m, ptrdiff_t n, ptrdiff_t k,
                   const float *a, ptrdiff_t lda, const float *b, ptrdiff_t ldb,
                   float *c, ptrdiff_t ldc, bool accumulate) {
    dendrite_gemm_bias_relu(transpose_a, transpose_b, m, n, k, a, lda, b, ldb, c, ldc, accumulate, NULL, false);
}

void dendrite_gemm_bias_relu(bool transpose_a, bool transpose_b, ptrdiff_t m, ptrdiff_t n, ptrdiff_t k,
                             const float *a, ptrdiff_t lda, const float *b, ptrdiff_t ldb,
                             float *c, ptrdiff_t ldc, bool accumulate, const float *bias, bool relu) {
    gemm_epilogue epilogue = {bias, relu};
    gemm_dispatch(dendrite_gemm_uses_avx2(), transpose_a, transpose_b, m, n, k, a, lda, b, ldb, c, ldc, accumulate,
                  epilogue);
}

void dendrite_gemm_portable(bool transpose_a, bool transpose_b, ptrdiff_t m, ptrdiff_t n, ptrdiff_t k,
                            const float *a, ptrdiff_t lda, const float *b, ptrdiff_t ldb,
                            float *c, ptrdiff_t ldc, bool accumulate) {
    gemm_epilogue none = {NULL, false};
    gemm_dispatch(false, transpose_a, transpose_b, m, n, k, a, lda, b, ldb, c, ldc, accumulate, none);
}
