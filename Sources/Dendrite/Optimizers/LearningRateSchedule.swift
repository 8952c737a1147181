/// A learning rate that changes with the optimizer step (Keras' `LearningRateSchedule`).
/// `step` counts updates from 0.
public protocol LearningRateSchedule: Sendable {
    func learningRate(atStep step: Int) -> Float
}

/// `η₀ / (1 + decayRate · step / decaySteps)` (Keras' `InverseTimeDecay`; with `decaySteps` 1 the
/// classic `lr0 / (1 + decay · t)`); with `staircase` the ratio is floored.
public struct InverseTimeDecay: LearningRateSchedule {
    public let initialLearningRate: Float
    public let decayRate: Float
    public let decaySteps: Int
    public let staircase: Bool

    public init(initialLearningRate: Float, decayRate: Float, decaySteps: Int = 1, staircase: Bool = false) {
        self.initialLearningRate = initialLearningRate
        self.decayRate = decayRate
        self.decaySteps = Swift.max(decaySteps, 1)
        self.staircase = staircase
    }

    public func learningRate(atStep step: Int) -> Float {
        var progress = Float(step) / Float(decaySteps)
        if staircase { progress.round(.down) }
        return initialLearningRate / (1 + decayRate * progress)
    }
}
