// Umbrella header of Dendrite's C kernels: matrix products and affine chains, convolution and pooling, vectorised transcendentals,
// optimizer updates and finite-value checks.
#include "dendrite_gemm.h"
#include "dendrite_convolution.h"
#include "dendrite_vecmath.h"
#include "dendrite_optimizers.h"
#include "dendrite_finite.h"
#include "dendrite_chain.h"
