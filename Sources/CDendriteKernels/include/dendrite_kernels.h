// Umbrella header of Dendrite's C kernels (AVX2/FMA per function, portable fallbacks).
#ifndef DENDRITE_KERNELS_H
#define DENDRITE_KERNELS_H
#endif
