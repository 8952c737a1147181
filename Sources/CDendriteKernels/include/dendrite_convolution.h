#ifndef DENDRITE_CONVOLUTION_H
#define DENDRITE_CONVOLUTION_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/// The sliding-window geometry of a 2-D convolution or pooling on channels-last (NHWC) images:
/// `n` images of `height × width × channels`, a `window_height × window_width` window moved by
/// `stride_*`, its taps `dilation_*` apart, the image padded by `pad_top`/`pad_left` before the
/// first row/column (the bottom/right padding follows from the output size).
typedef struct {
    ptrdiff_t n, height, width, channels;
    ptrdiff_t window_height, window_width;
    ptrdiff_t stride_height, stride_width;
    ptrdiff_t dilation_height, dilation_width;
    ptrdiff_t pad_top, pad_left;
    ptrdiff_t output_height, output_width;
} dendrite_window;

/// im2col: `columns[(b·OH + oy)·OW + ox][(i·KW + j)·C + c] = x[b][oy·SH + i·DH − PT][ox·SW + j·DW − PL][c]`,
/// 0 where the tap falls in the padding. Row length KH·KW·C matches a kernel stored [KH, KW, C, out].
void dendrite_im2col(const float *x, const dendrite_window *g, float *columns);

/// col2im, the adjoint of im2col: dx = Σ of every column entry back at the pixel it was read from.
/// Overwrites dx (all n·H·W·C values).
void dendrite_col2im(const float *columns, const dendrite_window *g, float *dx);

/// Max pooling: y[b][oy][ox][c] = max over the window's taps inside the image (padding is ignored);
/// `argmax` receives, per output, the offset of the winning tap within its image (first one on ties;
/// NaN wins).
void dendrite_max_pool2d(const float *x, const dendrite_window *g, float *y, int32_t *argmax);

/// Max pooling backward: dx[b][argmax] += dy. Overwrites dx.
void dendrite_max_pool2d_backward(const float *dy, const int32_t *argmax, const dendrite_window *g, float *dx);

/// Average pooling over the taps inside the image (padding is not counted, as Keras/TF 'same').
void dendrite_avg_pool2d(const float *x, const dendrite_window *g, float *y);

/// Average pooling backward: every tap of a window receives dy / (taps inside the image). Overwrites dx.
void dendrite_avg_pool2d_backward(const float *dy, const dendrite_window *g, float *dx);

/// Per-column mean and biased (population) variance of x[rows][columns], two passes in double.
void dendrite_column_moments(const float *x, ptrdiff_t rows, ptrdiff_t columns, double *mean, double *variance);

/// Per-column Σ g and, when x is not NULL, Σ g·(x − center) of g, x [rows][columns], in double.
void dendrite_column_gradient_sums(const float *g, const float *x, const double *center, ptrdiff_t rows,
                                   ptrdiff_t columns, double *sum_g, double *sum_gx);

/// out[r][c] = a[c]·u[r][c] + b[c]·v[r][c] + d[c]; v may be NULL (then b is ignored).
void dendrite_column_affine(const float *u, const float *a, const float *v, const float *b, const float *d,
                            ptrdiff_t rows, ptrdiff_t columns, float *out);

/// ReLU's pullback given its output: out[i] = output[i] > 0 ? gradient[i] : 0.
void dendrite_relu_backward(const float *gradient, const float *output, ptrdiff_t count, float *out);

#ifdef __cplusplus
}
#endif

#endif
