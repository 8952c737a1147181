import DendriteTestSupport
import Testing
@testable import Dendrite

/// ReduceLROnPlateau driven directly with made-up epoch logs, so every reduction is predictable.
@Suite struct ReduceLROnPlateauCallbackTests {
    /// The rate after each epoch's `onEpochEnd`, for `values` of the monitored key.
    func rates(_ callback: ReduceLROnPlateau, _ values: [Float], key: String = "val_loss",
               model: Sequential = TinyRegression.compiledModel(learningRate: 0.1)) throws -> [Float] {
        try callback.onTrainBegin(model: model)
        return try values.enumerated().map { epoch, value in
            try callback.onEpochEnd(epoch, logs: [key: value, "loss": 1], model: model)
            return model.learningRate
        }
    }

    func expectClose(_ actual: [Float], _ expected: [Float], sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(actual.count == expected.count && zip(actual, expected).allSatisfy { abs($0 - $1) <= 1e-7 * max($1, 1) },
                "\(actual), expected \(expected)", sourceLocation: sourceLocation)
    }

    @Test func reducesByFactorAfterPatienceEpochsWithoutImprovement() throws {
        let callback = ReduceLROnPlateau(factor: 0.5, patience: 2)
        expectClose(try rates(callback, [1.0, 0.9, 0.9, 0.9, 0.9, 0.9]), [0.1, 0.1, 0.1, 0.05, 0.05, 0.025])
        #expect(callback.best == 0.9)
    }

    @Test func improvementSmallerThanMinDeltaDoesNotCount() throws {
        expectClose(try rates(ReduceLROnPlateau(factor: 0.5, patience: 1, minDelta: 1e-3), [1.0, 0.9995, 0.998]),
                    [0.1, 0.05, 0.05])
    }

    @Test func cooldownSkipsCountingAfterAReduction() throws {
        expectClose(try rates(ReduceLROnPlateau(factor: 0.5, patience: 1, cooldown: 2), [1, 1, 1, 1, 1, 1]),
                    [0.1, 0.05, 0.05, 0.025, 0.025, 0.0125])
    }

    @Test func neverGoesBelowMinLearningRate() throws {
        expectClose(try rates(ReduceLROnPlateau(factor: 0.1, patience: 0, minLearningRate: 0.005), [1, 1, 1, 1]),
                    [0.1, 0.01, 0.005, 0.005])
    }

    @Test func accuracyIsMaximisedInAutoMode() throws {
        expectClose(try rates(ReduceLROnPlateau(monitor: "val_accuracy", factor: 0.5, patience: 1), [0.5, 0.6, 0.55],
                              key: "val_accuracy"),
                    [0.1, 0.1, 0.05])
    }

    @Test func historyRecordsTheRateEachEpochTrainedWith() throws {
        let model = TinyRegression.compiledModel(learningRate: 0.1)
        let callback = ReduceLROnPlateau(monitor: "loss", factor: 0.5, patience: 0, minDelta: 100)
        let history = try model.fit(TinyRegression.x, TinyRegression.y, epochs: 3, batchSize: 32, callbacks: [callback],
                                    verbose: 0)
        // A reduction at the end of an epoch applies from the next one.
        #expect(history["learning_rate"] == [0.1, 0.1, 0.05])
        #expect(model.learningRate == 0.025)
    }

    @Test func badSettingsThrowWhenTrainingBegins() throws {
        let model = TinyRegression.compiledModel()
        for (callback, message) in [(ReduceLROnPlateau(factor: 1), "factor must be in (0, 1)"),
                                    (ReduceLROnPlateau(patience: -1), "patience must be ≥ 0"),
                                    (ReduceLROnPlateau(cooldown: -2), "cooldown must be ≥ 0"),
                                    (ReduceLROnPlateau(minLearningRate: -1), "minLearningRate must be")] {
            let error = try #require(throws: DendriteError.self) { try callback.onTrainBegin(model: model) }
            #expect(error.message.contains(message), "\(error.message)")
        }
        let scheduled = TinyRegression.model()
        scheduled.compile(optimizer: SGD(), loss: .meanSquaredError,
                          learningRateSchedule: try StepDecay(initialLearningRate: 0.1, stepSize: 10))
        let error = try #require(throws: DendriteError.self) { try ReduceLROnPlateau().onTrainBegin(model: scheduled) }
        #expect(error.message.contains("learning-rate schedule"))
    }

    @Test func missingMonitoredValueThrowsListingTheKeys() throws {
        let model = TinyRegression.compiledModel()
        let callback = ReduceLROnPlateau()
        try callback.onTrainBegin(model: model)
        let error = try #require(throws: DendriteError.self) { try callback.onEpochEnd(0, logs: ["loss": 1], model: model) }
        #expect(error.message.contains("'val_loss'") && error.message.contains("[\"loss\"]"), "\(error.message)")
    }
}
