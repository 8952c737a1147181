// Cross-entropies computed straight from logits, in the fused, stable forms, each returning the
// per-sample loss. Their backward passes are the classic closed forms (σ(z) − y, softmax(z) − y).

extension Tensor {
    /// Element-wise binary cross-entropy of sigmoid(logits) against targets in [0, 1]:
    /// `max(z, 0) − z·y + log(1 + e^−|z|)`. Backward: `σ(z) − y`.
    public static func sigmoidCrossEntropy(logits: Tensor, targets: Tensor) -> Tensor {
        precondition(logits.shape == targets.shape,
                     "sigmoidCrossEntropy: logits \(logits.shape) and targets \(targets.shape) differ")
        let z = logits.detached(), y = targets.detached()
        let loss = Tensor.zipMap(z, y) { z, y in Swift.max(z, 0) - z * y + _log1p(_exp(-z.magnitude)) }
        return recorded("sigmoidCrossEntropy", shape: z.shape, storage: loss.storage, inputs: [logits, targets]) { g in
            let dz = Tensor(shape: z.shape, storage: Elementwise.zip(z.buffer, y.buffer) { z, y in logistic(z) - y }) * g
            return [dz, nil]
        }
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
    public static func sparseSoftmaxCrossEntropy(logits: Tensor, labels: [Int]) -> Tensor {
        precondition(logits.rank == 2 && logits.shape[0] == labels.count,
                     "sparseSoftmaxCrossEntropy: logits \(logits.shape) for \(labels.count) labels")
        let classes = logits.shape[1]
        let z = logits.detached()
        let lse = z.logSumExp(alongAxes: [1], keepingDimensions: true)
        let loss = TensorStorage(count: labels.count)
        for (row, label) in labels.enumerated() {
            precondition(label >= 0 && label < classes, "sparseSoftmaxCrossEntropy: label \(label) outside 0..<\(classes)")
            loss.pointer[row] = lse.buffer[row] - z.buffer[row * classes + label]
        }
        return recorded("sparseSoftmaxCrossEntropy", shape: [labels.count], storage: loss, inputs: [logits]) { g in
            var gradient = (z - lse).exp()
            gradient.withMutableBuffer { buffer in
                for (row, label) in labels.enumerated() { buffer[row * classes + label] -= 1 }
            }
            return [gradient * g.expandingDimensions(at: 1)]
        }
    }
}
