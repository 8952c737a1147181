import Foundation

/// The course's "step decay": the rate is multiplied by `factor` once every `stepSize` updates,
/// `η₀ · factor^⌊step / stepSize⌋`.
///
/// A piecewise-constant rate, the one Keras writes as `PiecewiseConstantDecay` with a boundary
/// every `stepSize` steps (or `ExponentialDecay` with `staircase`). For example `factor` 0.5 and
/// `stepSize` 10 halve the rate at steps 10, 20, 30, … Default `factor`: 0.5.
public struct StepDecay: LearningRateSchedule {
    public let initialLearningRate: Float
    public let factor: Float
    public let stepSize: Int

    /// - Throws: ``DendriteError`` unless `initialLearningRate` ≥ 0, 0 < `factor` ≤ 1 and `stepSize` > 0.
    public init(initialLearningRate: Float, factor: Float = 0.5, stepSize: Int) throws {
        try ScheduleCheck.rate("StepDecay", "initialLearningRate", initialLearningRate)
        guard factor > 0, factor <= 1 else { throw DendriteError.argument("StepDecay: factor must be in (0, 1], got \(factor)") }
        try ScheduleCheck.positive("StepDecay", "stepSize", stepSize)
        self.initialLearningRate = initialLearningRate
        self.factor = factor
        self.stepSize = stepSize
    }

    public func learningRate(atStep step: Int) -> Float {
        initialLearningRate * pow(factor, Float(step / stepSize))
    }
}
