// Element-wise optimizer updates (AVX2 per function, portable fallback).
#ifndef DENDRITE_OPTIMIZERS_H
#define DENDRITE_OPTIMIZERS_H

#include <stdbool.h>
#include <stddef.h>

/// One Adam step over n elements, in Keras' order and rounding (no fused multiply-adds):
///   m += (g - m) * one_minus_beta1
///   v += (g * g - v) * one_minus_beta2
///   w -= alpha * m / (sqrt(v) + epsilon)
void dd_adam_step(float *w, const float *g, float *m, float *v, size_t n, float alpha,
                  float one_minus_beta1, float one_minus_beta2, float epsilon);

/// Forces the portable path (for tests on machines with AVX2).
void dd_adam_step_portable(float *w, const float *g, float *m, float *v, size_t n, float alpha,
                           float one_minus_beta1, float one_minus_beta2, float epsilon);

#endif
