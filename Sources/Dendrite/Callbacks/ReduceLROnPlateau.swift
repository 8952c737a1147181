/// Multiplies the learning rate by `factor` when `monitor` has not improved by more than
/// `minDelta` for `patience` epochs (Keras' `ReduceLROnPlateau`).
///
/// After a reduction the count of bad epochs restarts, and for `cooldown` epochs no bad epoch is
/// counted. The rate never goes below `minLearningRate`: `η ← max(η · factor, minLearningRate)`,
/// and nothing happens once η is there.
///
/// Defaults (Keras): monitor `val_loss`, factor 0.1, patience 10, minDelta 1e-4, cooldown 0,
/// minLearningRate 0.
///
/// Hyper-parameters are checked when training begins, as ``EarlyStopping`` does: `onTrainBegin`
/// throws ``DendriteError`` unless 0 < `factor` < 1, `patience`, `cooldown` and `minLearningRate`
/// are ≥ 0, and the model was compiled without a learning-rate schedule (whose rate cannot be set).
public final class ReduceLROnPlateau: Callback {
    public let monitor: String
    public let factor: Float
    public let patience: Int
    public let mode: MonitorMode
    public let minDelta: Float
    public let cooldown: Int
    public let minLearningRate: Float
    /// The best monitored value so far.
    public private(set) var best: Float?
    private var wait = 0
    private var cooldownCounter = 0

    public init(monitor: String = "val_loss", factor: Float = 0.1, patience: Int = 10, mode: MonitorMode = .auto,
                minDelta: Float = 1e-4, cooldown: Int = 0, minLearningRate: Float = 0) {
        self.monitor = monitor
        self.factor = factor
        self.patience = patience
        self.mode = mode
        self.minDelta = Swift.abs(minDelta)
        self.cooldown = cooldown
        self.minLearningRate = minLearningRate
    }

    public func onTrainBegin(model: Model) throws {
        guard factor > 0, factor < 1 else {
            throw DendriteError.argument("ReduceLROnPlateau: factor must be in (0, 1) to reduce the rate, got \(factor)")
        }
        for (label, value) in [("patience", patience), ("cooldown", cooldown)] where value < 0 {
            throw DendriteError.argument("ReduceLROnPlateau: \(label) must be ≥ 0, got \(value)")
        }
        guard minLearningRate >= 0, minLearningRate.isFinite else {
            throw DendriteError.argument("ReduceLROnPlateau: minLearningRate must be a finite number ≥ 0, got \(minLearningRate)")
        }
        try model.requireSettableLearningRate(for: "ReduceLROnPlateau")
        best = nil; wait = 0; cooldownCounter = 0
    }

    public func onEpochEnd(_ epoch: Int, logs: [String: Float], model: Model) throws {
        guard let value = logs[monitor] else {
            throw DendriteError.argument("ReduceLROnPlateau: monitored value '\(monitor)' is not among \(logs.keys.sorted())")
        }
        if cooldownCounter > 0 {
            cooldownCounter -= 1
            wait = 0
        }
        let lowerIsBetter = mode.lowerIsBetter(for: monitor)
        if best.map({ lowerIsBetter ? value < $0 - minDelta : value > $0 + minDelta }) ?? true {
            best = value
            wait = 0
            return
        }
        guard cooldownCounter == 0 else { return }
        wait += 1
        if wait >= patience && model.learningRate > minLearningRate {
            model.learningRate = Swift.max(model.learningRate * factor, minLearningRate)
            cooldownCounter = cooldown
            wait = 0
        }
    }
}
