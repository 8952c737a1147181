/// `η₀ / (1 + decayRate · step / decaySteps)` (Keras' `InverseTimeDecay`; with `decaySteps` 1 the
/// classic `lr0 / (1 + decay · t)`); with `staircase` the ratio is floored.
public struct InverseTimeDecay: LearningRateSchedule {
    public let initialLearningRate: Float
    public let decayRate: Float
    public let decaySteps: Int
    public let staircase: Bool

    /// - Throws: ``DendriteError`` unless `initialLearningRate` ≥ 0, `decayRate` ≥ 0 and `decaySteps` > 0.
    public init(initialLearningRate: Float, decayRate: Float, decaySteps: Int = 1, staircase: Bool = false) throws {
        try ScheduleCheck.rate("InverseTimeDecay", "initialLearningRate", initialLearningRate)
        try ScheduleCheck.rate("InverseTimeDecay", "decayRate", decayRate)
        try ScheduleCheck.positive("InverseTimeDecay", "decaySteps", decaySteps)
        self.initialLearningRate = initialLearningRate
        self.decayRate = decayRate
        self.decaySteps = decaySteps
        self.staircase = staircase
    }

    public func learningRate(atStep step: Int) -> Float {
        var progress = Float(step) / Float(decaySteps)
        if staircase { progress.round(.down) }
        return initialLearningRate / (1 + decayRate * progress)
    }
}
