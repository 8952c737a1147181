import Foundation

/// Cosine annealing (Loshchilov & Hutter's SGDR without restarts), as Keras' `CosineDecay`, with
/// an optional linear warm-up.
///
/// Without warm-up (`warmupTarget` nil; `warmupSteps` is then ignored), for `t = min(step, decaySteps)`:
/// `η₀ · ((1 − α) · ½(1 + cos(π t / decaySteps)) + α)`, falling from η₀ to `α·η₀` and staying there.
///
/// With warm-up the rate first rises linearly from η₀ to `warmupTarget` over `warmupSteps`, then
/// decays by the same formula from `warmupTarget` (to `α·warmupTarget`) over the next `decaySteps`.
///
/// Defaults (Keras): `alpha` 0, no warm-up.
public struct CosineDecay: LearningRateSchedule {
    public let initialLearningRate: Float
    public let decaySteps: Int
    /// The final rate as a fraction of the rate the decay starts from.
    public let alpha: Float
    public let warmupTarget: Float?
    public let warmupSteps: Int

    /// - Throws: ``DendriteError`` unless the rates are ≥ 0, `decaySteps` > 0, 0 ≤ `alpha` ≤ 1 and `warmupSteps` ≥ 0.
    public init(initialLearningRate: Float, decaySteps: Int, alpha: Float = 0, warmupTarget: Float? = nil,
                warmupSteps: Int = 0) throws {
        try ScheduleCheck.rate("CosineDecay", "initialLearningRate", initialLearningRate)
        try ScheduleCheck.positive("CosineDecay", "decaySteps", decaySteps)
        guard (0...1).contains(alpha) else { throw DendriteError.argument("CosineDecay: alpha must be in [0, 1], got \(alpha)") }
        if let warmupTarget { try ScheduleCheck.rate("CosineDecay", "warmupTarget", warmupTarget) }
        guard warmupSteps >= 0 else { throw DendriteError.argument("CosineDecay: warmupSteps must be ≥ 0, got \(warmupSteps)") }
        self.initialLearningRate = initialLearningRate
        self.decaySteps = decaySteps
        self.alpha = alpha
        self.warmupTarget = warmupTarget
        self.warmupSteps = warmupSteps
    }

    public func learningRate(atStep step: Int) -> Float {
        guard let warmupTarget else { return decayed(from: initialLearningRate, step: step) }
        guard step >= warmupSteps else {
            return initialLearningRate + (warmupTarget - initialLearningRate) * Float(step) / Float(warmupSteps)
        }
        return decayed(from: warmupTarget, step: step - warmupSteps)
    }

    private func decayed(from rate: Float, step: Int) -> Float {
        let progress = Float(Swift.min(step, decaySteps)) / Float(decaySteps)
        let cosine = 0.5 * (1 + cos(Float.pi * progress))
        return rate * ((1 - alpha) * cosine + alpha)
    }
}
