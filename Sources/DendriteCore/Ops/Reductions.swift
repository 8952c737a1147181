// Sums, means, extremes and variances along axes, with their gradients.

extension Tensor {
    /// Resolves and sorts axes; nil means every axis.
    private func reductionAxes(_ axes: [Int]?, _ name: String) -> [Int] {
        guard let axes else { return Array(0..<rank) }
        let resolved = Set(axes.map { Shape.axis($0, rank: rank, operation: name) })
        precondition(resolved.count == axes.count, "\(name): repeated axis in \(axes)")
        return resolved.sorted()
    }

    private func reducedShape(_ axes: [Int], keepingDimensions: Bool) -> [Int] {
        keepingDimensions
            ? shape.enumerated().map { axes.contains($0.offset) ? 1 : $0.element }
            : shape.enumerated().filter { !axes.contains($0.offset) }.map(\.element)
    }

    /// Applies a one-axis reduction kernel to each axis in turn (last first), keeping dimensions.
    private func reduceKeepingDimensions(
        _ axes: [Int], _ kernel: (UnsafePointer<Float>, Int, Int, Int) -> TensorStorage
    ) -> Tensor {
        var current = detached()
        for axis in axes.reversed() {
            let outer = current.shape[..<axis].reduce(1, *)
            let inner = current.shape[(axis + 1)...].reduce(1, *)
            let storage = kernel(current.buffer.baseAddress!, outer, current.shape[axis], inner)
            var newShape = current.shape
            newShape[axis] = 1
            current = Tensor(shape: newShape, storage: storage)
        }
        return current
    }

    /// Sum over `axes` (all axes when nil).
    public func sum(alongAxes axes: [Int]? = nil, keepingDimensions: Bool = false) -> Tensor {
        let axes = reductionAxes(axes, "sum")
        let kept = reduceKeepingDimensions(axes) { Reduction.sum($0, outer: $1, length: $2, inner: $3) }
        let resultShape = reducedShape(axes, keepingDimensions: keepingDimensions)
        let inputShape = shape, keptShape = kept.shape
        return Tensor.recorded("sum", shape: resultShape, storage: kept.storage, inputs: [self]) { g in
            [g.reshaped(keptShape).broadcast(to: inputShape)]
        }
    }

    /// Sum over one axis.
    public func sum(alongAxis axis: Int, keepingDimensions: Bool = false) -> Tensor {
        sum(alongAxes: [axis], keepingDimensions: keepingDimensions)
    }

    /// Mean over `axes` (all axes when nil).
    public func mean(alongAxes axes: [Int]? = nil, keepingDimensions: Bool = false) -> Tensor {
        let resolved = reductionAxes(axes, "mean")
        precondition(count > 0, "mean: empty tensor of shape \(shape)")
        let size = resolved.reduce(1) { $0 * shape[$1] }
        return sum(alongAxes: resolved, keepingDimensions: keepingDimensions) / Float(size)
    }

    /// Mean over one axis.
    public func mean(alongAxis axis: Int, keepingDimensions: Bool = false) -> Tensor {
        mean(alongAxes: [axis], keepingDimensions: keepingDimensions)
    }

    /// Variance over `axes`, dividing by `n − correction` (0: population variance, as NumPy and
    /// Keras; 1: the sample variance that `torch.var` gives by default).
    public func variance(alongAxes axes: [Int]? = nil, keepingDimensions: Bool = false,
                         correction: Int = 0) -> Tensor {
        let resolved = reductionAxes(axes, "variance")
        let size = resolved.reduce(1) { $0 * shape[$1] }
        precondition(size > correction, "variance: \(size) elements with correction \(correction)")
        let centered = self - mean(alongAxes: resolved, keepingDimensions: true)
        return centered.squared().sum(alongAxes: resolved, keepingDimensions: keepingDimensions)
            / Float(size - correction)
    }

    private func extreme(_ axes: [Int]?, keepingDimensions: Bool, greatest: Bool) -> Tensor {
        let name = greatest ? "max" : "min"
        let axes = reductionAxes(axes, name)
        precondition(count > 0, "\(name): empty tensor of shape \(shape)")
        let kept = reduceKeepingDimensions(axes) {
            Reduction.extreme($0, outer: $1, length: $2, inner: $3, greatest: greatest)
        }
        let resultShape = reducedShape(axes, keepingDimensions: keepingDimensions)
        let input = detached()
        return Tensor.recorded(name, shape: resultShape, storage: kept.storage, inputs: [self]) { g in
            // Ties share the gradient evenly (torch.amax / amin).
            let winners = Tensor.zipMap(input, kept.broadcast(to: input.shape)) { x, m in x == m ? 1 : 0 }
            let ties = winners.sum(alongAxes: axes, keepingDimensions: true)
            return [winners * (g.reshaped(kept.shape) / ties)]
        }
    }

    /// Largest element over `axes` (all when nil).
    public func max(alongAxes axes: [Int]? = nil, keepingDimensions: Bool = false) -> Tensor {
        extreme(axes, keepingDimensions: keepingDimensions, greatest: true)
    }

    /// Smallest element over `axes` (all when nil).
    public func min(alongAxes axes: [Int]? = nil, keepingDimensions: Bool = false) -> Tensor {
        extreme(axes, keepingDimensions: keepingDimensions, greatest: false)
    }

    /// Index of the largest element along `axis` (first on ties), as Float values; not differentiable.
    public func argmax(alongAxis axis: Int = -1) -> Tensor { argExtreme(axis, greatest: true, "argmax") }

    /// Index of the smallest element along `axis` (first on ties), as Float values; not differentiable.
    public func argmin(alongAxis axis: Int = -1) -> Tensor { argExtreme(axis, greatest: false, "argmin") }

    private func argExtreme(_ axis: Int, greatest: Bool, _ name: String) -> Tensor {
        let axis = Shape.axis(axis, rank: rank, operation: name)
        precondition(shape[axis] > 0, "\(name): empty axis in shape \(shape)")
        let outer = shape[..<axis].reduce(1, *), inner = shape[(axis + 1)...].reduce(1, *)
        let storage = Reduction.argmax(buffer.baseAddress!, outer: outer, length: shape[axis], inner: inner,
                                       greatest: greatest)
        return Tensor(shape: reducedShape([axis], keepingDimensions: false), storage: storage)
    }

    /// log Σ eˣ over `axes`, computed stably by subtracting the maximum first.
    public func logSumExp(alongAxes axes: [Int]? = nil, keepingDimensions: Bool = false) -> Tensor {
        let resolved = reductionAxes(axes, "logSumExp")
        let shift = detached().max(alongAxes: resolved, keepingDimensions: true)
        let finiteShift = Tensor.zipMap(shift, shift) { m, _ in m.isFinite ? m : 0 }
        let result = (self - finiteShift).exp().sum(alongAxes: resolved, keepingDimensions: true).log()
            + finiteShift
        return keepingDimensions ? result : result.reshaped(reducedShape(resolved, keepingDimensions: false))
    }
}
