// Softmax and log-softmax along an axis, each with its closed-form backward pass.

extension Tensor {
    /// e^(x − max) / Σ e^(x − max) along `axis` (stable for large inputs).
    ///
    /// Backward: `dx = y ⊙ (g − Σ g ⊙ y)`.
    public func softmax(alongAxis axis: Int = -1) -> Tensor {
        let axis = Shape.axis(axis, rank: rank, operation: "softmax")
        let x = detached()
        let shifted = x - x.max(alongAxes: [axis], keepingDimensions: true)
        let exponentials = shifted.exp()
        let y = exponentials / exponentials.sum(alongAxes: [axis], keepingDimensions: true)
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
