import DendriteCore

/// Hooks into `fit` (Keras' `Callback`). Every method has an empty default. `logs` holds the
/// epoch's (or batch's) `loss`, metrics and, at epoch end, their `val_` forms.
public protocol Callback: AnyObject {
    func onTrainBegin(model: Model) throws
    func onEpochBegin(_ epoch: Int, model: Model) throws
    func onBatchEnd(_ batch: Int, logs: [String: Float], model: Model) throws
    func onEpochEnd(_ epoch: Int, logs: [String: Float], model: Model) throws
    func onTrainEnd(model: Model) throws
}

extension Callback {
    public func onTrainBegin(model: Model) throws {}
    public func onEpochBegin(_ epoch: Int, model: Model) throws {}
    public func onBatchEnd(_ batch: Int, logs: [String: Float], model: Model) throws {}
    public func onEpochEnd(_ epoch: Int, logs: [String: Float], model: Model) throws {}
    public func onTrainEnd(model: Model) throws {}
}

/// Whether a monitored quantity improves by going down or up.
public enum MonitorMode: Sendable {
    /// `min` for losses and errors, `max` otherwise (Keras' `auto`).
    case auto
    case min
    case max

    func lowerIsBetter(for key: String) -> Bool {
        switch self {
        case .min: return true
        case .max: return false
        case .auto:
            let metric = key.hasPrefix("val_") ? String(key.dropFirst(4)) : key
            return metric.contains("loss") || metric == "mae" || metric == "mse" || metric.contains("error")
        }
    }
}
