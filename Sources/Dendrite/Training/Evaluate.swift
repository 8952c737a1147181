import DendriteCore

extension Sequential {
    /// The loss (with regularization penalties) and every compiled metric on `(x, y)`.
    public func evaluate(_ x: Tensor, _ y: Tensor, batchSize: Int = 32) throws -> [String: Float] {
        let settings = try requireCompiled()
        guard batchSize > 0 else { throw DendriteError.argument("evaluate: batchSize must be > 0, got \(batchSize)") }
        try DataValidation.check(features: x, targets: y, model: self, loss: settings.loss)
        try build(inputShape: Array(x.shape.dropFirst()))
        var tracker = EpochTracker(metrics: settings.metrics, loss: settings.loss, outputWidth: outputShape?.last ?? 1)
        let penalty = GradientMode.disabled { regularizationLoss()?.scalar ?? 0 }
        GradientMode.disabled {
            for start in stride(from: 0, to: x.shape[0], by: batchSize) {
                let range = start..<Swift.min(start + batchSize, x.shape[0])
                let (bx, by) = (x[range], y[range])
                let (output, logits) = forward(bx, training: false, fusing: settings.loss.fusableActivation)
                let perSample = logits.map { settings.loss.perSample(logits: $0, by) } ?? settings.loss.perSample(output, by)
                tracker.add(loss: perSample.mean().scalar + penalty, samples: range.count, predictions: output, targets: by)
            }
        }
        return tracker.logs
    }

    /// The model's outputs for `x`, computed in batches without recording gradients.
    public func predict(_ x: Tensor, batchSize: Int = 32) throws -> Tensor {
        guard batchSize > 0 else { throw DendriteError.argument("predict: batchSize must be > 0, got \(batchSize)") }
        guard x.rank >= 1, x.shape[0] > 0 else { throw DendriteError.data("predict: no samples (features of shape \(x.shape))") }
        let sample = Array(x.shape.dropFirst())
        if let expected = expectedInputShape, expected != sample {
            throw DendriteError.shape("predict: features have samples of shape \(sample) but \(name) expects \(expected)")
        }
        try DataValidation.checkInput(x, model: self)
        try build(inputShape: sample)
        // A stack of Dense layers runs as one affine chain, without per-layer bookkeeping.
        let steps = affineSteps
        func infer(_ batch: Tensor) -> Tensor {
            steps.map { Tensor.affineChain(batch, $0) } ?? GradientMode.disabled { self(batch) }
        }
        // Each batch is checked just before it is used, so its memory is read from cache the second time.
        if x.shape[0] <= batchSize {
            try DataValidation.requireFinite(x, "features")
            return infer(x)
        }
        var parts: [Tensor] = []
        for start in stride(from: 0, to: x.shape[0], by: batchSize) {
            let batch = x[start..<Swift.min(start + batchSize, x.shape[0])]
            try DataValidation.requireFinite(batch, "features", firstSample: start)
            parts.append(infer(batch))
        }
        return Tensor.concatenate(parts)
    }

    /// The model as affine steps when every layer (after an optional `Input`) is a `Dense` layer whose
    /// activation the chain runs; nil otherwise.
    var affineSteps: [AffineStep]? {
        var steps: [AffineStep] = []
        steps.reserveCapacity(layers.count)
        for layer in computingLayers {
            guard let step = (layer as? Dense)?.inferenceStep else { return nil }
            steps.append(step)
        }
        return steps.isEmpty ? nil : steps
    }
}
