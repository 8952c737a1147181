import DendriteCore

/// A compile setting given once for every output, as a list in output order, or by output name.
enum PerOutput<Value> {
    case every(Value)
    case ordered([Value])
    case named([String: Value])

    /// One value per output of `names`; `fallback` fills outputs a list or dictionary leaves out
    /// (nil: every output must be given).
    func resolve(_ names: [String], setting: String, fallback: Value?) throws -> [Value] {
        switch self {
        case .every(let value):
            return names.map { _ in value }
        case .ordered(let values):
            guard values.count == names.count || (fallback != nil && values.isEmpty) else {
                throw DendriteError.argument("compile: \(setting) has \(values.count) entries for the model's \(names.count) outputs (\(names.joined(separator: ", ")))")
            }
            return values.isEmpty ? names.map { _ in fallback! } : values
        case .named(let values):
            if let unknown = values.keys.sorted().first(where: { !names.contains($0) }) {
                throw DendriteError.argument("compile: \(setting) names '\(unknown)', which is not an output (outputs: \(names.joined(separator: ", ")))")
            }
            return try names.map { name in
                guard let value = values[name] ?? fallback else {
                    throw DendriteError.argument("compile: \(setting) gives nothing for the output '\(name)'")
                }
                return value
            }
        }
    }
}

/// What one output contributes to training: its loss, the loss's weight in the total, its metrics.
struct OutputObjective {
    let name: String
    let loss: Loss
    let weight: Float
    let metrics: [Metric]
}

/// What `compile` fixed: the optimizer (with its state), the losses, their weights, the metrics
/// and the schedule.
struct CompiledSettings {
    var optimizerState: OptimizerState
    let losses: PerOutput<Loss>
    let lossWeights: PerOutput<Float>
    let metrics: PerOutput<[Metric]>
    let schedule: (any LearningRateSchedule)?

    /// The loss of a model with one output, or the loss given for every output.
    var loss: Loss? {
        switch losses {
        case .every(let loss): loss
        case .ordered(let losses): losses.count == 1 ? losses[0] : nil
        case .named(let losses): losses.count == 1 ? losses.first?.value : nil
        }
    }

    /// One objective per output of `model`, in output order, with every loss's and metric's
    /// settings checked.
    func objectives(for model: Model) throws -> [OutputObjective] {
        let names = model.outputNames
        let losses = try self.losses.resolve(names, setting: "loss", fallback: nil)
        let weights = try lossWeights.resolve(names, setting: "lossWeights", fallback: 1)
        if let bad = weights.firstIndex(where: { !($0 >= 0 && $0.isFinite) }) {
            throw DendriteError.argument("compile: lossWeights for '\(names[bad])' must be finite and ≥ 0, got \(weights[bad])")
        }
        let metrics = try self.metrics.resolve(names, setting: "metrics", fallback: [])
        for loss in losses { try loss.validate() }
        for metric in metrics.joined() { try metric.validate() }
        return names.indices.map { OutputObjective(name: names[$0], loss: losses[$0], weight: weights[$0], metrics: metrics[$0]) }
    }
}

extension Model {
    /// Sets how the model trains, with one loss (and the same metrics) for every output.
    /// Hyper-parameters are checked by `fit`, which throws on bad ones.
    ///
    /// - Parameters:
    ///   - optimizer: the update rule, e.g. `Adam(learningRate: 1e-3)`.
    ///   - loss: e.g. `.binaryCrossentropy`.
    ///   - metrics: reported per epoch, e.g. `[.accuracy]`.
    ///   - lossWeights: one factor per output for its loss in the total (default 1 each).
    ///   - learningRateSchedule: replaces the optimizer's learning rate step by step.
    public func compile(optimizer: any Optimizer, loss: Loss, metrics: [Metric] = [], lossWeights: [Float]? = nil,
                        learningRateSchedule: (any LearningRateSchedule)? = nil) {
        compiled = CompiledSettings(optimizerState: OptimizerState(optimizer), losses: .every(loss),
                                    lossWeights: lossWeights.map { .ordered($0) } ?? .every(1), metrics: .every(metrics),
                                    schedule: learningRateSchedule)
    }

    /// Sets how a model with several outputs trains: a loss, a weight and metrics per output, in
    /// output order (Keras' lists). The total loss is `Σ lossWeights[i] · loss[i]` plus penalties.
    public func compile(optimizer: any Optimizer, loss: [Loss], metrics: [[Metric]] = [], lossWeights: [Float]? = nil,
                        learningRateSchedule: (any LearningRateSchedule)? = nil) {
        compiled = CompiledSettings(optimizerState: OptimizerState(optimizer), losses: .ordered(loss),
                                    lossWeights: lossWeights.map { .ordered($0) } ?? .every(1), metrics: .ordered(metrics),
                                    schedule: learningRateSchedule)
    }

    /// Sets how a model with several outputs trains, by output name (the names of the layers that
    /// make the outputs, Keras' dictionaries). Outputs without metrics or weight get none and 1.
    public func compile(optimizer: any Optimizer, loss: [String: Loss], metrics: [String: [Metric]] = [:],
                        lossWeights: [String: Float]? = nil, learningRateSchedule: (any LearningRateSchedule)? = nil) {
        compiled = CompiledSettings(optimizerState: OptimizerState(optimizer), losses: .named(loss),
                                    lossWeights: lossWeights.map { .named($0) } ?? .every(1), metrics: .named(metrics),
                                    schedule: learningRateSchedule)
    }

    /// The compiled optimizer (nil before `compile`).
    public var optimizer: (any Optimizer)? { compiled?.optimizerState.optimizer }

    /// The compiled loss of a model with one output, or the loss given for every output (nil
    /// before `compile`).
    public var loss: Loss? { compiled?.loss }

    /// The learning rate the next update will use. Setting it (as `ReduceLROnPlateau` does) changes
    /// the optimizer's rate; it has no effect under a schedule.
    public var learningRate: Float {
        get {
            guard let compiled else { return 0 }
            return compiled.schedule?.learningRate(atStep: compiled.optimizerState.iterations)
                ?? compiled.optimizerState.optimizer.learningRate
        }
        set { compiled?.optimizerState.optimizer.learningRate = newValue }
    }

    func requireCompiled() throws -> CompiledSettings {
        guard let compiled else {
            throw DendriteError(.notCompiled, "\(name): call compile(optimizer:loss:metrics:) before fit, evaluate or trainOnBatch")
        }
        return compiled
    }
}
