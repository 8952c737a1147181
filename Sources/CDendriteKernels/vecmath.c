// Vectorised exp, log, log1p, tanh, sigmoid, softplus and erf over float arrays.
//
// The AVX2 path reduces each argument to a small interval and evaluates a polynomial there
// (exp and log use the Cephes coefficients; erf's were fitted for this file by iterated
// weighted least squares towards minimax). Measured against double precision, the largest
// errors over every float (exp: every float in [-104, 89]; log1p: in [-1, inf)) are, in ulp of the
// float result: exp 1.01, log 0.83, log1p 1.44, tanh 1.33, sigmoid 1.97, softplus 1.99,
// erf 1.21 (relative: at most 1.8e-7). Subnormal results are no worse, in subnormal ulps.
// AVX2 and FMA are switched on per function with `target` attributes rather than compiler
// flags, so the package needs no unsafeFlags; a run-time CPU check picks the path.

#include "dendrite_vecmath.h"

#include <math.h>

typedef void (*dd_array_kernel)(const float *input, float *output, size_t count);

// MARK: - Portable path (C library)

static float dd_sigmoidf(float x) {
    // e^-|x| never overflows; for x < 0 the form e^x / (1 + e^x) keeps tiny results accurate.
    float e = expf(-fabsf(x));
    return x >= 0 ? 1 / (1 + e) : e / (1 + e);
}

static float dd_softplusf(float x) { return (x > 0 ? x : 0) + log1pf(expf(-fabsf(x))); }

#define DD_PORTABLE_KERNEL(name, scalar)                                                          \
    static void name##_portable(const float *input, float *output, size_t count) {              \
        for (size_t i = 0; i < count; i++) output[i] = scalar(input[i]);                          \
    }

DD_PORTABLE_KERNEL(dd_vexp, expf)
DD_PORTABLE_KERNEL(dd_vlog, logf)
DD_PORTABLE_KERNEL(dd_vlog1p, log1pf)
DD_PORTABLE_KERNEL(dd_vtanh, tanhf)
DD_PORTABLE_KERNEL(dd_vsigmoid, dd_sigmoidf)
DD_PORTABLE_KERNEL(dd_vsoftplus, dd_softplusf)
DD_PORTABLE_KERNEL(dd_verf, erff)

#if defined(__x86_64__) && (defined(__clang__) || defined(__GNUC__))
#define DD_HAVE_AVX2_PATH 1
#include <immintrin.h>

#define DD_AVX2 __attribute__((target("avx2,fma")))

// MARK: - AVX2 path: eight lanes at a time

DD_AVX2 static inline __m256 dd_splat(float value) { return _mm256_set1_ps(value); }

DD_AVX2 static inline __m256 dd_abs8(__m256 x) {
    return _mm256_andnot_ps(dd_splat(-0.0f), x);
}

// e^x. x = n ln2 + r with |r| <= ln2 / 2, e^r = 1 + r + r^2 P(r), then scale by 2^n. The scale
// is applied as two halves so that n = 128 (results near FLT_MAX) and n < -126 (subnormal
// results, rounded once in the last multiply) need no special cases.
DD_AVX2 static inline __m256 dd_exp8(__m256 x) {
    // Beyond these bounds the result is inf or 0 anyway; clamping keeps n in [-150, 128].
    // The clamp operand order lets NaN through (min/max return the second operand on NaN).
    x = _mm256_min_ps(dd_splat(89.0f), x);
    x = _mm256_max_ps(dd_splat(-104.0f), x);

    __m256 n = _mm256_round_ps(_mm256_mul_ps(x, dd_splat(1.44269504088896341f)),
                               _MM_FROUND_TO_NEAREST_INT | _MM_FROUND_NO_EXC);
    // ln2 split so that n * 0.693359375 is exact and x - n * 0.693359375 loses nothing.
    __m256 r = _mm256_fnmadd_ps(n, dd_splat(0.693359375f), x);
    r = _mm256_fnmadd_ps(n, dd_splat(-2.12194440e-4f), r);

    __m256 p = dd_splat(1.9875691500e-4f);
    p = _mm256_fmadd_ps(p, r, dd_splat(1.3981999507e-3f));
    p = _mm256_fmadd_ps(p, r, dd_splat(8.3334519073e-3f));
    p = _mm256_fmadd_ps(p, r, dd_splat(4.1665795894e-2f));
    p = _mm256_fmadd_ps(p, r, dd_splat(1.6666665459e-1f));
    p = _mm256_fmadd_ps(p, r, dd_splat(5.0000001201e-1f));
    p = _mm256_fmadd_ps(p, _mm256_mul_ps(r, r), r);
    p = _mm256_add_ps(p, dd_splat(1.0f));

    __m256i k = _mm256_cvtps_epi32(n);
    __m256i half = _mm256_srai_epi32(k, 1);
    __m256i bias = _mm256_set1_epi32(127);
    __m256 scale1 = _mm256_castsi256_ps(_mm256_slli_epi32(_mm256_add_epi32(half, bias), 23));
    __m256 scale2 = _mm256_castsi256_ps(
        _mm256_slli_epi32(_mm256_add_epi32(_mm256_sub_epi32(k, half), bias), 23));
    return _mm256_mul_ps(_mm256_mul_ps(p, scale1), scale2);
}

// Natural log. x = m 2^e with m in [sqrt(1/2), sqrt(2)), log x = e ln2 + log(1 + f), f = m - 1,
// log(1 + f) = f - f^2 / 2 + f^3 P(f).
DD_AVX2 static inline __m256 dd_log8(__m256 x) {
    // Subnormals are scaled into the normal range first.
    __m256 subnormal = _mm256_cmp_ps(x, dd_splat(1.17549435e-38f), _CMP_LT_OQ);
    __m256 scaled = _mm256_blendv_ps(x, _mm256_mul_ps(x, dd_splat(8388608.0f)), subnormal);
    __m256 exponentBias = _mm256_blendv_ps(dd_splat(127.0f), dd_splat(150.0f), subnormal);

    __m256i bits = _mm256_castps_si256(scaled);
    __m256 e = _mm256_sub_ps(_mm256_cvtepi32_ps(_mm256_srli_epi32(bits, 23)), exponentBias);
    __m256 m = _mm256_castsi256_ps(_mm256_or_si256(
        _mm256_and_si256(bits, _mm256_set1_epi32(0x007fffff)), _mm256_set1_epi32(0x3f800000)));
    __m256 large = _mm256_cmp_ps(m, dd_splat(1.41421356f), _CMP_GT_OQ);
    m = _mm256_blendv_ps(m, _mm256_mul_ps(m, dd_splat(0.5f)), large);
    e = _mm256_add_ps(e, _mm256_and_ps(large, dd_splat(1.0f)));
    __m256 f = _mm256_sub_ps(m, dd_splat(1.0f));

    __m256 p = dd_splat(7.0376836292e-2f);
    p = _mm256_fmadd_ps(p, f, dd_splat(-1.1514610310e-1f));
    p = _mm256_fmadd_ps(p, f, dd_splat(1.1676998740e-1f));
    p = _mm256_fmadd_ps(p, f, dd_splat(-1.2420140846e-1f));
    p = _mm256_fmadd_ps(p, f, dd_splat(1.4249322787e-1f));
    p = _mm256_fmadd_ps(p, f, dd_splat(-1.6668057665e-1f));
    p = _mm256_fmadd_ps(p, f, dd_splat(2.0000714765e-1f));
    p = _mm256_fmadd_ps(p, f, dd_splat(-2.4999993993e-1f));
    p = _mm256_fmadd_ps(p, f, dd_splat(3.3333331174e-1f));
    __m256 f2 = _mm256_mul_ps(f, f);
    __m256 y = _mm256_mul_ps(_mm256_mul_ps(p, f2), f);
    // ln2 = 0.693359375 - 2.12194440e-4, the small part added first.
    y = _mm256_fmadd_ps(e, dd_splat(-2.12194440e-4f), y);
    y = _mm256_fnmadd_ps(f2, dd_splat(0.5f), y);
    __m256 result = _mm256_fmadd_ps(e, dd_splat(0.693359375f), _mm256_add_ps(f, y));

    // log(+inf) = +inf and log(NaN) = NaN pass the input through; log(0) = -inf; log(x < 0) = NaN.
    __m256 passThrough = _mm256_or_ps(_mm256_cmp_ps(x, x, _CMP_UNORD_Q),
                                      _mm256_cmp_ps(x, dd_splat(INFINITY), _CMP_EQ_OQ));
    result = _mm256_blendv_ps(result, x, passThrough);
    result = _mm256_blendv_ps(result, dd_splat(-INFINITY),
                              _mm256_cmp_ps(x, _mm256_setzero_ps(), _CMP_EQ_OQ));
    return _mm256_blendv_ps(result, dd_splat(NAN),
                            _mm256_cmp_ps(x, _mm256_setzero_ps(), _CMP_LT_OQ));
}

// log(1 + x) = log(w) + c with w = fl(1 + x) and c = (x - (w - 1)) / w, the first-order
// correction for the rounding in w (exact enough because w - 1 is exact for |x| < 1).
DD_AVX2 static inline __m256 dd_log1p8(__m256 x) {
    __m256 w = _mm256_add_ps(x, dd_splat(1.0f));
    __m256 c = _mm256_div_ps(_mm256_sub_ps(x, _mm256_sub_ps(w, dd_splat(1.0f))), w);
    // Where w is 0 or inf the correction would be NaN; log(w) alone is the answer there.
    __m256 finiteNonzero = _mm256_and_ps(_mm256_cmp_ps(w, _mm256_setzero_ps(), _CMP_NEQ_OQ),
                                         _mm256_cmp_ps(dd_abs8(w), dd_splat(INFINITY), _CMP_LT_OQ));
    return _mm256_add_ps(dd_log8(w), _mm256_and_ps(c, finiteNonzero));
}

// tanh x: an odd polynomial for |x| < 0.625 (Cephes), 1 - 2 / (e^2|x| + 1) above, which
// becomes exactly 1 once e^2|x| is large (or inf).
DD_AVX2 static inline __m256 dd_tanh8(__m256 x) {
    __m256 ax = dd_abs8(x);
    __m256 x2 = _mm256_mul_ps(x, x);
    __m256 p = dd_splat(-5.70498872745e-3f);
    p = _mm256_fmadd_ps(p, x2, dd_splat(2.06390887954e-2f));
    p = _mm256_fmadd_ps(p, x2, dd_splat(-5.37397155531e-2f));
    p = _mm256_fmadd_ps(p, x2, dd_splat(1.33314422036e-1f));
    p = _mm256_fmadd_ps(p, x2, dd_splat(-3.33332819422e-1f));
    __m256 small = _mm256_fmadd_ps(_mm256_mul_ps(p, x2), x, x);

    __m256 e = dd_exp8(_mm256_add_ps(ax, ax));
    __m256 large = _mm256_sub_ps(dd_splat(1.0f),
                                 _mm256_div_ps(dd_splat(2.0f), _mm256_add_ps(e, dd_splat(1.0f))));
    large = _mm256_or_ps(large, _mm256_and_ps(x, dd_splat(-0.0f)));
    return _mm256_blendv_ps(large, small, _mm256_cmp_ps(ax, dd_splat(0.625f), _CMP_LT_OQ));
}

// 1 / (1 + e^-x) for x >= 0 and e^x / (1 + e^x) for x < 0, both from e = e^-|x|, which never
// overflows and keeps tiny results for very negative x accurate.
DD_AVX2 static inline __m256 dd_sigmoid8(__m256 x) {
    __m256 e = dd_exp8(_mm256_sub_ps(_mm256_setzero_ps(), dd_abs8(x)));
    __m256 denominator = _mm256_add_ps(e, dd_splat(1.0f));
    // The rounding error of 1 + e, exactly (Fast2Sum, as 1 >= e), removed to first order:
    // n / (d + lo) = q - q lo / d. 1 / d is q itself for x >= 0 and 1 - q for x < 0, which is
    // ample for that small term (and, unlike rcpps, gives the same bits on every CPU).
    __m256 lo = _mm256_add_ps(_mm256_sub_ps(dd_splat(1.0f), denominator), e);
    __m256 negative = _mm256_cmp_ps(x, _mm256_setzero_ps(), _CMP_LT_OQ);
    __m256 q = _mm256_div_ps(_mm256_blendv_ps(dd_splat(1.0f), e, negative), denominator);
    __m256 reciprocal = _mm256_blendv_ps(q, _mm256_sub_ps(dd_splat(1.0f), q), negative);
    return _mm256_fnmadd_ps(_mm256_mul_ps(q, lo), reciprocal, q);
}

// log(1 + e^x) = max(x, 0) + log1p(e^-|x|).
DD_AVX2 static inline __m256 dd_softplus8(__m256 x) {
    __m256 e = dd_exp8(_mm256_sub_ps(_mm256_setzero_ps(), dd_abs8(x)));
    // max(0, x) returns x when x is NaN.
    return _mm256_add_ps(_mm256_max_ps(_mm256_setzero_ps(), x), dd_log1p8(e));
}

// erf x: x + x P(x^2) for |x| < 1 (the leading x kept out of the polynomial so it is not
// rounded); 1 - e^(R(|x|) - x^2) for |x| in [1, 4], where R approximates log(erfc x) + x^2
// (small and smooth, so its polynomial in |x| - 2.5 has no cancellation). erf rounds to
// exactly +-1 beyond |x| = 3.92.
DD_AVX2 static inline __m256 dd_erf8(__m256 x) {
    __m256 ax = _mm256_min_ps(dd_splat(4.0f), dd_abs8(x));
    __m256 x2 = _mm256_mul_ps(x, x);
    __m256 p = dd_splat(7.889119297033176e-05f);
    p = _mm256_fmadd_ps(p, x2, dd_splat(-0.0008020841050893068f));
    p = _mm256_fmadd_ps(p, x2, dd_splat(0.005189535208046436f));
    p = _mm256_fmadd_ps(p, x2, dd_splat(-0.026854444295167923f));
    p = _mm256_fmadd_ps(p, x2, dd_splat(0.11283600330352783f));
    p = _mm256_fmadd_ps(p, x2, dd_splat(-0.3761262595653534f));
    p = _mm256_fmadd_ps(p, x2, dd_splat(0.12837916612625122f));
    __m256 small = _mm256_fmadd_ps(p, x, x);

    __m256 t = _mm256_sub_ps(ax, dd_splat(2.5f));
    __m256 r = dd_splat(-5.555587279104657e-08f);
    r = _mm256_fmadd_ps(r, t, dd_splat(1.6149543853316572e-06f));
    r = _mm256_fmadd_ps(r, t, dd_splat(-1.3028115972701926e-05f));
    r = _mm256_fmadd_ps(r, t, dd_splat(7.73904102970846e-05f));
    r = _mm256_fmadd_ps(r, t, dd_splat(-0.00042061926797032356f));
    r = _mm256_fmadd_ps(r, t, dd_splat(0.002165165962651372f));
    r = _mm256_fmadd_ps(r, t, dd_splat(-0.010858220048248768f));
    r = _mm256_fmadd_ps(r, t, dd_splat(0.056106358766555786f));
    r = _mm256_fmadd_ps(r, t, dd_splat(-0.3526807427406311f));
    r = _mm256_fmadd_ps(r, t, dd_splat(-1.556815266609192f));
    __m256 erfc = dd_exp8(_mm256_fnmadd_ps(ax, ax, r));
    __m256 large = _mm256_sub_ps(dd_splat(1.0f), erfc);
    large = _mm256_or_ps(large, _mm256_and_ps(x, dd_splat(-0.0f)));

    // NaN compares false, so it takes the small branch, which propagates it.
    __m256 useLarge = _mm256_cmp_ps(dd_abs8(x), dd_splat(1.0f), _CMP_GE_OQ);
    return _mm256_blendv_ps(small, large, useLarge);
}

// Full vectors, then the tail through the same kernel with masked loads and stores, so an
// element's result does not depend on where it sits in the array.
#define DD_AVX2_KERNEL(name, kernel8)                                                             \
    DD_AVX2 static void name##_avx2(const float *input, float *output, size_t count) {          \
        size_t i = 0;                                                                             \
        for (; i + 8 <= count; i += 8)                                                            \
            _mm256_storeu_ps(output + i, kernel8(_mm256_loadu_ps(input + i)));                    \
        if (i < count) {                                                                          \
            __m256i mask = _mm256_cmpgt_epi32(_mm256_set1_epi32((int)(count - i)),                \
                                              _mm256_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7));         \
            _mm256_maskstore_ps(output + i, mask, kernel8(_mm256_maskload_ps(input + i, mask)));  \
        }                                                                                         \
    }

DD_AVX2_KERNEL(dd_vexp, dd_exp8)
DD_AVX2_KERNEL(dd_vlog, dd_log8)
DD_AVX2_KERNEL(dd_vlog1p, dd_log1p8)
DD_AVX2_KERNEL(dd_vtanh, dd_tanh8)
DD_AVX2_KERNEL(dd_vsigmoid, dd_sigmoid8)
DD_AVX2_KERNEL(dd_vsoftplus, dd_softplus8)
DD_AVX2_KERNEL(dd_verf, dd_erf8)

// 0 = not yet checked, 1 = portable, 2 = AVX2. Racing first calls all store the same answer.
static int dd_cpu_path;

static bool dd_has_avx2(void) {
    int path = __atomic_load_n(&dd_cpu_path, __ATOMIC_RELAXED);
    if (path == 0) {
        __builtin_cpu_init();
        path = __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma") ? 2 : 1;
        __atomic_store_n(&dd_cpu_path, path, __ATOMIC_RELAXED);
    }
    return path == 2;
}

#define DD_PUBLIC_KERNEL(name)                                                                    \
    void name(const float *input, float *output, size_t count) {                                 \
        (dd_has_avx2() ? name##_avx2 : name##_portable)(input, output, count);                    \
    }

#else

static bool dd_has_avx2(void) { return false; }

#define DD_PUBLIC_KERNEL(name)                                                                    \
    void name(const float *input, float *output, size_t count) {                                 \
        name##_portable(input, output, count);                                                    \
    }

#endif

// MARK: - Public entry points

DD_PUBLIC_KERNEL(dd_vexp)
DD_PUBLIC_KERNEL(dd_vlog)
DD_PUBLIC_KERNEL(dd_vlog1p)
DD_PUBLIC_KERNEL(dd_vtanh)
DD_PUBLIC_KERNEL(dd_vsigmoid)
DD_PUBLIC_KERNEL(dd_vsoftplus)
DD_PUBLIC_KERNEL(dd_verf)

bool dd_vecmath_uses_avx2(void) { return dd_has_avx2(); }

void dd_vportable(dd_vfunction function, const float *input, float *output, size_t count) {
    static const dd_array_kernel kernels[] = {
        [DD_VEXP] = dd_vexp_portable,         [DD_VLOG] = dd_vlog_portable,
        [DD_VLOG1P] = dd_vlog1p_portable,     [DD_VTANH] = dd_vtanh_portable,
        [DD_VSIGMOID] = dd_vsigmoid_portable, [DD_VSOFTPLUS] = dd_vsoftplus_portable,
        [DD_VERF] = dd_verf_portable,
    };
    kernels[function](input, output, count);
}
