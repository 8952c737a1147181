#ifndef DENDRITE_FINITE_H
#define DENDRITE_FINITE_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

/// The index of the first element of x[0..<count] that is NaN or ±infinity, or -1 if all are finite.
/// Reads memory at about the speed of a copy (AVX2 where available), for validating user data.
ptrdiff_t dendrite_first_nonfinite(const float *x, ptrdiff_t count);

#ifdef __cplusplus
}
#endif

#endif
