/// A learning rate that changes with the optimizer step (Keras' `LearningRateSchedule`).
/// `step` counts updates from 0.
public protocol LearningRateSchedule: Sendable {
    func learningRate(atStep step: Int) -> Float
}
