import Foundation
import Testing
@testable import Dendrite

@Suite struct LearningRateFinderTests {
    @Test func curveRisesGeometricallyAndStopsWhenTheLossDiverges() throws {
        let model = TinyRegression.compiledModel()
        let result = try model.findLearningRate(TinyRegression.x, TinyRegression.y, startRate: 1e-4, endRate: 10,
                                                steps: 60, batchSize: 32)
        #expect(result.rates.count == result.losses.count)
        #expect(result.rates.first == 1e-4)
        let ratio: Float = pow(1e5, 1 / 59)
        for (previous, next) in zip(result.rates, result.rates.dropFirst()) {
            #expect(abs(next / previous - ratio) < 1e-4)
        }
        // SGD on this problem diverges above a rate of 1, well before 10.
        #expect(result.rates.count < 60)
        let best = try #require(result.losses.min())
        #expect(try #require(result.losses.last) > 4 * best)
        // The bias alone diverges above a rate of 1 (its error is multiplied by 1 − 2η per update).
        #expect(result.suggestedRate > 1e-2 && result.suggestedRate < 1, "suggested \(result.suggestedRate) \(result.rates) \(result.losses)")
    }

    @Test func leavesTheModelAsItFoundIt() throws {
        let probed = TinyRegression.compiledModel(learningRate: 0.05), untouched = TinyRegression.compiledModel(learningRate: 0.05)
        try probed.fit(TinyRegression.x, TinyRegression.y, epochs: 1, verbose: 0)
        try untouched.fit(TinyRegression.x, TinyRegression.y, epochs: 1, verbose: 0)
        let before = probed.weights
        _ = try probed.findLearningRate(TinyRegression.x, TinyRegression.y, steps: 40, batchSize: 8)
        #expect(probed.weights == before)
        #expect(probed.learningRate == 0.05)
        #expect(probed.compiled?.optimizerState.iterations == 1)
        // Same shuffling and updates afterwards as a model that never ran the test.
        try probed.fit(TinyRegression.x, TinyRegression.y, epochs: 2, batchSize: 8, verbose: 0)
        try untouched.fit(TinyRegression.x, TinyRegression.y, epochs: 2, batchSize: 8, verbose: 0)
        #expect(probed.weights == untouched.weights)
    }

    @Test func firstSmoothedLossIsTheRawFirstLoss() throws {
        let model = TinyRegression.compiledModel(), replica = TinyRegression.compiledModel()
        let result = try model.findLearningRate(TinyRegression.x, TinyRegression.y, startRate: 1e-3, steps: 10, batchSize: 8)
        try replica.build(inputShape: [1])
        let first = Array(replica.generator.permutation(32).prefix(8))
        let loss = try replica.trainOnBatch(TinyRegression.x.gathering(first), TinyRegression.y.gathering(first))
        // Bias correction: a₀ / (1 − β) = (1 − β)·ℓ₀ / (1 − β).
        #expect(abs(result.losses[0] - loss) <= 1e-5 * loss)
    }

    @Test func suggestionIsWhereTheCurveFallsFastest() {
        // Central differences: 0, −0.5, −1.5, −1.25, −0.3, 0.75, 1.6.
        #expect(LearningRateFinderResult.steepestDescent([5, 5, 4, 2, 1.5, 1.4, 3]) == 2)
        #expect(LearningRateFinderResult.steepestDescent([3, 1]) == 0)
        #expect(LearningRateFinderResult.steepestDescent([2]) == 0)
    }

    @Test func compiledScheduleIsSetAsideAndKept() throws {
        let model = TinyRegression.model()
        let schedule = try StepDecay(initialLearningRate: 0.1, stepSize: 5)
        model.compile(optimizer: SGD(), loss: .meanSquaredError, learningRateSchedule: schedule)
        let result = try model.findLearningRate(TinyRegression.x, TinyRegression.y, startRate: 1e-3, endRate: 1e-1,
                                                steps: 5, batchSize: 8)
        #expect(result.rates.count == 5)
        #expect(model.learningRate == 0.1)
        #expect(model.compiled?.schedule is StepDecay)
    }

    @Test func badArgumentsThrow() throws {
        let model = TinyRegression.compiledModel()
        let (x, y) = (TinyRegression.x, TinyRegression.y)
        for (message, run) in [("0 < startRate < endRate", { _ = try model.findLearningRate(x, y, startRate: 0) }),
                               ("0 < startRate < endRate", { _ = try model.findLearningRate(x, y, startRate: 1, endRate: 0.1) }),
                               ("steps must be ≥ 2", { _ = try model.findLearningRate(x, y, steps: 1) }),
                               ("batchSize must be > 0", { _ = try model.findLearningRate(x, y, batchSize: 0) }),
                               ("smoothing must be in [0, 1)", { _ = try model.findLearningRate(x, y, smoothing: 1) })]
            as [(String, () throws -> Void)] {
            let error = try #require(throws: DendriteError.self) { try run() }
            #expect(error.message.contains(message), "\(error.message)")
        }
        let error = try #require(throws: DendriteError.self) {
            _ = try TinyRegression.model().findLearningRate(x, y)
        }
        #expect(error.kind == .notCompiled)
    }
}
