/// Sets the learning rate at the start of every epoch to `schedule(epoch, currentRate)` (Keras'
/// `LearningRateScheduler`); `epoch` counts from 0. For rates that change with every update, compile
/// with a ``LearningRateSchedule`` instead.
///
/// ```swift
/// let halving = LearningRateScheduler { epoch, rate in epoch > 0 && epoch % 10 == 0 ? rate / 2 : rate }
/// ```
///
/// `onTrainBegin` throws ``DendriteError`` if the model was compiled with a schedule (whose rate
/// cannot be set), and `onEpochBegin` if the closure returns a rate that is not a finite number ≥ 0.
public final class LearningRateScheduler: Callback {
    private let schedule: (_ epoch: Int, _ learningRate: Float) throws -> Float

    public init(_ schedule: @escaping (_ epoch: Int, _ learningRate: Float) throws -> Float) {
        self.schedule = schedule
    }

    public func onTrainBegin(model: Model) throws {
        try model.requireSettableLearningRate(for: "LearningRateScheduler")
    }

    public func onEpochBegin(_ epoch: Int, model: Model) throws {
        let rate = try schedule(epoch, model.learningRate)
        guard rate >= 0, rate.isFinite else {
            throw DendriteError.argument("LearningRateScheduler: the schedule returned \(rate) for epoch \(epoch); expected a finite rate ≥ 0")
        }
        model.learningRate = rate
    }
}

extension Model {
    /// Throws unless setting ``learningRate`` takes effect: the model is compiled, without a schedule.
    func requireSettableLearningRate(for caller: String) throws {
        guard try requireCompiled().schedule == nil else {
            throw DendriteError.argument("\(caller): \(name) was compiled with a learning-rate schedule, whose rate cannot be set; compile without learningRateSchedule")
        }
    }
}
