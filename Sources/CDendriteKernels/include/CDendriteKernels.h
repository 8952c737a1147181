// Umbrella header of Dendrite's C kernels: matrix products and vectorised transcendentals.
#include "dendrite_gemm.h"
#include "dendrite_vecmath.h"
