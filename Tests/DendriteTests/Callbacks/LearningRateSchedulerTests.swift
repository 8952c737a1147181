import Foundation
import Testing
@testable import Dendrite

@Suite struct LearningRateSchedulerTests {
    @Test func epochScheduleIsRecordedInHistory() throws {
        let model = TinyRegression.compiledModel(learningRate: 0.1)
        let scheduler = LearningRateScheduler { epoch, _ in 0.1 * pow(0.5, Float(epoch)) }
        let history = try model.fit(TinyRegression.x, TinyRegression.y, epochs: 3, batchSize: 16, callbacks: [scheduler],
                                    verbose: 0)
        #expect(history["learning_rate"] == [0.1, 0.05, 0.025])
        #expect(model.learningRate == 0.025)
    }

    @Test func scheduleReceivesTheCurrentRate() throws {
        let model = TinyRegression.compiledModel(learningRate: 0.2)
        var seen: [Float] = []
        let scheduler = LearningRateScheduler { epoch, rate in
            seen.append(rate)
            return epoch == 0 ? rate : rate / 2
        }
        let history = try model.fit(TinyRegression.x, TinyRegression.y, epochs: 3, batchSize: 32, callbacks: [scheduler],
                                    verbose: 0)
        #expect(seen == [0.2, 0.2, 0.1])
        #expect(history["learning_rate"] == [0.2, 0.1, 0.05])
    }

    @Test func invalidReturnedRateThrowsNamingTheEpoch() throws {
        let model = TinyRegression.compiledModel()
        let scheduler = LearningRateScheduler { epoch, rate in epoch == 1 ? -rate : rate }
        let error = try #require(throws: DendriteError.self) {
            try model.fit(TinyRegression.x, TinyRegression.y, epochs: 3, callbacks: [scheduler], verbose: 0)
        }
        #expect(error.message.contains("for epoch 1"), "\(error.message)")
    }

    @Test func modelCompiledWithAScheduleIsRejected() throws {
        let model = TinyRegression.model()
        model.compile(optimizer: SGD(), loss: .meanSquaredError,
                      learningRateSchedule: try ExponentialDecay(initialLearningRate: 0.1, decaySteps: 10, decayRate: 0.9))
        let error = try #require(throws: DendriteError.self) {
            try model.fit(TinyRegression.x, TinyRegression.y, callbacks: [LearningRateScheduler { _, rate in rate }], verbose: 0)
        }
        #expect(error.message.contains("LearningRateScheduler") && error.message.contains("schedule"))
    }
}
