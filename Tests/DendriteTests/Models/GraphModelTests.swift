import DendriteTestSupport
import Foundation
import Testing
@testable import Dendrite

/// The functional API's behaviour: building graphs, their errors, names, data by name, summaries.
@Suite struct GraphModelTests {
    static func twoTowers() throws -> Model {
        let left = Input(shape: [3], name: "left"), right = Input(shape: [2], name: "right")
        let joined = try Concatenate()([try Dense(4, activation: .relu)(left), try Dense(4)(right)])
        let hidden = try Dense(5, activation: .tanh)(joined)
        return try Model(inputs: [left, right], outputs: [try Dense(1, name: "score")(hidden),
                                                          try Dense(3, activation: .softmax, name: "kind")(hidden)],
                         name: "towers", seed: 9)
    }

    @Test func layersAreNamedAndBuiltInOrderOfUse() throws {
        let model = try Self.twoTowers()
        #expect(model.layers.map(\.name) == ["left", "right", "dense", "dense_1", "concatenate", "dense_2", "score", "kind"])
        #expect(model.inputShapes == [[3], [2]] && model.outputShapes == [[1], [3]] && model.outputNames == ["score", "kind"])
        #expect(model.parameters.map(\.name).prefix(2) == ["dense.kernel", "dense.bias"])
        #expect(model.parameterCount == (3 * 4 + 4) + (2 * 4 + 4) + (8 * 5 + 5) + (5 + 1) + (5 * 3 + 3))
    }

    @Test func sharedLayersShareTheirWeights() throws {
        let a = Input(shape: [2]), b = Input(shape: [2])
        let shared = Dense(3)
        let model = try Model(inputs: [a, b], outputs: [try Subtract()([try shared(a), try shared(b)])])
        #expect(model.parameters.count == 2)
        let x = Tensor([[1, 2], [3, 4]])
        // The same weights on the same input: the difference is exactly zero.
        #expect(try model.predict([x, x])[0].scalars.allSatisfy { $0 == 0 })
    }

    @Test func graphErrorsNameTheProblem() throws {
        let a = Input(shape: [3], name: "a"), stray = Input(shape: [3], name: "stray")
        let disconnected = try #require(throws: DendriteError.self) {
            try Model(inputs: [a], outputs: [try Add()([a, stray])])
        }
        #expect(disconnected.message == "functional: graph disconnected: the input 'stray' of shape [3] is used but not among the model's inputs")

        let mismatch = try #require(throws: DendriteError.self) { try Add()([a, Input(shape: [4])]) }
        #expect(mismatch.message == "Add called on inputs of shape [3], [4]: Add cannot combine shapes [3], [4]: axis 1 has sizes 3 and 4")

        let arity = try #require(throws: DendriteError.self) { try Dense(2)([a, a]) }
        #expect(arity.message.hasSuffix("Dense takes 1 input(s), got 2"))

        let duplicate = try #require(throws: DendriteError.self) {
            try Model(inputs: a, outputs: try Dense(1, name: "x")(try Dense(2, name: "x")(a)))
        }
        #expect(duplicate.message == "functional: two layers are named 'x'; layer names must be unique")

        let shared = Dense(2)
        _ = try shared(Input(shape: [3]))
        let reused = try #require(throws: DendriteError.self) {
            let b = Input(shape: [5])
            return try Model(inputs: [a, b], outputs: [try shared(a), try shared(b)])
        }
        #expect(reused.message.contains("built for 3 input features, got shape [5]"), "\(reused.message)")
    }

    @Test func dataByNameAndItsErrors() throws {
        let model = try Self.twoTowers()
        model.compile(optimizer: Adam(), loss: ["score": .meanSquaredError, "kind": .sparseCategoricalCrossentropy],
                      metrics: ["kind": [.accuracy]], lossWeights: ["score": 0.5])
        let x = ["left": ModelZoo.uniform([8, 3], seed: 1), "right": ModelZoo.uniform([8, 2], seed: 2)]
        let y = ["score": ModelZoo.uniform([8, 1], seed: 3), "kind": Tensor((0..<8).map { Float($0 % 3) })]
        let history = try model.fit(x, y, epochs: 2, batchSize: 4, validationData: (x, y), verbose: 0)
        #expect(Set(history.values.keys).isSuperset(of: ["loss", "score_loss", "kind_loss", "kind_accuracy", "val_loss",
                                                         "val_kind_accuracy"]))
        // The total is the weighted sum of the outputs' losses.
        let result = try model.evaluate(x, y)
        #expect(Swift.abs(result["loss"]! - (0.5 * result["score_loss"]! + result["kind_loss"]!)) < 1e-5)
        let predictions = try model.predict(x)
        #expect(predictions["score"]?.shape == [8, 1] && predictions["kind"]?.shape == [8, 3])

        let unknown = try #require(throws: DendriteError.self) { try model.predict(["left": x["left"]!, "middle": x["right"]!]) }
        #expect(unknown.message == "towers: 'middle' is not an input of the model (its inputs: left, right)")
        let missing = try #require(throws: DendriteError.self) { try model.evaluate(x, ["score": y["score"]!]) }
        #expect(missing.message == "towers: no data for the output 'kind'")
        let single = try #require(throws: DendriteError.self) { try model.predict(x["left"]!) }
        #expect(single.message == "towers: the model takes 2 input(s), got 1" || single.message.contains("takes 2"), "\(single.message)")
        let samples = try #require(throws: DendriteError.self) {
            try model.fit([x["left"]!, x["right"]![0..<5]], [y["score"]!, y["kind"]!], verbose: 0)
        }
        #expect(samples.message == "input 'right' has 5 samples but input 'left' has 8")
        model.compile(optimizer: Adam(), loss: [.meanSquaredError])
        let count = try #require(throws: DendriteError.self) { try model.fit(x, y, verbose: 0) }
        #expect(count.message == "compile: loss has 1 entries for the model's 2 outputs (score, kind)")
        model.compile(optimizer: Adam(), loss: .meanSquaredError)
        let weights = try #require(throws: DendriteError.self) {
            try model.fit([x["left"]!, x["right"]!], [y["score"]!, Tensor.zeros([8, 3])], classWeights: [0: 2], verbose: 0)
        }
        #expect(weights.message == "fit: classWeights needs a model with one output, towers has 2; use sampleWeights")
    }

    @Test func sampleWeightsScaleEachSamplesLoss() throws {
        let model = Sequential(seed: 2) { Dense(1, inputShape: [2]) }
        model.compile(optimizer: SGD(), loss: .meanSquaredError)
        let x = Tensor([[1, 2], [3, 4], [5, 6]]), y = Tensor([[1], [0], [2]])
        let errors = try (model.predict(x) - y).squared().scalars
        let weights = Tensor([0.5, 2, 0])
        // Keras' sum_over_batch_size: Σ wᵢ·lossᵢ / n.
        let expected = (0.5 * errors[0] + 2 * errors[1]) / 3
        #expect(Swift.abs(try model.trainOnBatch(x, y, sampleWeights: weights) - expected) < 1e-5)
        let bad = try #require(throws: DendriteError.self) { try model.trainOnBatch(x, y, sampleWeights: Tensor([1, -1, 1])) }
        #expect(bad.message == "fit: sample weight -1.0 of sample 1 must be finite and ≥ 0")
    }

    @Test func learningRateFinderTakesSeveralInputsAndOutputs() throws {
        let model = try Self.twoTowers()
        model.compile(optimizer: SGD(), loss: [.meanSquaredError, .sparseCategoricalCrossentropy])
        let weightsBefore = model.weights
        let x = [ModelZoo.uniform([40, 3], seed: 1), ModelZoo.uniform([40, 2], seed: 2)]
        let y = [ModelZoo.uniform([40, 1], seed: 3), Tensor((0..<40).map { Float($0 % 3) })]
        let result = try model.findLearningRate(x, y, startRate: 1e-4, endRate: 1, steps: 30, batchSize: 8)
        #expect(!result.rates.isEmpty && (1e-4...1).contains(result.suggestedRate))
        #expect(model.weights == weightsBefore)
    }

    @Test func summaryShowsConnections() throws {
        let text = try Self.twoTowers().summaryText()
        #expect(text.contains("Connected to"))
        #expect(text.contains("concatenate (Concatenate)"))
        // As Keras, one connection per line.
        #expect(text.contains("│ concatenate (Concatenate)       │ (None, 8)              │          0 │ dense[0][0]          │\n│                                 │                        │            │ dense_1[0][0]        │"))
        #expect(text.contains("(None, 8)"))
        #expect(text.contains(" Total params: 97 (388.00 B)"))
    }
}

/// The README's functional example, as written there, trains and reports Keras' history keys.
@Suite struct ReadmeFunctionalExampleTests {
    @Test func twoOutputResidualModelTrains() throws {
        let data = Datasets.breastCancer()
        let x = try StandardScaler().fit(data.features).transform(data.features)
        let labels = data.labels
        let sizes = Tensor(shape: [x.shape[0], 1], scalars: (0..<x.shape[0]).map { x.scalars[$0 * 30] })  // mean radius

        let features = Input(shape: [30], name: "features")
        let hidden = try Dense(16, activation: .relu)(features)
        let residual = try Add()([hidden, try Dense(16)(hidden)])
        let diagnosis = try Dense(1, activation: .sigmoid, name: "diagnosis")(residual)
        let size = try Dense(1, name: "size")(residual)
        let model = try Model(inputs: features, outputs: [diagnosis, size])
        model.compile(optimizer: Adam(), loss: ["diagnosis": .binaryCrossentropy, "size": .meanSquaredError],
                      metrics: ["diagnosis": [.accuracy]], lossWeights: ["size": 0.1])
        let history = try model.fit(["features": x], ["diagnosis": labels, "size": sizes], epochs: 20, verbose: 0)

        #expect(Set(history.values.keys).isSuperset(of: ["loss", "diagnosis_loss", "size_loss", "diagnosis_accuracy"]))
        let accuracy = try #require(history["diagnosis_accuracy"]?.last)
        #expect(accuracy > 0.95)
        let losses = try #require(history["loss"])
        #expect(losses.last! < losses.first!)
    }
}
