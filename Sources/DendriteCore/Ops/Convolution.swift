// Convolutions of channels-last inputs, forward and backward side by side.

/// 2-D convolution (cross-correlation, as in every deep-learning library) of channels-last images:
///
///     y[b, p, q, o] = Σᵢ Σⱼ Σ_c x[b, p·sh + i·dh − top, q·sw + j·dw − left, c] · kernel[i, j, c, o] + bias[o]
///
/// Shapes: input `[batch, height, width, in]`, kernel `[kh, kw, in, out]` (Keras' layout), bias `[out]`,
/// output `[batch, outHeight, outWidth, out]`, sizes as ``WindowAxis/output`` (`.valid`:
/// ⌊(size − span) / stride⌋ + 1; `.same`: ⌈size / stride⌉, zero padding, the odd one bottom/right).
/// Defaults: strides (1, 1), `.valid`, dilation (1, 1), no bias.
///
/// Computed as im2col and one matrix product, `Y[b·OH·OW, out] = X̂[b·OH·OW, kh·kw·in] · K[kh·kw·in, out]`;
/// backward `dK = X̂ᵀ · dY`, `dbias = Σ_rows dY`, `dX = col2im(dY · Kᵀ)`, each only when needed.
public func conv2d(_ input: Tensor, _ kernel: Tensor, bias: Tensor? = nil, strides: (Int, Int) = (1, 1),
                   padding: Padding = .valid, dilation: (Int, Int) = (1, 1)) -> Tensor {
    conv2d(input, kernel, bias: bias, strides: strides, padding: padding, dilation: dilation, relu: false)
}

/// ``conv2d(_:_:bias:strides:padding:dilation:)`` followed by ReLU when `relu`, fused: the bias and
/// the ReLU are applied in one pass over the GEMM's output, and the pullback masks the gradient
/// with the saved output before the convolution's own backward pass.
package func conv2d(_ input: Tensor, _ kernel: Tensor, bias: Tensor?, strides: (Int, Int), padding: Padding,
                    dilation: (Int, Int), relu: Bool) -> Tensor {
    precondition(input.rank == 4 && kernel.rank == 4 && input.shape[3] == kernel.shape[2],
                 "conv2d: input \(input.shape) and kernel \(kernel.shape) do not fit ([batch, height, width, c] and [kh, kw, c, out])")
    let (outChannels, kernelShape, inputShape) = (kernel.shape[3], kernel.shape, input.shape)
    precondition(bias == nil || bias!.shape == [outChannels],
                 "conv2d: bias of shape \(bias!.shape) for kernel \(kernel.shape) (expected [\(outChannels)])")
    let rows = WindowAxis(input: input.shape[1], window: kernel.shape[0], stride: strides.0, dilation: dilation.0,
                          padding: padding)
    let columns = WindowAxis(input: input.shape[2], window: kernel.shape[1], stride: strides.1, dilation: dilation.1,
                             padding: padding)
    precondition(rows.isUsable && columns.isUsable,
                 "conv2d: kernel \(kernel.shape) (strides \(strides), dilation \(dilation), \(padding)) does not fit input \(input.shape)")
    let g = WindowKernels.window(batch: input.shape[0], channels: input.shape[3], rows, columns)
    let pixels = g.n * g.output_height * g.output_width
    let depth = kernel.shape[0] * kernel.shape[1] * kernel.shape[2]
    // A 1×1 kernel with unit strides reads the image as it is: no im2col copy.
    let pointwise = kernel.shape[0] == 1 && kernel.shape[1] == 1 && strides == (1, 1)
    let patches: Tensor
    if pointwise {
        patches = input.detached()
    } else {
        let storage = TensorStorage(count: pixels * depth)
        WindowKernels.im2col(input.buffer.baseAddress!, g, into: storage.pointer)
        patches = Tensor(shape: [pixels, depth], storage: storage)
    }
    let output = TensorStorage(count: pixels * outChannels)
    let weights = kernel.detached()
    Gemm.multiply(transposeA: false, transposeB: false, m: pixels, n: outChannels, k: depth,
                  a: patches.buffer.baseAddress!, lda: depth, b: weights.buffer.baseAddress!, ldb: outChannels,
                  c: output.pointer, ldc: outChannels, accumulate: false, bias: bias?.buffer.baseAddress, relu: relu)
    let outputShape = [g.n, g.output_height, g.output_width, outChannels]
    let saved = relu ? Tensor(shape: outputShape, storage: output) : nil

    let (needsInput, needsKernel, needsBias, hasBias) = (input.node != nil, kernel.node != nil, bias?.node != nil, bias != nil)
    let inputs = [input, kernel] + (bias.map { [$0] } ?? [])
    return Tensor.recorded(relu ? "conv2d+relu" : "conv2d", shape: outputShape, storage: output,
                           inputs: inputs) { gradient in
        let masked = saved.map { ChannelKernels.reluPullback(gradient, output: $0) } ?? gradient
        let dy = masked.buffer.baseAddress!
        // dy is a raw pointer into `masked`, which must live until the last kernel has read it.
        defer { withExtendedLifetime(masked) {} }
        var dKernel: Tensor?, dInput: Tensor?
        if needsKernel {
            let storage = TensorStorage(count: depth * outChannels)
            Gemm.multiply(transposeA: true, transposeB: false, m: depth, n: outChannels, k: pixels,
                          a: patches.buffer.baseAddress!, lda: depth, b: dy, ldb: outChannels,
                          c: storage.pointer, ldc: outChannels, accumulate: false)
            dKernel = Tensor(shape: kernelShape, storage: storage)
        }
        if needsInput {
            let patchGradient = TensorStorage(count: pixels * depth)
            Gemm.multiply(transposeA: false, transposeB: true, m: pixels, n: depth, k: outChannels,
                          a: dy, lda: outChannels, b: weights.buffer.baseAddress!, ldb: outChannels,
                          c: patchGradient.pointer, ldc: depth, accumulate: false)
            if pointwise {
                dInput = Tensor(shape: inputShape, storage: patchGradient)
            } else {
                let storage = TensorStorage(count: Shape.count(inputShape))
                WindowKernels.col2im(patchGradient.pointer, g, into: storage.pointer)
                dInput = Tensor(shape: inputShape, storage: storage)
            }
        }
        guard hasBias else { return [dInput, dKernel] }
        let dBias = needsBias
            ? Tensor(shape: [outChannels], storage: ChannelKernels.columnSums(dy, rows: pixels, channels: outChannels))
            : nil
        return [dInput, dKernel, dBias]
    }
}

/// 1-D convolution of channels-last sequences: `y[b, t, o] = Σᵢ Σ_c x[b, t·stride + i·dilation − left, c] · kernel[i, c, o] + bias[o]`.
///
/// Shapes: input `[batch, steps, in]`, kernel `[k, in, out]` (Keras' layout), bias `[out]`, output
/// `[batch, outSteps, out]`. It is ``conv2d(_:_:bias:strides:padding:dilation:)`` on images one row high.
public func conv1d(_ input: Tensor, _ kernel: Tensor, bias: Tensor? = nil, stride: Int = 1, padding: Padding = .valid,
                   dilation: Int = 1) -> Tensor {
    precondition(input.rank == 3 && kernel.rank == 3,
                 "conv1d: input \(input.shape) and kernel \(kernel.shape) must be [batch, steps, c] and [k, c, out]")
    return conv2d(input.expandingDimensions(at: 1), kernel.expandingDimensions(at: 0), bias: bias,
                  strides: (1, stride), padding: padding, dilation: (1, dilation)).squeezed(axis: 1)
}
