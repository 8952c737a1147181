#ifndef DENDRITE_VECMATH_H
#define DENDRITE_VECMATH_H

#include <stdbool.h>
#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

/*
 * Element-wise transcendental functions over float arrays: output[i] = f(input[i]) for
 * i in 0..<count. `output` may be the same pointer as `input` (in place); other overlaps are
 * not supported.
 *
 * On x86-64 CPUs with AVX2 and FMA the work is done eight lanes at a time with polynomial
 * approximations (maximum error about 2 ulp, see vecmath.c); elsewhere the C library's float
 * functions are used. Every element goes through the same code whatever its position, so a
 * value's result never depends on the array length.
 *
 * Special values follow the C library: exp(-inf) = 0, exp(x > 88.72...) = +inf,
 * log(0) = -inf, log(x < 0) = NaN, tanh saturates to exactly +-1, sigmoid stays in [0, 1],
 * and NaN in gives NaN out.
 */

/* e^x */
void dd_vexp(const float *input, float *output, size_t count);
/* Natural logarithm. */
void dd_vlog(const float *input, float *output, size_t count);
/* log(1 + x), accurate for small x. */
void dd_vlog1p(const float *input, float *output, size_t count);
/* Hyperbolic tangent. */
void dd_vtanh(const float *input, float *output, size_t count);
/* 1 / (1 + e^-x), without overflow for large |x|. */
void dd_vsigmoid(const float *input, float *output, size_t count);
/* log(1 + e^x) = max(x, 0) + log1p(e^-|x|), without overflow for large x. */
void dd_vsoftplus(const float *input, float *output, size_t count);
/* Error function, (2 / sqrt(pi)) * integral from 0 to x of e^(-t^2) dt (for exact GELU). */
void dd_verf(const float *input, float *output, size_t count);

/* The functions above, for choosing one at run time. */
typedef enum dd_vfunction {
    DD_VEXP,
    DD_VLOG,
    DD_VLOG1P,
    DD_VTANH,
    DD_VSIGMOID,
    DD_VSOFTPLUS,
    DD_VERF,
} dd_vfunction;

/* Runs `function` through the portable C-library path even when AVX2 is available, so tests
 * can check that path on any machine. */
void dd_vportable(dd_vfunction function, const float *input, float *output, size_t count);

/* Whether the dd_v* functions take the AVX2/FMA path on this CPU. */
bool dd_vecmath_uses_avx2(void);

#ifdef __cplusplus
}
#endif

#endif
