import Foundation

/// `η₀ · decayRate^(step / decaySteps)` (Keras' `ExponentialDecay`); with `staircase` the exponent
/// is floored, so the rate drops by `decayRate` once every `decaySteps` updates.
///
/// ```swift
/// let schedule = try ExponentialDecay(initialLearningRate: 0.1, decaySteps: 1000, decayRate: 0.96)
/// model.compile(optimizer: SGD(), loss: .meanSquaredError, learningRateSchedule: schedule)
/// ```
public struct ExponentialDecay: LearningRateSchedule {
    public let initialLearningRate: Float
    public let decaySteps: Int
    public let decayRate: Float
    public let staircase: Bool

    /// - Throws: ``DendriteError`` unless `initialLearningRate` ≥ 0, `decaySteps` > 0 and `decayRate` > 0.
    public init(initialLearningRate: Float, decaySteps: Int, decayRate: Float, staircase: Bool = false) throws {
        try ScheduleCheck.rate("ExponentialDecay", "initialLearningRate", initialLearningRate)
        try ScheduleCheck.positive("ExponentialDecay", "decaySteps", decaySteps)
        guard decayRate > 0, decayRate.isFinite else {
            throw DendriteError.argument("ExponentialDecay: decayRate must be a finite number > 0, got \(decayRate)")
        }
        self.initialLearningRate = initialLearningRate
        self.decaySteps = decaySteps
        self.decayRate = decayRate
        self.staircase = staircase
    }

    public func learningRate(atStep step: Int) -> Float {
        var progress = Float(step) / Float(decaySteps)
        if staircase { progress.round(.down) }
        return initialLearningRate * pow(decayRate, progress)
    }
}
