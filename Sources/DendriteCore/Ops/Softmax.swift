// Softmax and log-softmax along an axis, each with its closed-form backward pass.

extension Tensor {
    /// e^(x − max) / Σ e^(x − max) along `axis` (stable for large inputs).
    ///
    /// Backward: `dx = y ⊙ (g − Σ g ⊙ y)`.
    public func softmax(alongAxis axis: Int = -1) -> Tensor {
        let axis = Shape.axis(axis, rank: rank, operation: "softmax")
        let y: Tensor
        if axis == rank - 1 {
            y = Tensor(shape: shape, storage: Self.lastAxisSoftmax(buffer.baseAddress!, rows: count / Swift.max(shape[axis], 1),
                                                                    length: shape[axis]))
        } else {
            let x = detached()
            let shifted = x - x.max(alongAxes: [axis], keepingDimensions: true)
            let exponentials = shifted.exp()
            y = exponentials / exponentials.sum(alongAxes: [axis], keepingDimensions: true)
        }
        // Inference (nothing to record) returns before the pullback's captures are built.
        guard GradientMode.isEnabled, node != nil else { return y }
        return Tensor.recorded("softmax", shape: shape, storage: y.storage, inputs: [self]) { g in
            [y * (g - (g * y).sum(alongAxes: [axis], keepingDimensions: true))]
        }
    }

    /// x − log Σ eˣ along `axis` (stable).
    ///
    /// Backward: `dx = g − softmax(x) · Σ g`.
    public func logSoftmax(alongAxis axis: Int = -1) -> Tensor {
        let axis = Shape.axis(axis, rank: rank, operation: "logSoftmax")
        let x = detached()
        // Subtract the maximum before the log-sum, not after: at large magnitudes x − lse(x)
        // would lose the low bits that (x − max) − log Σ e^(x − max) keeps.
        let shifted = x - x.max(alongAxes: [axis], keepingDimensions: true)
        let y = shifted - shifted.exp().sum(alongAxes: [axis], keepingDimensions: true).log()
        return Tensor.recorded("logSoftmax", shape: shape, storage: y.storage, inputs: [self]) { g in
            [g - y.exp() * g.sum(alongAxes: [axis], keepingDimensions: true)]
        }
    }
}

extension Tensor {
    /// Softmax of each row of `x[rows][length]` in three passes over one buffer, with the same
    /// arithmetic as the composed operations (max with NaN winning, x − max, one vectorised exp
    /// over the whole buffer, a Double sum per row, one division per element), so the values are
    /// identical; it only skips the intermediate tensors.
    package static func lastAxisSoftmax(_ x: UnsafePointer<Float>, rows: Int, length: Int) -> TensorStorage {
        let result = TensorStorage(count: rows * length)
        let out = result.pointer
        let greatest = Reduction.extreme(x, outer: rows, length: length, inner: 1, greatest: true)
        for row in 0..<rows {
            let (input, line, shift) = (x + row * length, out + row * length, greatest.pointer[row])
            for j in 0..<length { line[j] = input[j] - shift }
        }
        VectorMath.exp(out, out, count: rows * length)
        let sums = Reduction.sum(out, outer: rows, length: length, inner: 1)
        for row in 0..<rows {
            let (line, sum) = (out + row * length, sums.pointer[row])
            for j in 0..<length { line[j] /= sum }
        }
        return result
    }
}
