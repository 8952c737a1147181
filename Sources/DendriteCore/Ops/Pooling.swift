import CDendriteKernels

// Max and average pooling of channels-last inputs, forward and backward side by side.

extension Tensor {
    /// The geometry of a pooling window over an `[batch, height, width, channels]` tensor.
    fileprivate func poolingWindow(_ name: String, poolSize: (Int, Int), strides: (Int, Int)?,
                                   padding: Padding) -> dendrite_window {
        let strides = strides ?? poolSize
        precondition(rank == 4, "\(name): input of shape \(shape) is not [batch, height, width, channels]")
        let rows = WindowAxis(input: shape[1], window: poolSize.0, stride: strides.0, padding: padding)
        let columns = WindowAxis(input: shape[2], window: poolSize.1, stride: strides.1, padding: padding)
        precondition(rows.isUsable && columns.isUsable,
                     "\(name): pool \(poolSize) (strides \(strides), \(padding)) does not fit input \(shape)")
        return WindowKernels.window(batch: shape[0], channels: shape[3], rows, columns)
    }
}

/// 2-D max pooling: `y[b, p, q, c] = max` over the window at `(p·sh − top, q·sw − left)`, taps in the
/// padding ignored. The gradient goes to the first maximum of each window (as TF and PyTorch).
///
/// Shapes: `[batch, height, width, c] → [batch, outHeight, outWidth, c]` (sizes as ``WindowAxis/output``).
/// Defaults: strides = pool size, `.valid`.
public func maxPool2d(_ input: Tensor, poolSize: (Int, Int), strides: (Int, Int)? = nil,
                      padding: Padding = .valid) -> Tensor {
    let g = input.poolingWindow("maxPool2d", poolSize: poolSize, strides: strides, padding: padding)
    let shape = [g.n, g.output_height, g.output_width, g.channels]
    let count = Shape.count(shape), inputShape = input.shape
    let output = TensorStorage(count: count)
    let winners = [Int32](unsafeUninitializedCapacity: count) { buffer, initialized in
        WindowKernels.maxPool(input.buffer.baseAddress!, g, into: output.pointer, argmax: buffer.baseAddress!)
        initialized = count
    }
    return Tensor.recorded("maxPool2d", shape: shape, storage: output, inputs: [input]) { gradient in
        let dx = TensorStorage(count: Shape.count(inputShape))
        winners.withUnsafeBufferPointer {
            WindowKernels.maxPoolBackward(gradient.buffer.baseAddress!, argmax: $0.baseAddress!, g, into: dx.pointer)
        }
        return [Tensor(shape: inputShape, storage: dx)]
    }
}

/// 2-D average pooling: the mean over the window's taps inside the input (padding is not counted,
/// as Keras/TF `same`). Shapes and defaults as ``maxPool2d(_:poolSize:strides:padding:)``.
public func avgPool2d(_ input: Tensor, poolSize: (Int, Int), strides: (Int, Int)? = nil,
                      padding: Padding = .valid) -> Tensor {
    let g = input.poolingWindow("avgPool2d", poolSize: poolSize, strides: strides, padding: padding)
    let shape = [g.n, g.output_height, g.output_width, g.channels]
    let inputShape = input.shape
    let output = TensorStorage(count: Shape.count(shape))
    WindowKernels.averagePool(input.buffer.baseAddress!, g, into: output.pointer)
    return Tensor.recorded("avgPool2d", shape: shape, storage: output, inputs: [input]) { gradient in
        let dx = TensorStorage(count: Shape.count(inputShape))
        WindowKernels.averagePoolBackward(gradient.buffer.baseAddress!, g, into: dx.pointer)
        return [Tensor(shape: inputShape, storage: dx)]
    }
}

/// 1-D max pooling of `[batch, steps, c]` sequences (``maxPool2d(_:poolSize:strides:padding:)`` on
/// images one row high). Defaults: stride = pool size, `.valid`.
public func maxPool1d(_ input: Tensor, poolSize: Int, stride: Int? = nil, padding: Padding = .valid) -> Tensor {
    precondition(input.rank == 3, "maxPool1d: input of shape \(input.shape) is not [batch, steps, channels]")
    return maxPool2d(input.expandingDimensions(at: 1), poolSize: (1, poolSize), strides: (1, stride ?? poolSize),
                     padding: padding).squeezed(axis: 1)
}
