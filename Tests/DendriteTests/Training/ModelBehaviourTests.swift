import Testing
@testable import Dendrite

@Suite struct ModelBehaviourTests {
    let x = Tensor.randomNormal([64, 4], seed: 3)
    var y: Tensor { (x.slice(alongAxis: 1, 0..<1) + x.slice(alongAxis: 1, 1..<2) .> 0).reshaped([64]) }

    func model(seed: UInt64 = 0, dropout: Float = 0, regularizer: Regularizer? = nil) -> Sequential {
        let model = Sequential(seed: seed) {
            Dense(8, activation: .relu, kernelRegularizer: regularizer, inputShape: [4])
            Dropout(dropout)
            Dense(1, activation: .sigmoid)
        }
        model.compile(optimizer: Adam(learningRate: 0.01), loss: .binaryCrossentropy, metrics: [.accuracy, .precision, .recall, .auc])
        return model
    }

    @Test func sameSeedGivesBitIdenticalTraining() throws {
        let a = model(seed: 7, dropout: 0.2), b = model(seed: 7, dropout: 0.2)
        let historyA = try a.fit(x, y, epochs: 5, batchSize: 8, verbose: 0)
        let historyB = try b.fit(x, y, epochs: 5, batchSize: 8, verbose: 0)
        #expect(a.weights == b.weights)
        #expect(historyA["loss"] == historyB["loss"])
        let c = model(seed: 8, dropout: 0.2)
        try c.fit(x, y, epochs: 5, batchSize: 8, verbose: 0)
        #expect(c.weights != a.weights)
    }

    @Test func historyHasEveryMetricAndValidationKey() throws {
        let history = try model().fit(x, y, epochs: 3, batchSize: 16, validationSplit: 0.25, verbose: 0)
        for key in ["loss", "accuracy", "precision", "recall", "auc", "val_loss", "val_accuracy", "learning_rate", "epoch_time"] {
            #expect(history[key]?.count == 3, "\(key)")
        }
        #expect(history["learning_rate"]!.allSatisfy { $0 == 0.01 })
    }

    @Test func regularizationPenaltyIsPartOfTheEvaluatedLoss() throws {
        let plain = model(), penalised = model(regularizer: .l2(0.1))
        try plain.build(inputShape: [4])
        try penalised.build(inputShape: [4])
        penalised.weights = plain.weights
        let kernel = plain.parameters[0].value
        let expectedPenalty = 0.1 * kernel.squared().sum().scalar
        let difference = try penalised.evaluate(x, y)["loss"]! - plain.evaluate(x, y)["loss"]!
        #expect(Swift.abs(difference - expectedPenalty) < 1e-4 * Swift.max(1, expectedPenalty))
    }

    @Test func dropoutOnlyActsInTraining() throws {
        let layer = Dropout(0.5)
        var generator = RandomGenerator(seed: 1)
        try layer.build(inputShape: [1000], generator: &generator)
        let input = Tensor.ones([1, 1000])
        #expect(layer(input, training: false) == input)
        let dropped = layer(input, training: true).scalars
        #expect(Set(dropped) == [0, 2])
        let kept = dropped.filter { $0 > 0 }.count
        #expect(kept > 430 && kept < 570)
    }

    @Test func earlyStoppingStopsAndRestoresTheBestWeights() throws {
        // A model that overfits: validation loss gets worse while training loss keeps falling.
        let noisyY = Tensor(shape: [64], scalars: (0..<64).map { Float(($0 * 7) % 2) })
        let model = Sequential(seed: 1) {
            Dense(64, activation: .relu, inputShape: [4])
            Dense(1, activation: .sigmoid)
        }
        model.compile(optimizer: Adam(learningRate: 0.05), loss: .binaryCrossentropy)
        let stopper = EarlyStopping(monitor: "val_loss", patience: 3, restoreBestWeights: true)
        var weightsAtBest: [Tensor] = []
        let recorder = LambdaWeightsRecorder { epoch, model in
            if epoch == stopper.bestEpoch { weightsAtBest = model.weights }
        }
        let history = try model.fit(x, noisyY, epochs: 200, batchSize: 16, validationData: (x * -1, noisyY),
                                    callbacks: [stopper, recorder], verbose: 0)
        let stopped = try #require(stopper.stoppedEpoch)
        #expect(history.epochs.count == stopped + 1 && stopped < 199)
        #expect(stopped - stopper.bestEpoch! == 3)
        #expect(model.weights == weightsAtBest)
    }

    @Test func classWeightsScaleEachSamplesLoss() throws {
        let heavy = model(), light = model()
        try heavy.build(inputShape: [4])
        try light.build(inputShape: [4])
        light.weights = heavy.weights
        let h1 = try heavy.fit(x, y, epochs: 1, batchSize: 64, classWeights: [0: 2, 1: 2], verbose: 0)
        let h2 = try light.fit(x, y, epochs: 1, batchSize: 64, verbose: 0)
        #expect(Swift.abs(h1["loss"]![0] - 2 * h2["loss"]![0]) < 1e-5)
    }

    @Test func frozenLayersDoNotChange() throws {
        let model = model()
        try model.build(inputShape: [4])
        model.layers[0].trainable = false
        let before = model.parameters[0].value
        try model.fit(x, y, epochs: 2, batchSize: 16, verbose: 0)
        #expect(model.parameters[0].value == before)
        #expect(model.parameters[2].value != Tensor.zeros([8, 1]))
        #expect(model.summaryText().contains("Non-trainable params: 40 (160.00 B)"))
    }
}

/// Calls `body` after each epoch (the test's own spy; the library's LambdaCallback is tested elsewhere).
final class LambdaWeightsRecorder: Callback {
    let body: (Int, Model) -> Void
    init(_ body: @escaping (Int, Model) -> Void) { self.body = body }
    func onEpochEnd(_ epoch: Int, logs: [String: Float], model: Model) throws { body(epoch, model) }
}

@Suite struct SetWeightsTests {
    @Test func replacesWeightsOrRefusesWithoutChangingAnything() throws {
        let model = Sequential { Dense(2, inputShape: [3]) }
        #expect(throws: DendriteError.self) { try Sequential { Dense(2) }.setWeights([Tensor.zeros([3, 2])]) }
        try model.build(inputShape: [3])
        let before = model.weights
        let cases: [([Tensor], String)] = [
            ([Tensor.zeros([3, 2])], "setWeights: 1 tensors for the 2 weights of sequential"),
            ([Tensor.zeros([2, 3]), Tensor.zeros([2])], "setWeights: shape [2, 3] for dense.kernel, which has shape [3, 2]"),
            ([Tensor.full([3, 2], .nan), Tensor.zeros([2])], "setWeights: the tensor for dense.kernel contains a non-finite value"),
        ]
        for (weights, message) in cases {
            do {
                try model.setWeights(weights)
                Issue.record("expected: \(message)")
            } catch let error as DendriteError {
                #expect(error.message == message)
            }
            #expect(model.weights == before)
        }
        try model.setWeights([Tensor.ones([3, 2]), Tensor([0.5, -0.5])])
        #expect(try model.predict(Tensor([[1, 1, 1]])).scalars == [3.5, 2.5])
    }
}
