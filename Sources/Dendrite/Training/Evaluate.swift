import DendriteCore

/// A batch's losses: the total that training minimises and each output's own loss.
struct ObjectiveLosses {
    let total: Tensor
    let outputs: [Tensor]
    /// Each output's mask (nil where it has none): metrics leave masked steps out.
    var masks: [Tensor?] = []
}

extension Model {
    /// The forward pass and the losses of a batch, shared by `fit` (training, recording) and
    /// `evaluate`: each output's loss (weighted per sample by `weights`), and the total
    /// `Σ weightᵢ · lossᵢ` plus weight penalties.
    func objectiveLosses(_ x: [Tensor], _ y: [Tensor], weights: Tensor?, objectives: [OutputObjective], training: Bool,
                         parameters: [Parameter]? = nil) -> (losses: ObjectiveLosses, outputs: [Tensor]) {
        let (outputs, logits, masks) = forward(x, training: training, fusing: objectives.map(\.loss.fusableActivation))
        var perOutput: [Tensor] = []
        var total: Tensor?
        for (index, objective) in objectives.enumerated() {
            let loss: Tensor
            if let mask = masks[index] {
                loss = objective.loss.masked(outputs[index], logits: logits[index], y[index], mask: mask, sampleWeights: weights)
            } else {
                let perSample = logits[index].map { objective.loss.perSample(logits: $0, y[index]) }
                    ?? objective.loss.perSample(outputs[index], y[index])
                loss = Loss.reduce(perSample, weights)
            }
            perOutput.append(loss)
            let weighted = objective.weight == 1 ? loss : loss * objective.weight
            total = total.map { $0 + weighted } ?? weighted
        }
        let data = total!
        let penalized = regularizationLoss(of: parameters).map { data + $0 } ?? data
        return (ObjectiveLosses(total: penalized, outputs: perOutput, masks: masks.map { $0?.detached() }),
                outputs.map { $0.detached() })
    }

    /// The loss (with regularization penalties) and every compiled metric on `(x, y)`.
    public func evaluate(_ x: Tensor, _ y: Tensor, batchSize: Int = 32) throws -> [String: Float] {
        try evaluate([x], [y], batchSize: batchSize)
    }

    /// The losses and metrics of a model with several inputs or outputs, data given by name.
    public func evaluate(_ x: [String: Tensor], _ y: [String: Tensor], batchSize: Int = 32) throws -> [String: Float] {
        try evaluate(try ordered(inputs: x), try ordered(targets: y), batchSize: batchSize)
    }

    /// The losses and metrics of a model with several inputs or outputs (keys as in `fit`'s history).
    public func evaluate(_ x: [Tensor], _ y: [Tensor], batchSize: Int = 32) throws -> [String: Float] {
        let settings = try requireCompiled()
        guard batchSize > 0 else { throw DendriteError.argument("evaluate: batchSize must be > 0, got \(batchSize)") }
        let objectives = try settings.objectives(for: self)
        try DataValidation.check(inputs: x, targets: y, model: self, objectives: objectives)
        let shapes = x.map { Array($0.shape.dropFirst()) }
        try build(inputShapes: shapes)
        var tracker = ModelTracker(objectives: objectives, outputShapes: try outputShapes(for: shapes))
        let count = x[0].shape[0]
        // A batch larger than the data is the whole data; this also keeps `start + batchSize` in range.
        let batchSize = Swift.min(batchSize, count)
        try requireStatefulBatches(samples: count, batchSize: batchSize, "evaluate")
        GradientMode.disabled {
            for start in stride(from: 0, to: count, by: batchSize) {
                let range = start..<Swift.min(start + batchSize, count)
                let (batchX, batchY) = (x.map { $0[range] }, y.map { $0[range] })
                let (losses, outputs) = objectiveLosses(batchX, batchY, weights: nil, objectives: objectives, training: false)
                tracker.add(total: losses.total.scalar, outputLosses: losses.outputs, samples: range.count,
                            predictions: { outputs }, targets: batchY, masks: losses.masks)
            }
        }
        return tracker.logs
    }

    /// The loss and metrics of one batch (Keras' `test_on_batch`).
    public func testOnBatch(_ x: [Tensor], _ y: [Tensor]) throws -> [String: Float] {
        try evaluate(x, y, batchSize: Swift.max(x.first?.shape.first ?? 1, 1))
    }

    /// The loss and metrics of one batch of a model with one input and one output.
    public func testOnBatch(_ x: Tensor, _ y: Tensor) throws -> [String: Float] { try testOnBatch([x], [y]) }

    /// The output of a model with one input and one output for `x`, computed in batches without
    /// recording gradients.
    public func predict(_ x: Tensor, batchSize: Int = 32) throws -> Tensor {
        let outputs = try predict([x], batchSize: batchSize)
        guard outputs.count == 1 else {
            throw DendriteError.argument("predict: \(name) has \(outputs.count) outputs; call predict with an array of inputs")
        }
        return outputs[0]
    }

    /// The outputs by output name for inputs given by input name.
    public func predict(_ x: [String: Tensor], batchSize: Int = 32) throws -> [String: Tensor] {
        let outputs = try predict(try ordered(inputs: x), batchSize: batchSize)
        return Dictionary(zip(outputNames, outputs), uniquingKeysWith: { first, _ in first })
    }

    /// Every output for `x` (one array per input), computed in batches without recording gradients.
    public func predict(_ x: [Tensor], batchSize: Int = 32) throws -> [Tensor] {
        guard batchSize > 0 else { throw DendriteError.argument("predict: batchSize must be > 0, got \(batchSize)") }
        guard let first = x.first, first.rank >= 1, first.shape[0] > 0 else {
            throw DendriteError.data("predict: no samples (features of shape \(x.first?.shape ?? []))")
        }
        try DataValidation.checkInputs(x, model: self, role: "", requiringFinite: false)
        try requireStatefulBatches(samples: first.shape[0], batchSize: Swift.min(batchSize, first.shape[0]), "predict")
        try build(inputShapes: x.map { Array($0.shape.dropFirst()) })
        // A stack of Dense layers runs as one affine chain, without per-layer bookkeeping.
        let steps = affineSteps
        func infer(_ batch: [Tensor]) -> [Tensor] {
            if let steps { return [Tensor.affineChain(batch[0], steps)] }
            return GradientMode.disabled { forward(batch, training: false, fusing: []).outputs }
        }
        // Each batch is checked just before it is used, so its memory is read from cache the second time.
        let count = first.shape[0]
        if count <= batchSize {
            for (index, input) in x.enumerated() {
                try FiniteValues.require(input, DataValidation.inputLabel(self, index, count: x.count))
            }
            return infer(x)
        }
        var parts: [[Tensor]] = []
        for start in stride(from: 0, to: count, by: batchSize) {
            let batch = x.map { $0[start..<(start + Swift.min(batchSize, count - start))] }
            for (index, input) in batch.enumerated() {
                try FiniteValues.require(input, DataValidation.inputLabel(self, index, count: x.count), firstSample: start)
            }
            parts.append(infer(batch))
        }
        return parts[0].indices.map { output in Tensor.concatenate(parts.map { $0[output] }) }
    }

    /// The outputs for one batch (Keras' `predict_on_batch`).
    public func predictOnBatch(_ x: [Tensor]) throws -> [Tensor] {
        try predict(x, batchSize: Swift.max(x.first?.shape.first ?? 1, 1))
    }

    /// The output for one batch of a model with one input and one output.
    public func predictOnBatch(_ x: Tensor) throws -> Tensor {
        try predict(x, batchSize: Swift.max(x.shape.first ?? 1, 1))
    }

    /// The model as affine steps when it is a chain of `Dense` layers whose activations the chain
    /// runs; nil otherwise.
    var affineSteps: [AffineStep]? {
        guard let chain = graph?.chain else { return nil }
        var steps: [AffineStep] = []
        steps.reserveCapacity(chain.count)
        for layer in chain {
            guard let step = (layer as? Dense)?.inferenceStep else { return nil }
            steps.append(step)
        }
        return steps.isEmpty ? nil : steps
    }
}
