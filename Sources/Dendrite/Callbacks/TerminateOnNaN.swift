/// Stops training as soon as the running loss of an epoch is NaN or infinite (Keras'
/// `TerminateOnNaN`): `fit` leaves the batch loop at once, records the epoch and returns.
public final class TerminateOnNaN: Callback {
    /// The batch (within its epoch) whose loss was not finite, if training was stopped.
    public private(set) var stoppedBatch: Int?

    public init() {}

    public func onTrainBegin(model: Model) throws { stoppedBatch = nil }

    public func onBatchEnd(_ batch: Int, logs: [String: Float], model: Model) throws {
        if let loss = logs["loss"], !loss.isFinite {
            stoppedBatch = batch
            model.stopTraining = true
        }
    }
}
