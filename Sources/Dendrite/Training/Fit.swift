import DendriteCore
import Foundation

extension Sequential {
    /// Trains the model for `epochs` passes over `(x, y)` in mini-batches.
    ///
    /// - Parameters:
    ///   - x: features `[samples, …]`; y: targets `[samples, …]` (class ids for sparse losses).
    ///   - epochs: passes over the data (0 trains nothing).
    ///   - batchSize: samples per update: the whole set is batch gradient descent, 1 is stochastic.
    ///   - shuffle: a fresh seeded permutation every epoch (the last batch is the remainder).
    ///   - validationSplit: the fraction of samples, taken from the end before shuffling, kept for
    ///     validation (as Keras). Ignored when `validationData` is given.
    ///   - validationData: features and targets evaluated after every epoch (`val_` keys).
    ///   - classWeights: a weight per class id, multiplying each sample's loss.
    ///   - callbacks: hooks such as ``EarlyStopping``.
    ///   - verbose: 0 silent, 1 progress bar (one line per epoch when not on a terminal), 2 one line per epoch.
    ///   - resumeFrom: a ``ModelCheckpoint`` directory: training continues after its last completed
    ///     epoch (up to `epochs` in all) with its weights, optimizer state and random generators,
    ///     ending bit-identical to an uninterrupted run.
    ///   - augmentation: random image transforms applied to every training batch (not to validation
    ///     data), drawn from a generator seeded by its `seed`; `x` must then be `[samples, h, w, c]`.
    /// - Returns: the per-epoch ``History``.
    /// - Throws: ``DendriteError`` for bad data, shapes or hyper-parameters, before any training.
    @discardableResult
    public func fit(_ x: Tensor, _ y: Tensor, epochs: Int = 1, batchSize: Int = 32, shuffle: Bool = true,
                    validationSplit: Float = 0, validationData: (Tensor, Tensor)? = nil,
                    classWeights: [Int: Float]? = nil, callbacks: [any Callback] = [],
                    verbose: Int = 1, augmentation: ImageAugmentation? = nil,
                    resumeFrom: URL? = nil) throws -> History {
        let settings = try requireCompiled()
        guard epochs >= 0 else { throw DendriteError.argument("fit: epochs must be ≥ 0, got \(epochs)") }
        guard batchSize > 0 else { throw DendriteError.argument("fit: batchSize must be > 0, got \(batchSize)") }
        guard (0..<1).contains(validationSplit) else {
            throw DendriteError.argument("fit: validationSplit must be in [0, 1), got \(validationSplit)")
        }
        guard (0...2).contains(verbose) else { throw DendriteError.argument("fit: verbose must be 0, 1 or 2, got \(verbose)") }
        try settings.optimizerState.optimizer.validate()
        try DataValidation.check(features: x, targets: y, model: self, loss: settings.loss)
        try augmentation?.validate(imagesShape: x.shape)

        var (trainX, trainY) = (x, y)
        var validation = validationData
        if let validationData {
            try DataValidation.check(features: validationData.0, targets: validationData.1, model: self,
                                     loss: settings.loss, role: "validation")
        } else if validationSplit > 0 {
            let held = Int((Float(x.shape[0]) * validationSplit).rounded(.down))
            let kept = x.shape[0] - held
            guard held > 0, kept > 0 else {
                throw DendriteError.argument("fit: validationSplit \(validationSplit) of \(x.shape[0]) samples leaves an empty part")
            }
            validation = (x[kept..<x.shape[0]], y[kept..<y.shape[0]])
            (trainX, trainY) = (x[0..<kept], y[0..<kept])
        }
        let sampleWeights = try classWeights.map { try Sequential.sampleWeights(trainY, classWeights: $0, loss: settings.loss) }

        try build(inputShape: Array(x.shape.dropFirst()))
        let firstEpoch = try resumeFrom.map(resume(from:)) ?? 0
        stopTraining = false
        var history = History()
        var augmentationGenerator = RandomGenerator(seed: augmentation?.seed ?? 0)
        let count = trainX.shape[0]
        let steps = (count + batchSize - 1) / batchSize
        let progress = ProgressReporter(verbose: verbose, epochs: epochs, steps: steps)
        let denseStack = DenseStackStep(model: self, loss: settings.loss)
        for callback in callbacks { try callback.onTrainBegin(model: self) }
        for epoch in firstEpoch..<Swift.max(epochs, firstEpoch) {
            let started = Date()
            for callback in callbacks { try callback.onEpochBegin(epoch, model: self) }
            progress.beginEpoch(epoch)
            let order = shuffle ? generator.permutation(count) : Array(0..<count)
            var tracker = EpochTracker(metrics: settings.metrics, loss: settings.loss, outputWidth: outputShape?.last ?? 1)
            for step in 0..<steps {
                let indices = Array(order[(step * batchSize)..<Swift.min((step + 1) * batchSize, count)])
                var batchX = trainX.gathering(indices)
                if let augmentation { batchX = augmentation.augmented(batchX, using: &augmentationGenerator) }
                _ = trainStep(batchX, trainY.gathering(indices),
                              weights: sampleWeights?.gathering(indices), settings: settings, denseStack: denseStack,
                              tracker: &tracker)
                let logs = tracker.logs
                for callback in callbacks { try callback.onBatchEnd(step, logs: logs, model: self) }
                progress.endBatch(step, logs: logs)
                if stopTraining { break }
            }
            var logs = tracker.logs
            if let (validationX, validationY) = validation {
                for (key, value) in try evaluate(validationX, validationY, batchSize: Swift.max(batchSize, 256)) {
                    logs["val_" + key] = value
                }
            }
            logs["learning_rate"] = learningRate
            logs["epoch_time"] = Float(Date().timeIntervalSince(started))
            history.record(epoch: epoch, logs: logs)
            progress.endEpoch(epoch, logs: logs)
            for callback in callbacks { try callback.onEpochEnd(epoch, logs: logs, model: self) }
            if stopTraining { break }
        }
        for callback in callbacks { try callback.onTrainEnd(model: self) }
        return history
    }

    /// One gradient step on one batch; returns the batch loss (with regularization).
    @discardableResult
    public func trainOnBatch(_ x: Tensor, _ y: Tensor) throws -> Float {
        let settings = try requireCompiled()
        try settings.optimizerState.optimizer.validate()
        try DataValidation.check(features: x, targets: y, model: self, loss: settings.loss)
        try build(inputShape: Array(x.shape.dropFirst()))
        var tracker = EpochTracker(metrics: [], loss: settings.loss, outputWidth: outputShape?.last ?? 1)
        return trainStep(x, y, weights: nil, settings: settings,
                         denseStack: DenseStackStep(model: self, loss: settings.loss), tracker: &tracker)
    }

    /// `denseStack`, when the model qualifies, runs the passes without the graph (same gradients).
    private func trainStep(_ x: Tensor, _ y: Tensor, weights: Tensor?, settings: CompiledSettings,
                           denseStack: DenseStackStep?, tracker: inout EpochTracker) -> Float {
        let rate = learningRate
        let parameters = self.parameters // gathered from the layers once per step
        let (output, loss): (() -> Tensor, Tensor)
        if let result = denseStack?.run(x, y, weights: weights, loss: settings.loss) {
            (loss, output) = result
        } else {
            let graph = GradientMode.enabled { () -> (Tensor, Tensor) in
                let (output, logits) = forward(x, training: true, fusing: settings.loss.fusableActivation)
                let perSample = logits.map { settings.loss.perSample(logits: $0, y) } ?? settings.loss.perSample(output, y)
                let dataLoss = Loss.reduce(perSample, weights)
                return (output.detached(), regularizationLoss(of: parameters).map { dataLoss + $0 } ?? dataLoss)
            }
            (output, loss) = ({ graph.0 }, graph.1)
            loss.backward()
        }
        settings.optimizerState.apply(to: parameters, learningRate: rate)
        let value = loss.scalar
        tracker.add(loss: value, samples: x.shape[0], predictions: output(), targets: y)
        return value
    }

    static func sampleWeights(_ y: Tensor, classWeights: [Int: Float], loss: Loss) throws -> Tensor {
        if let bad = classWeights.first(where: { !($0.value >= 0 && $0.value.isFinite) }) {
            throw DendriteError.argument("fit: class weight \(bad.value) for class \(bad.key) must be finite and ≥ 0")
        }
        let rows = y.shape[0], width = y.count / Swift.max(rows, 1)
        let values = y.scalars
        let classes: [Int] = (0..<rows).map { row in
            if loss.usesClassLabels || width == 1 { return Int(values[row].rounded()) }
            let slice = values[(row * width)..<((row + 1) * width)]
            return slice.indices.max { values[$0] < values[$1] }! - row * width
        }
        return Tensor(classes.map { classWeights[$0] ?? 1 })
    }
}

/// The running loss (weighted by batch size, as Keras) and metric statistics of one epoch.
struct EpochTracker {
    private var lossSum = 0.0, samples = 0
    private var accumulators: [MetricAccumulator]
    private let outputActivation: Activation?

    init(metrics: [Metric], loss: Loss, outputWidth: Int) {
        accumulators = metrics.map {
            MetricAccumulator($0.resolved(for: loss, outputWidth: outputWidth), reportedAs: $0.name)
        }
        // Metrics see probabilities even when the loss works on logits.
        outputActivation = loss.outputActivation
    }

    mutating func add(loss: Float, samples count: Int, predictions: @autoclosure () -> Tensor, targets: Tensor) {
        lossSum += Double(loss) * Double(count)
        samples += count
        guard !accumulators.isEmpty else { return }
        let predictions = predictions()
        let probabilities = GradientMode.disabled { outputActivation.map { $0(predictions) } ?? predictions }
        for index in accumulators.indices { accumulators[index].update(probabilities, targets) }
    }

    var logs: [String: Float] {
        var logs = ["loss": samples > 0 ? Float(lossSum / Double(samples)) : 0]
        for accumulator in accumulators { logs[accumulator.name] = accumulator.result }
        return logs
    }
}
