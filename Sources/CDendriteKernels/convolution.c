// Sliding-window kernels on channels-last images (im2col/col2im for convolution, pooling) and the
// per-channel loops of batch normalisation. Plain C: the compiler vectorises the channel loops, and
// in debug builds these run far faster than the same loops in unoptimised Swift.

#include "dendrite_convolution.h"

#include "dendrite_gemm.h"

#include <math.h>
#include <string.h>

#if defined(__x86_64__) || defined(_M_X64) || defined(__i386__)
#define CONV_X86 1
#include <immintrin.h>
#else
#define CONV_X86 0
#endif

// MARK: - im2col / col2im

void dendrite_im2col(const float *x, const dendrite_window *g, float *columns) {
    const ptrdiff_t H = g->height, W = g->width, C = g->channels;
    const ptrdiff_t KH = g->window_height, KW = g->window_width;
    const ptrdiff_t tapRow = KW * C;
    float *out = columns;
    for (ptrdiff_t b = 0; b < g->n; b++) {
        const float *image = x + b * H * W * C;
        for (ptrdiff_t oy = 0; oy < g->output_height; oy++) {
            for (ptrdiff_t ox = 0; ox < g->output_width; ox++) {
                const ptrdiff_t x0 = ox * g->stride_width - g->pad_left;
                const int rowInside = x0 >= 0 && x0 + (KW - 1) * g->dilation_width < W;
                for (ptrdiff_t i = 0; i < KH; i++) {
                    const ptrdiff_t y = oy * g->stride_height + i * g->dilation_height - g->pad_top;
                    if (y < 0 || y >= H) {
                        memset(out, 0, (size_t)tapRow * sizeof(float));
                        out += tapRow;
                        continue;
                    }
                    const float *source = image + (y * W) * C;
                    if (rowInside && g->dilation_width == 1) {
                        // The KW taps of this row are contiguous in NHWC; short runs (one channel)
                        // are cheaper as a loop than as a memcpy call.
                        const float *run = source + x0 * C;
                        if (tapRow <= 16) for (ptrdiff_t t = 0; t < tapRow; t++) out[t] = run[t];
                        else memcpy(out, run, (size_t)tapRow * sizeof(float));
                        out += tapRow;
                        continue;
                    }
                    for (ptrdiff_t j = 0; j < KW; j++) {
                        const ptrdiff_t xx = x0 + j * g->dilation_width;
                        if (xx < 0 || xx >= W) memset(out, 0, (size_t)C * sizeof(float));
                        else memcpy(out, source + xx * C, (size_t)C * sizeof(float));
                        out += C;
                    }
                }
            }
        }
    }
}

void dendrite_col2im(const float *columns, const dendrite_window *g, float *dx) {
    const ptrdiff_t H = g->height, W = g->width, C = g->channels;
    const ptrdiff_t KH = g->window_height, KW = g->window_width;
    memset(dx, 0, (size_t)(g->n * H * W * C) * sizeof(float));
    const float *in = columns;
    for (ptrdiff_t b = 0; b < g->n; b++) {
        float *image = dx + b * H * W * C;
        for (ptrdiff_t oy = 0; oy < g->output_height; oy++) {
            for (ptrdiff_t ox = 0; ox < g->output_width; ox++) {
                const ptrdiff_t x0 = ox * g->stride_width - g->pad_left;
                for (ptrdiff_t i = 0; i < KH; i++) {
                    const ptrdiff_t y = oy * g->stride_height + i * g->dilation_height - g->pad_top;
                    if (y < 0 || y >= H) { in += KW * C; continue; }
                    float *target = image + (y * W) * C;
                    for (ptrdiff_t j = 0; j < KW; j++, in += C) {
                        const ptrdiff_t xx = x0 + j * g->dilation_width;
                        if (xx < 0 || xx >= W) continue;
                        float *t = target + xx * C;
                        for (ptrdiff_t c = 0; c < C; c++) t[c] += in[c];
                    }
                }
            }
        }
    }
}

// MARK: - Pooling

// The window of output (oy, ox) clipped to the image: rows [*y0, *y1), columns [*x0, *x1).
static inline void clipped_window(const dendrite_window *g, ptrdiff_t oy, ptrdiff_t ox,
                                  ptrdiff_t *y0, ptrdiff_t *y1, ptrdiff_t *x0, ptrdiff_t *x1) {
    const ptrdiff_t top = oy * g->stride_height - g->pad_top, left = ox * g->stride_width - g->pad_left;
    *y0 = top < 0 ? 0 : top;
    *y1 = top + g->window_height > g->height ? g->height : top + g->window_height;
    *x0 = left < 0 ? 0 : left;
    *x1 = left + g->window_width > g->width ? g->width : left + g->window_width;
}

// Max pooling of channels [c0, C) of one output pixel, portable code. A NaN always wins.
static void max_pool_pixel(const float *image, ptrdiff_t W, ptrdiff_t C, ptrdiff_t c0, ptrdiff_t y0, ptrdiff_t y1,
                           ptrdiff_t x0, ptrdiff_t x1, float *best, int32_t *where) {
    const ptrdiff_t first = (y0 * W + x0) * C;
    for (ptrdiff_t c = c0; c < C; c++) { best[c] = image[first + c]; where[c] = (int32_t)(first + c); }
    for (ptrdiff_t yy = y0; yy < y1; yy++)
        for (ptrdiff_t xx = (yy == y0 ? x0 + 1 : x0); xx < x1; xx++) {
            const ptrdiff_t offset = (yy * W + xx) * C;
            for (ptrdiff_t c = c0; c < C; c++) {
                const float v = image[offset + c];
                if (v > best[c] || v != v) { best[c] = v; where[c] = (int32_t)(offset + c); }
            }
        }
}

#if CONV_X86
// Eight channels at a time with blends: the portable loop's data-dependent branches mispredict
// on every other element of real data.
__attribute__((target("avx2")))
static void max_pool_avx2(const float *x, const dendrite_window *g, float *y, int32_t *argmax) {
    const ptrdiff_t H = g->height, W = g->width, C = g->channels, vectorEnd = C / 8 * 8;
    const __m256i lanes = _mm256_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7);
    for (ptrdiff_t b = 0; b < g->n; b++) {
        const float *image = x + b * H * W * C;
        for (ptrdiff_t oy = 0; oy < g->output_height; oy++) {
            for (ptrdiff_t ox = 0; ox < g->output_width; ox++) {
                const ptrdiff_t o = ((b * g->output_height + oy) * g->output_width + ox) * C;
                ptrdiff_t y0, y1, x0, x1;
                clipped_window(g, oy, ox, &y0, &y1, &x0, &x1);
                const ptrdiff_t first = (y0 * W + x0) * C;
                for (ptrdiff_t c = 0; c < vectorEnd; c += 8) {
                    __m256 best = _mm256_loadu_ps(image + first + c);
                    __m256 where = _mm256_castsi256_ps(_mm256_add_epi32(_mm256_set1_epi32((int32_t)(first + c)), lanes));
                    for (ptrdiff_t yy = y0; yy < y1; yy++)
                        for (ptrdiff_t xx = (yy == y0 ? x0 + 1 : x0); xx < x1; xx++) {
                            const ptrdiff_t offset = (yy * W + xx) * C + c;
                            const __m256 v = _mm256_loadu_ps(image + offset);
                            const __m256 wins = _mm256_or_ps(_mm256_cmp_ps(v, best, _CMP_GT_OQ),
                                                             _mm256_cmp_ps(v, v, _CMP_UNORD_Q));
                            best = _mm256_blendv_ps(best, v, wins);
                            const __m256i here = _mm256_add_epi32(_mm256_set1_epi32((int32_t)offset), lanes);
                            where = _mm256_blendv_ps(where, _mm256_castsi256_ps(here), wins);
                        }
                    _mm256_storeu_ps(y + o + c, best);
                    _mm256_storeu_si256((__m256i *)(argmax + o + c), _mm256_castps_si256(where));
                }
                if (vectorEnd < C) max_pool_pixel(image, W, C, vectorEnd, y0, y1, x0, x1, y + o, argmax + o);
            }
        }
    }
}
#endif

void dendrite_max_pool2d(const float *x, const dendrite_window *g, float *y, int32_t *argmax) {
#if CONV_X86
    if (g->channels >= 8 && dendrite_gemm_uses_avx2()) { max_pool_avx2(x, g, y, argmax); return; }
#endif
    const ptrdiff_t H = g->height, W = g->width, C = g->channels;
    for (ptrdiff_t b = 0; b < g->n; b++) {
        const float *image = x + b * H * W * C;
        for (ptrdiff_t oy = 0; oy < g->output_height; oy++) {
            for (ptrdiff_t ox = 0; ox < g->output_width; ox++) {
                const ptrdiff_t o = ((b * g->output_height + oy) * g->output_width + ox) * C;
                ptrdiff_t y0, y1, x0, x1;
                clipped_window(g, oy, ox, &y0, &y1, &x0, &x1);
                max_pool_pixel(image, W, C, 0, y0, y1, x0, x1, y + o, argmax + o);
            }
        }
    }
}

void dendrite_max_pool2d_backward(const float *dy, const int32_t *argmax, const dendrite_window *g, float *dx) {
    const ptrdiff_t image = g->height * g->width * g->channels;
    const ptrdiff_t perImage = g->output_height * g->output_width * g->channels;
    memset(dx, 0, (size_t)(g->n * image) * sizeof(float));
    for (ptrdiff_t b = 0; b < g->n; b++) {
        float *target = dx + b * image;
        const float *source = dy + b * perImage;
        const int32_t *where = argmax + b * perImage;
        for (ptrdiff_t o = 0; o < perImage; o++) target[where[o]] += source[o];
    }
}

void dendrite_avg_pool2d(const float *x, const dendrite_window *g, float *y) {
    const ptrdiff_t H = g->height, W = g->width, C = g->channels;
    for (ptrdiff_t b = 0; b < g->n; b++) {
        const float *image = x + b * H * W * C;
        for (ptrdiff_t oy = 0; oy < g->output_height; oy++) {
            for (ptrdiff_t ox = 0; ox < g->output_width; ox++) {
                float *out = y + ((b * g->output_height + oy) * g->output_width + ox) * C;
                ptrdiff_t y0, y1, x0, x1;
                clipped_window(g, oy, ox, &y0, &y1, &x0, &x1);
                for (ptrdiff_t c = 0; c < C; c++) out[c] = 0;
                for (ptrdiff_t yy = y0; yy < y1; yy++)
                    for (ptrdiff_t xx = x0; xx < x1; xx++) {
                        const float *v = image + (yy * W + xx) * C;
                        for (ptrdiff_t c = 0; c < C; c++) out[c] += v[c];
                    }
                const float scale = 1.0f / (float)((y1 - y0) * (x1 - x0));
                for (ptrdiff_t c = 0; c < C; c++) out[c] *= scale;
            }
        }
    }
}

void dendrite_avg_pool2d_backward(const float *dy, const dendrite_window *g, float *dx) {
    const ptrdiff_t H = g->height, W = g->width, C = g->channels;
    memset(dx, 0, (size_t)(g->n * H * W * C) * sizeof(float));
    for (ptrdiff_t b = 0; b < g->n; b++) {
        float *image = dx + b * H * W * C;
        for (ptrdiff_t oy = 0; oy < g->output_height; oy++) {
            for (ptrdiff_t ox = 0; ox < g->output_width; ox++) {
                const float *in = dy + ((b * g->output_height + oy) * g->output_width + ox) * C;
                ptrdiff_t y0, y1, x0, x1;
                clipped_window(g, oy, ox, &y0, &y1, &x0, &x1);
                const float scale = 1.0f / (float)((y1 - y0) * (x1 - x0));
                for (ptrdiff_t yy = y0; yy < y1; yy++)
                    for (ptrdiff_t xx = x0; xx < x1; xx++) {
                        float *t = image + (yy * W + xx) * C;
                        for (ptrdiff_t c = 0; c < C; c++) t[c] += in[c] * scale;
                    }
            }
        }
    }
}

// MARK: - Per-channel loops (batch normalisation, bias gradients)

void dendrite_column_moments(const float *x, ptrdiff_t rows, ptrdiff_t columns, double *mean, double *variance) {
    for (ptrdiff_t c = 0; c < columns; c++) { mean[c] = 0; variance[c] = 0; }
    for (ptrdiff_t r = 0; r < rows; r++) {
        const float *row = x + r * columns;
        for (ptrdiff_t c = 0; c < columns; c++) mean[c] += row[c];
    }
    for (ptrdiff_t c = 0; c < columns; c++) mean[c] /= (double)(rows > 0 ? rows : 1);
    for (ptrdiff_t r = 0; r < rows; r++) {
        const float *row = x + r * columns;
        for (ptrdiff_t c = 0; c < columns; c++) {
            const double d = row[c] - mean[c];
            variance[c] += d * d;
        }
    }
    for (ptrdiff_t c = 0; c < columns; c++) variance[c] /= (double)(rows > 0 ? rows : 1);
}

void dendrite_column_gradient_sums(const float *g, const float *x, const double *center, ptrdiff_t rows,
                                   ptrdiff_t columns, double *sum_g, double *sum_gx) {
    for (ptrdiff_t c = 0; c < columns; c++) { sum_g[c] = 0; if (x) sum_gx[c] = 0; }
    for (ptrdiff_t r = 0; r < rows; r++) {
        const float *gr = g + r * columns;
        for (ptrdiff_t c = 0; c < columns; c++) sum_g[c] += gr[c];
        if (!x) continue;
        const float *xr = x + r * columns;
        for (ptrdiff_t c = 0; c < columns; c++) sum_gx[c] += (double)gr[c] * ((double)xr[c] - center[c]);
    }
}

void dendrite_column_affine(const float *u, const float *a, const float *v, const float *b, const float *d,
                            ptrdiff_t rows, ptrdiff_t columns, float *out) {
    for (ptrdiff_t r = 0; r < rows; r++) {
        const float *ur = u + r * columns;
        float *o = out + r * columns;
        if (v) {
            const float *vr = v + r * columns;
            for (ptrdiff_t c = 0; c < columns; c++) o[c] = a[c] * ur[c] + b[c] * vr[c] + d[c];
        } else {
            for (ptrdiff_t c = 0; c < columns; c++) o[c] = a[c] * ur[c] + d[c];
        }
    }
}

void dendrite_relu_backward(const float *restrict gradient, const float *restrict output, ptrdiff_t count,
                            float *restrict out) {
    // Unconditional loads, so the compiler emits a vector select rather than a branch per element.
    for (ptrdiff_t i = 0; i < count; i++) {
        const float g = gradient[i];
        out[i] = output[i] > 0 ? g : 0.0f;
    }
}
