import DendriteCore

/// Stops training when `monitor` has not improved by more than `minDelta` for `patience` epochs,
/// optionally restoring the weights of the best epoch (Keras' `EarlyStopping`).
public final class EarlyStopping: Callback {
    public let monitor: String
    public let minDelta: Float
    public let patience: Int
    public let mode: MonitorMode
    public let restoreBestWeights: Bool
    /// The epoch training stopped at, if it stopped early.
    public private(set) var stoppedEpoch: Int?
    /// The epoch with the best monitored value.
    public private(set) var bestEpoch: Int?
    private var best: Float?
    private var wait = 0
    private var bestWeights: [Tensor]?

    public init(monitor: String = "val_loss", minDelta: Float = 0, patience: Int = 0, mode: MonitorMode = .auto,
                restoreBestWeights: Bool = false) {
        self.monitor = monitor
        self.minDelta = Swift.abs(minDelta)
        self.patience = patience
        self.mode = mode
        self.restoreBestWeights = restoreBestWeights
    }

    public func onTrainBegin(model: Model) throws {
        guard patience >= 0 else { throw DendriteError.argument("EarlyStopping: patience must be ≥ 0, got \(patience)") }
        best = nil; wait = 0; stoppedEpoch = nil; bestEpoch = nil; bestWeights = nil
    }

    public func onEpochEnd(_ epoch: Int, logs: [String: Float], model: Model) throws {
        guard let value = logs[monitor] else {
            throw DendriteError.argument("EarlyStopping: monitored value '\(monitor)' is not among \(logs.keys.sorted())")
        }
        let lowerIsBetter = mode.lowerIsBetter(for: monitor)
        let improved = best.map { lowerIsBetter ? value < $0 - minDelta : value > $0 + minDelta } ?? true
        if improved {
            best = value
            bestEpoch = epoch
            wait = 0
            if restoreBestWeights { bestWeights = model.weights }
            return
        }
        wait += 1
        if wait >= patience && epoch > 0 {
            stoppedEpoch = epoch
            model.stopTraining = true
            // As Keras: the best weights come back when training stops early.
            if restoreBestWeights, let bestWeights { model.weights = bestWeights }
        }
    }
}
