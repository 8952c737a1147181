import DendriteCore
import Foundation

/// The curve of a learning-rate range test: the rates tried, in increasing order, and the smoothed
/// loss at each.
public struct LearningRateFinderResult: Sendable {
    /// The rate of each update, growing geometrically from `startRate`.
    public let rates: [Float]
    /// The loss of each update, exponentially smoothed with bias correction.
    public let losses: [Float]
    /// The rate at which the smoothed loss falls fastest.
    public let suggestedRate: Float

    /// The index where the curve falls fastest (its steps are even, here in log(rate)).
    static func steepestDescent(_ curve: [Float]) -> Int {
        guard curve.count > 1 else { return 0 }
        let last = curve.count - 1
        let slopes = curve.indices.map { i in
            (curve[Swift.min(i + 1, last)] - curve[Swift.max(i - 1, 0)]) / Float(Swift.min(i + 1, last) - Swift.max(i - 1, 0))
        }
        return slopes.indices.min { slopes[$0] < slopes[$1] } ?? 0
    }
}

extension Model {
    /// Runs a learning-rate range test (Smith 2017; fastai's `lr_find`) and gives the model back as
    /// it found it.
    ///
    /// Update `i` (of `steps`) trains on the next mini-batch at the rate
    /// `startRate · (endRate / startRate)^(i / (steps − 1))`, so the rates are evenly spaced on a log
    /// axis. Each batch loss `ℓᵢ` is smoothed as `aᵢ = β·aᵢ₋₁ + (1 − β)·ℓᵢ`, `Lᵢ = aᵢ / (1 − β^(i+1))`
    /// (β = `smoothing`; the division removes the bias towards the initial 0). The test stops early
    /// once `Lᵢ` exceeds 4× the lowest smoothed loss so far, or the loss is not finite.
    ///
    /// The suggestion is fastai's "steepest" rule: the rate where `L` falls fastest against
    /// log(rate), `argminᵢ dL/dlog η`, with the derivative taken by central differences (one-sided at
    /// the ends). As fastai, the first tenth of the `steps` is left out of that search: there the
    /// smoothed loss is still mostly the noise of single batches. Train at the suggested rate, or
    /// use it as the `maxRate` of a ``CyclicalLearningRate``.
    ///
    /// The weights, the optimizer's rate and state, and the shuffling generator are restored
    /// afterwards; the updates use a fresh optimizer state (no momentum from earlier training) and
    /// ignore the compiled schedule. The model is built if it was not.
    ///
    /// - Parameters:
    ///   - x: features `[samples, …]`; y: targets `[samples, …]`, as for `fit`.
    ///   - startRate, endRate: the range of rates, 0 < startRate < endRate (defaults 1e-7 and 10).
    ///   - steps: the number of updates (default 200; 100–300 is usual). Passes over the data repeat,
    ///     reshuffled, as often as needed.
    ///   - batchSize: samples per update (default 32).
    ///   - smoothing: β in [0, 1) (default 0.98; 0 keeps the raw losses).
    /// - Throws: ``DendriteError`` for bad data or arguments, an uncompiled model, or a loss that is not
    ///   finite at the very first update.
    public func findLearningRate(_ x: Tensor, _ y: Tensor, startRate: Float = 1e-7, endRate: Float = 10,
                                 steps: Int = 200, batchSize: Int = 32,
                                 smoothing: Float = 0.98) throws -> LearningRateFinderResult {
        try findLearningRate([x], [y], startRate: startRate, endRate: endRate, steps: steps, batchSize: batchSize,
                             smoothing: smoothing)
    }

    /// The range test for a model with several inputs or outputs: one array per input and per
    /// output, as for `fit`; the loss followed is the total.
    public func findLearningRate(_ x: [Tensor], _ y: [Tensor], startRate: Float = 1e-7, endRate: Float = 10,
                                 steps: Int = 200, batchSize: Int = 32,
                                 smoothing: Float = 0.98) throws -> LearningRateFinderResult {
        let settings = try requireCompiled()
        guard startRate > 0, endRate > startRate, endRate.isFinite else {
            throw DendriteError.argument("findLearningRate: need 0 < startRate < endRate (finite), got \(startRate) and \(endRate)")
        }
        guard steps >= 2 else { throw DendriteError.argument("findLearningRate: steps must be ≥ 2, got \(steps)") }
        guard batchSize > 0 else { throw DendriteError.argument("findLearningRate: batchSize must be > 0, got \(batchSize)") }
        guard smoothing >= 0, smoothing < 1 else {
            throw DendriteError.argument("findLearningRate: smoothing must be in [0, 1), got \(smoothing)")
        }
        try settings.optimizerState.optimizer.validate()
        try DataValidation.check(inputs: x, targets: y, model: self, objectives: try settings.objectives(for: self))
        try build(inputShapes: x.map { Array($0.shape.dropFirst()) })

        let savedWeights = weights, savedGenerator = generator
        defer { weights = savedWeights; generator = savedGenerator; compiled = settings }
        compiled = CompiledSettings(optimizerState: OptimizerState(settings.optimizerState.optimizer), losses: settings.losses,
                                    lossWeights: settings.lossWeights, metrics: settings.metrics, schedule: nil)

        let count = x[0].shape[0]
        var order: [Int] = [], cursor = 0
        var rates: [Float] = [], losses: [Float] = []
        var average: Float = 0, best = Float.infinity
        for step in 0..<steps {
            if cursor >= count { cursor = 0 }
            if cursor == 0 { order = generator.permutation(count) }
            let indices = Array(order[cursor..<(cursor + Swift.min(batchSize, count - cursor))])
            cursor += indices.count
            let rate = startRate * pow(endRate / startRate, Float(step) / Float(steps - 1))
            learningRate = rate
            let loss = try trainOnBatch(x.map { $0.gathering(indices) }, y.map { $0.gathering(indices) })
            guard loss.isFinite else { break }
            average = smoothing * average + (1 - smoothing) * loss
            let smoothed = average / (1 - pow(smoothing, Float(step + 1)))
            rates.append(rate)
            losses.append(smoothed)
            if smoothed > 4 * best { break }
            best = Swift.min(best, smoothed)
        }
        guard !rates.isEmpty else {
            throw DendriteError.data("findLearningRate: the loss was not finite at the first update (rate \(startRate)); check the data or lower startRate")
        }
        let skipped = rates.count > steps / 10 + 1 ? steps / 10 : 0
        let steepest = skipped + LearningRateFinderResult.steepestDescent(Array(losses[skipped...]))
        return LearningRateFinderResult(rates: rates, losses: losses, suggestedRate: rates[steepest])
    }
}
