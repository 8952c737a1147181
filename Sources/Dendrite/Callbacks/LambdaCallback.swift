/// A callback made of closures (Keras' `LambdaCallback`), for one-off hooks:
///
/// ```swift
/// let printer = LambdaCallback(onEpochEnd: { epoch, logs in print(epoch, logs["loss"] ?? .nan) })
/// ```
///
/// Every closure is optional; the `logs` are those ``Callback`` describes.
public final class LambdaCallback: Callback {
    private let trainBegin: (() throws -> Void)?
    private let epochBegin: ((_ epoch: Int) throws -> Void)?
    private let batchEnd: ((_ batch: Int, _ logs: [String: Float]) throws -> Void)?
    private let epochEnd: ((_ epoch: Int, _ logs: [String: Float]) throws -> Void)?
    private let trainEnd: (() throws -> Void)?

    public init(onTrainBegin: (() throws -> Void)? = nil,
                onEpochBegin: ((_ epoch: Int) throws -> Void)? = nil,
                onBatchEnd: ((_ batch: Int, _ logs: [String: Float]) throws -> Void)? = nil,
                onEpochEnd: ((_ epoch: Int, _ logs: [String: Float]) throws -> Void)? = nil,
                onTrainEnd: (() throws -> Void)? = nil) {
        trainBegin = onTrainBegin
        epochBegin = onEpochBegin
        batchEnd = onBatchEnd
        epochEnd = onEpochEnd
        trainEnd = onTrainEnd
    }

    public func onTrainBegin(model: Model) throws { try trainBegin?() }
    public func onEpochBegin(_ epoch: Int, model: Model) throws { try epochBegin?(epoch) }
    public func onBatchEnd(_ batch: Int, logs: [String: Float], model: Model) throws { try batchEnd?(batch, logs) }
    public func onEpochEnd(_ epoch: Int, logs: [String: Float], model: Model) throws { try epochEnd?(epoch, logs) }
    public func onTrainEnd(model: Model) throws { try trainEnd?() }
}
