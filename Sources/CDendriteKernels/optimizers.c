// Optimizer updates. Contraction into fused multiply-adds is off, so each path rounds exactly like
// the reference formulas (and like Keras, which evaluates them operation by operation).
#include "dendrite_optimizers.h"

#include <math.h>

#pragma clang fp contract(off)

static void adam_scalar(float *w, const float *g, float *m, float *v, size_t from, size_t n, float alpha,
                        float c1, float c2, float epsilon) {
    for (size_t i = from; i < n; i++) {
        m[i] += (g[i] - m[i]) * c1;
        v[i] += (g[i] * g[i] - v[i]) * c2;
        w[i] -= alpha * m[i] / (sqrtf(v[i]) + epsilon);
    }
}

void dd_adam_step_portable(float *w, const float *g, float *m, float *v, size_t n, float alpha,
                           float one_minus_beta1, float one_minus_beta2, float epsilon) {
    adam_scalar(w, g, m, v, 0, n, alpha, one_minus_beta1, one_minus_beta2, epsilon);
}

#if defined(__x86_64__) || defined(__i386__)
#include <immintrin.h>

__attribute__((target("avx2")))
static void adam_avx2(float *w, const float *g, float *m, float *v, size_t n, float alpha,
                      float c1, float c2, float epsilon) {
    const __m256 a = _mm256_set1_ps(alpha), k1 = _mm256_set1_ps(c1), k2 = _mm256_set1_ps(c2);
    const __m256 eps = _mm256_set1_ps(epsilon);
    size_t i = 0;
    for (; i + 8 <= n; i += 8) {
        __m256 wi = _mm256_loadu_ps(w + i), gi = _mm256_loadu_ps(g + i);
        __m256 mi = _mm256_loadu_ps(m + i), vi = _mm256_loadu_ps(v + i);
        mi = _mm256_add_ps(mi, _mm256_mul_ps(_mm256_sub_ps(gi, mi), k1));
        vi = _mm256_add_ps(vi, _mm256_mul_ps(_mm256_sub_ps(_mm256_mul_ps(gi, gi), vi), k2));
        __m256 step = _mm256_div_ps(_mm256_mul_ps(a, mi), _mm256_add_ps(_mm256_sqrt_ps(vi), eps));
        _mm256_storeu_ps(w + i, _mm256_sub_ps(wi, step));
        _mm256_storeu_ps(m + i, mi);
        _mm256_storeu_ps(v + i, vi);
    }
    adam_scalar(w, g, m, v, i, n, alpha, c1, c2, epsilon);
}

static int cpu_has_avx2(void) {
    static int cached = -1;
    int value = __atomic_load_n(&cached, __ATOMIC_RELAXED);
    if (value < 0) {
        __builtin_cpu_init();
        value = __builtin_cpu_supports("avx2") ? 1 : 0;
        __atomic_store_n(&cached, value, __ATOMIC_RELAXED);
    }
    return value;
}
#endif

void dd_adam_step(float *w, const float *g, float *m, float *v, size_t n, float alpha,
                  float one_minus_beta1, float one_minus_beta2, float epsilon) {
#if defined(__x86_64__) || defined(__i386__)
    if (cpu_has_avx2()) {
        adam_avx2(w, g, m, v, n, alpha, one_minus_beta1, one_minus_beta2, epsilon);
        return;
    }
#endif
    adam_scalar(w, g, m, v, 0, n, alpha, one_minus_beta1, one_minus_beta2, epsilon);
}
