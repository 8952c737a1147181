import DendriteCore
import Foundation

extension Model {
    /// Trains a model with one input and one output for `epochs` passes over `(x, y)` in mini-batches.
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
    ///   - sampleWeights: `[samples]`, a weight per sample multiplying its loss (Keras'
    ///     `sample_weight`; combined with `classWeights` by multiplication).
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
                    classWeights: [Int: Float]? = nil, sampleWeights: Tensor? = nil, callbacks: [any Callback] = [],
                    verbose: Int = 1, augmentation: ImageAugmentation? = nil,
                    resumeFrom: URL? = nil) throws -> History {
        try fit([x], [y], epochs: epochs, batchSize: batchSize, shuffle: shuffle, validationSplit: validationSplit,
                validationData: validationData.map { ([$0.0], [$0.1]) }, classWeights: classWeights,
                sampleWeights: sampleWeights, callbacks: callbacks, verbose: verbose, augmentation: augmentation,
                resumeFrom: resumeFrom)
    }

    /// Trains a model with several inputs or outputs, the data given by input and output name.
    @discardableResult
    public func fit(_ x: [String: Tensor], _ y: [String: Tensor], epochs: Int = 1, batchSize: Int = 32,
                    shuffle: Bool = true, validationSplit: Float = 0,
                    validationData: ([String: Tensor], [String: Tensor])? = nil, sampleWeights: Tensor? = nil,
                    callbacks: [any Callback] = [], verbose: Int = 1, resumeFrom: URL? = nil) throws -> History {
        try fit(try ordered(inputs: x), try ordered(targets: y), epochs: epochs, batchSize: batchSize, shuffle: shuffle,
                validationSplit: validationSplit,
                validationData: try validationData.map { (try ordered(inputs: $0.0), try ordered(targets: $0.1)) },
                sampleWeights: sampleWeights, callbacks: callbacks, verbose: verbose, resumeFrom: resumeFrom)
    }

    /// Trains a model with several inputs or outputs: `x` has one array per input and `y` one per
    /// output, in the model's order, all with the same number of samples. The loss is the sum of
    /// each output's loss times its weight (see `compile`), plus weight penalties.
    @discardableResult
    public func fit(_ x: [Tensor], _ y: [Tensor], epochs: Int = 1, batchSize: Int = 32, shuffle: Bool = true,
                    validationSplit: Float = 0, validationData: ([Tensor], [Tensor])? = nil,
                    classWeights: [Int: Float]? = nil, sampleWeights: Tensor? = nil, callbacks: [any Callback] = [],
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
        let objectives = try settings.objectives(for: self)
        try DataValidation.check(inputs: x, targets: y, model: self, objectives: objectives)
        if let augmentation {
            guard x.count == 1 else { throw DendriteError.argument("fit: augmentation needs a model with one input, \(name) has \(x.count)") }
            try augmentation.validate(imagesShape: x[0].shape)
        }
        let count = x[0].shape[0]
        let weights = try combinedSampleWeights(y, classWeights: classWeights, sampleWeights: sampleWeights,
                                                objectives: objectives, samples: count)

        var (trainX, trainY, trainWeights) = (x, y, weights)
        var validation = validationData
        if let validationData {
            try DataValidation.check(inputs: validationData.0, targets: validationData.1, model: self,
                                     objectives: objectives, role: "validation")
        } else if validationSplit > 0 {
            let held = Int((Float(count) * validationSplit).rounded(.down))
            let kept = count - held
            guard held > 0, kept > 0 else {
                throw DendriteError.argument("fit: validationSplit \(validationSplit) of \(count) samples leaves an empty part")
            }
            validation = (x.map { $0[kept..<count] }, y.map { $0[kept..<count] })
            (trainX, trainY, trainWeights) = (x.map { $0[0..<kept] }, y.map { $0[0..<kept] }, weights?[0..<kept])
        }

        try build(inputShapes: x.map { Array($0.shape.dropFirst()) })
        let outputShapes = try outputShapes(for: x.map { Array($0.shape.dropFirst()) })
        let firstEpoch = try resumeFrom.map(resume(from:)) ?? 0
        stopTraining = false
        var history = History()
        var augmentationGenerator = RandomGenerator(seed: augmentation?.seed ?? 0)
        let trainCount = trainX[0].shape[0]
        // A batch larger than the data is the whole data; this also keeps the index sums below in range.
        let batchSize = Swift.min(batchSize, Swift.max(trainCount, 1))
        let steps = (trainCount + batchSize - 1) / batchSize
        let progress = ProgressReporter(verbose: verbose, epochs: epochs, steps: steps)
        try requireStatefulBatches(samples: trainX[0].shape[0], batchSize: batchSize, "fit")
        let denseStack = DenseStackStep(model: self, objectives: objectives)
        for callback in callbacks { try callback.onTrainBegin(model: self) }
        for epoch in firstEpoch..<Swift.max(epochs, firstEpoch) {
            let started = Date()
            for callback in callbacks { try callback.onEpochBegin(epoch, model: self) }
            progress.beginEpoch(epoch)
            let order = shuffle ? generator.permutation(trainCount) : Array(0..<trainCount)
            var tracker = ModelTracker(objectives: objectives, outputShapes: outputShapes)
            for step in 0..<steps {
                let indices = Array(order[(step * batchSize)..<Swift.min((step + 1) * batchSize, trainCount)])
                var batchX = trainX.map { $0.gathering(indices) }
                if let augmentation { batchX[0] = augmentation.augmented(batchX[0], using: &augmentationGenerator) }
                _ = trainStep(batchX, trainY.map { $0.gathering(indices) }, weights: trainWeights?.gathering(indices),
                              objectives: objectives, settings: settings, denseStack: denseStack, tracker: &tracker)
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

    /// One gradient step on one batch of a model with one input and one output; returns the batch
    /// loss (with regularization).
    @discardableResult
    public func trainOnBatch(_ x: Tensor, _ y: Tensor, sampleWeights: Tensor? = nil) throws -> Float {
        try trainOnBatch([x], [y], sampleWeights: sampleWeights)
    }

    /// One gradient step on one batch, one array per input and per output; returns the total loss.
    @discardableResult
    public func trainOnBatch(_ x: [Tensor], _ y: [Tensor], sampleWeights: Tensor? = nil) throws -> Float {
        let settings = try requireCompiled()
        try settings.optimizerState.optimizer.validate()
        let objectives = try settings.objectives(for: self)
        try DataValidation.check(inputs: x, targets: y, model: self, objectives: objectives)
        let weights = try combinedSampleWeights(y, classWeights: nil, sampleWeights: sampleWeights,
                                                objectives: objectives, samples: x[0].shape[0])
        try build(inputShapes: x.map { Array($0.shape.dropFirst()) })
        var tracker = ModelTracker(objectives: objectives.map { OutputObjective(name: $0.name, loss: $0.loss, weight: $0.weight, metrics: []) },
                                   outputShapes: try outputShapes(for: x.map { Array($0.shape.dropFirst()) }))
        return trainStep(x, y, weights: weights, objectives: objectives, settings: settings,
                         denseStack: DenseStackStep(model: self, objectives: objectives), tracker: &tracker)
    }

    /// `denseStack`, when the model qualifies, runs the passes without the graph (same gradients).
    private func trainStep(_ x: [Tensor], _ y: [Tensor], weights: Tensor?, objectives: [OutputObjective],
                           settings: CompiledSettings, denseStack: DenseStackStep?, tracker: inout ModelTracker) -> Float {
        let rate = learningRate
        let parameters = self.parameters // gathered from the layers once per step
        let (outputs, loss): (() -> [Tensor], ObjectiveLosses)
        if let result = denseStack?.run(x[0], y[0], weights: weights, loss: objectives[0].loss) {
            (loss, outputs) = (ObjectiveLosses(total: result.loss, outputs: [result.loss]), { [result.output()] })
        } else {
            let computed = GradientMode.enabled {
                objectiveLosses(x, y, weights: weights, objectives: objectives, training: true, parameters: parameters)
            }
            (loss, outputs) = (computed.losses, { computed.outputs })
            // A model whose weights are all frozen has nothing to differentiate.
            if loss.total.requiresGradient { loss.total.backward() }
        }
        settings.optimizerState.apply(to: parameters, learningRate: rate)
        let value = loss.total.scalar
        tracker.add(total: value, outputLosses: loss.outputs, samples: x[0].shape[0],
                    predictions: outputs, targets: y, masks: loss.masks)
        return value
    }

    /// The weight of each training sample: `sampleWeights` times the class weight of its target.
    private func combinedSampleWeights(_ y: [Tensor], classWeights: [Int: Float]?, sampleWeights: Tensor?,
                                       objectives: [OutputObjective], samples: Int) throws -> Tensor? {
        if let sampleWeights {
            guard sampleWeights.shape == [samples] || sampleWeights.shape == [samples, 1] else {
                throw DendriteError.shape("fit: sampleWeights must have one weight per sample, shape [\(samples)], got \(sampleWeights.shape)")
            }
            if let bad = sampleWeights.scalars.firstIndex(where: { !($0 >= 0 && $0.isFinite) }) {
                throw DendriteError.argument("fit: sample weight \(sampleWeights.scalars[bad]) of sample \(bad) must be finite and ≥ 0")
            }
        }
        guard let classWeights else { return sampleWeights?.reshaped([samples]) }
        guard objectives.count == 1 else {
            throw DendriteError.argument("fit: classWeights needs a model with one output, \(name) has \(objectives.count); use sampleWeights")
        }
        let perClass = try Model.sampleWeights(y[0], classWeights: classWeights, loss: objectives[0].loss)
        return sampleWeights.map { perClass * $0.reshaped([samples]) } ?? perClass
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

    /// Arrays given by input name, in the model's input order.
    func ordered(inputs: [String: Tensor]) throws -> [Tensor] {
        try ordered(inputs, names: inputNameList, kind: "input")
    }

    /// Arrays given by output name, in the model's output order.
    func ordered(targets: [String: Tensor]) throws -> [Tensor] {
        try ordered(targets, names: outputNames, kind: "output")
    }

    private func ordered(_ values: [String: Tensor], names: [String], kind: String) throws -> [Tensor] {
        if let unknown = values.keys.sorted().first(where: { !names.contains($0) }) {
            throw DendriteError.argument("\(name): '\(unknown)' is not an \(kind) of the model (its \(kind)s: \(names.joined(separator: ", ")))")
        }
        return try names.map { key in
            guard let value = values[key] else { throw DendriteError.argument("\(name): no data for the \(kind) '\(key)'") }
            return value
        }
    }
}
