import Foundation

/// Cyclical learning rates (Smith 2017, "Cyclical Learning Rates for Training Neural Networks"):
/// the rate goes linearly from `baseRate` up to `maxRate` in `stepSize` updates and back down in
/// as many, over and over. For `step` t:
///
///     cycle = ⌊1 + t / (2·stepSize)⌋
///     x     = |t / stepSize − 2·cycle + 1|
///     η     = baseRate + (maxRate − baseRate) · max(0, 1 − x) · scale
///
/// `scale` is 1 for `.triangular`, `1 / 2^(cycle − 1)` for `.triangular2` (the height halves every
/// cycle) and `γ^t` for `.exponentialRange(gamma:)`. Smith suggests a `stepSize` of 2–10 epochs'
/// worth of updates. Matches PyTorch's `CyclicLR`.
public struct CyclicalLearningRate: LearningRateSchedule {
    /// How the height of the triangle changes from cycle to cycle.
    public enum Mode: Sendable, Equatable {
        case triangular
        case triangular2
        case exponentialRange(gamma: Float)
    }

    public let baseRate: Float
    public let maxRate: Float
    public let stepSize: Int
    public let mode: Mode

    /// - Throws: ``DendriteError`` unless 0 ≤ `baseRate` ≤ `maxRate`, `stepSize` > 0 and, for
    ///   `.exponentialRange`, 0 < γ ≤ 1.
    public init(baseRate: Float, maxRate: Float, stepSize: Int, mode: Mode = .triangular) throws {
        try ScheduleCheck.rate("CyclicalLearningRate", "baseRate", baseRate)
        try ScheduleCheck.rate("CyclicalLearningRate", "maxRate", maxRate)
        guard baseRate <= maxRate else {
            throw DendriteError.argument("CyclicalLearningRate: baseRate \(baseRate) must not exceed maxRate \(maxRate)")
        }
        try ScheduleCheck.positive("CyclicalLearningRate", "stepSize", stepSize)
        if case .exponentialRange(let gamma) = mode, !(gamma > 0 && gamma <= 1) {
            throw DendriteError.argument("CyclicalLearningRate: gamma must be in (0, 1], got \(gamma)")
        }
        self.baseRate = baseRate
        self.maxRate = maxRate
        self.stepSize = stepSize
        self.mode = mode
    }

    public func learningRate(atStep step: Int) -> Float {
        let cycle = 1 + step / (2 * stepSize)
        let x = abs(Float(step) / Float(stepSize) - Float(2 * cycle) + 1)
        let scale: Float
        switch mode {
        case .triangular: scale = 1
        case .triangular2: scale = 1 / pow(2, Float(cycle - 1))
        case .exponentialRange(let gamma): scale = pow(gamma, Float(step))
        }
        return baseRate + (maxRate - baseRate) * Swift.max(0, 1 - x) * scale
    }
}
