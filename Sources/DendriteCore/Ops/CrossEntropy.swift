// Cross-entropies computed straight from logits, in the fused, stable forms, each returning the
// per-sample loss. Their backward passes are the classic closed forms (σ(z) − y, softmax(z) − y).

extension Tensor {
    /// Element-wise binary cross-entropy of sigmoid(logits) against targets in [0, 1]:
    /// `max(z, 0) − z·y + log(1 + e^−|z|)`. Backward: `σ(z) − y`.
    public static func sigmoidCrossEntropy(logits: Tensor, targets: Tensor) -> Tensor {
        precondition(logits.shape == targets.shape,
                     "sigmoidCrossEntropy: logits \(logits.shape) and targets \(targets.shape) differ")
        let z = logits.detached(), y = targets.detached()
        let loss = sigmoidCrossEntropyValues(z, y)
        return recorded("sigmoidCrossEntropy", shape: z.shape, storage: loss.storage, inputs: [logits, targets]) { g in
            [sigmoidCrossEntropyDerivative(z, y) * g, nil]
        }
    }

    /// `max(z, 0) − z·y + log(1 + e^−|z|)` element by element: the values of ``sigmoidCrossEntropy(logits:targets:)``.
    package static func sigmoidCrossEntropyValues(_ z: Tensor, _ y: Tensor) -> Tensor {
        Tensor.zipMap(z, y) { z, y in Swift.max(z, 0) - z * y + _log1p(_exp(-z.magnitude)) }
    }

    /// `σ(z) − y` element by element: the derivative of ``sigmoidCrossEntropyValues(_:_:)`` in z.
    package static func sigmoidCrossEntropyDerivative(_ z: Tensor, _ y: Tensor) -> Tensor {
        Tensor(shape: z.shape, storage: Elementwise.zip(z.buffer, y.buffer) { z, y in logistic(z) - y })
    }

    /// Per-row categorical cross-entropy of softmax(logits) against target distributions (one-hot
    /// rows), along the last axis: `logΣe^z − Σ y·z`. Backward: `softmax(z)·Σy − y`.
    public static func softmaxCrossEntropy(logits: Tensor, targets: Tensor) -> Tensor {
        precondition(logits.shape == targets.shape && logits.rank >= 1,
                     "softmaxCrossEntropy: logits \(logits.shape) and targets \(targets.shape) differ")
        let z = logits.detached(), y = targets.detached()
        let lse = z.logSumExp(alongAxes: [-1], keepingDimensions: true)
        let targetMass = y.sum(alongAxes: [-1], keepingDimensions: true)
        let loss = (lse * targetMass - (y * z).sum(alongAxes: [-1], keepingDimensions: true)).squeezed(axis: -1)
        return recorded("softmaxCrossEntropy", shape: loss.shape, storage: loss.storage, inputs: [logits, targets]) { g in
            let probabilities = (z - lse).exp()
            return [(probabilities * targetMass - y) * g.expandingDimensions(at: -1), nil]
        }
    }

    /// Per-row cross-entropy of softmax(logits) `[n, classes]` against integer class labels.
    /// Backward: `softmax(z) − onehot(label)`.
    ///
    /// Both passes work row by row on raw buffers with the arithmetic of the composed operations
    /// (`logSumExp`, then `exp(z − lse)`): the same values, without a dozen intermediate tensors.
    public static func sparseSoftmaxCrossEntropy(logits: Tensor, labels: [Int]) -> Tensor {
        precondition(logits.rank == 2 && logits.shape[0] == labels.count,
                     "sparseSoftmaxCrossEntropy: logits \(logits.shape) for \(labels.count) labels")
        let (rows, classes) = (logits.shape[0], logits.shape[1])
        for label in labels {
            precondition(label >= 0 && label < classes, "sparseSoftmaxCrossEntropy: label \(label) outside 0..<\(classes)")
        }
        let z = logits.detached()
        let (loss, lse) = sparseSoftmaxCrossEntropyParts(z, labels: labels)
        return recorded("sparseSoftmaxCrossEntropy", shape: [rows], storage: loss, inputs: [logits]) { g in
            let scale = g.buffer.baseAddress!
            return [Tensor(shape: [rows, classes],
                           storage: sparseSoftmaxCrossEntropyGradient(z, logSumExp: lse, labels: labels) { scale[$0] })]
        }
    }

    /// The per-row losses `lse − z[label]` of ``sparseSoftmaxCrossEntropy(logits:labels:)`` and each
    /// row's log Σ eᶻ (which the gradient needs).
    package static func sparseSoftmaxCrossEntropyParts(_ z: Tensor, labels: [Int]) -> (loss: TensorStorage, logSumExp: TensorStorage) {
        let classes = z.shape[1]
        let lse = rowLogSumExp(z.buffer.baseAddress!, rows: labels.count, length: classes)
        let loss = TensorStorage(count: labels.count)
        for (row, label) in labels.enumerated() {
            loss.pointer[row] = lse.pointer[row] - z.buffer[row * classes + label]
        }
        return (loss, lse)
    }

    /// `(softmax(z) − onehot(label)) · upstream(row)`, with softmax(z) as `exp(z − lse)`.
    package static func sparseSoftmaxCrossEntropyGradient(_ z: Tensor, logSumExp lse: TensorStorage, labels: [Int],
                                                           upstream: (Int) -> Float) -> TensorStorage {
        let (rows, classes) = (labels.count, z.shape[1])
        let gradient = TensorStorage(count: rows * classes)
        let (logits, out) = (z.buffer.baseAddress!, gradient.pointer)
        for row in 0..<rows {
            for j in 0..<classes { out[row * classes + j] = logits[row * classes + j] - lse.pointer[row] }
        }
        VectorMath.exp(out, out, count: rows * classes)
        for (row, label) in labels.enumerated() {
            out[row * classes + label] -= 1
            let scale = upstream(row)
            for j in 0..<classes { out[row * classes + j] *= scale }
        }
        return gradient
    }

    /// log Σ eˣ of each row of x[rows][length], as ``logSumExp(alongAxes:keepingDimensions:)`` computes
    /// it: shift by the row's maximum (NaN wins; 0 when it is not finite), one vectorised exp, a Double
    /// sum, a vectorised log, then the shift added back.
    private static func rowLogSumExp(_ x: UnsafePointer<Float>, rows: Int, length: Int) -> TensorStorage {
        let shifts = Reduction.extreme(x, outer: rows, length: length, inner: 1, greatest: true)
        let shifted = TensorStorage(count: rows * length)
        for row in 0..<rows {
            if !shifts.pointer[row].isFinite { shifts.pointer[row] = 0 }
            for j in 0..<length { shifted.pointer[row * length + j] = x[row * length + j] - shifts.pointer[row] }
        }
        VectorMath.exp(shifted.pointer, shifted.pointer, count: rows * length)
        let result = withExtendedLifetime(shifted) { Reduction.sum(shifted.pointer, outer: rows, length: length, inner: 1) }
        VectorMath.log(result.pointer, result.pointer, count: rows)
        for row in 0..<rows { result.pointer[row] += shifts.pointer[row] }
        return result
    }
}
