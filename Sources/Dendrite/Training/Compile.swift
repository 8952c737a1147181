import DendriteCore

/// What `compile` fixed: the optimizer (with its state), the loss, the metrics and the schedule.
struct CompiledSettings {
    var optimizerState: OptimizerState
    let loss: Loss
    let metrics: [Metric]
    let schedule: (any LearningRateSchedule)?
}

extension Sequential {
    /// Sets how the model trains. Hyper-parameters are checked by `fit`, which throws on bad ones.
    ///
    /// - Parameters:
    ///   - optimizer: the update rule, e.g. `Adam(learningRate: 1e-3)`.
    ///   - loss: e.g. `.binaryCrossentropy`.
    ///   - metrics: reported per epoch, e.g. `[.accuracy]`.
    ///   - learningRateSchedule: replaces the optimizer's learning rate step by step.
    public func compile(optimizer: any Optimizer, loss: Loss, metrics: [Metric] = [],
                        learningRateSchedule: (any LearningRateSchedule)? = nil) {
        compiled = CompiledSettings(optimizerState: OptimizerState(optimizer), loss: loss, metrics: metrics,
                                    schedule: learningRateSchedule)
    }

    /// The compiled optimizer (nil before `compile`).
    public var optimizer: (any Optimizer)? { compiled?.optimizerState.optimizer }

    /// The compiled loss (nil before `compile`).
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
        try compiled.loss.validate()
        for metric in compiled.metrics { try metric.validate() }
        return compiled
    }
}
