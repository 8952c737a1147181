import Testing
@testable import Dendrite

/// Ids an `Embedding` cannot look up are refused by the model's entry points with an error naming
/// the layer, the value and the sample, before any computation.
@Suite struct EmbeddingInputTests {
    static func model(input: Bool = false) -> Sequential {
        let model = Sequential(seed: 2) {
            if input { Input(shape: [3]) }
            Embedding(5, 2, inputShape: input ? nil : [3])
            SimpleRNN(2)
            Dense(1)
        }
        model.compile(optimizer: SGD(), loss: .mse)
        return model
    }

    /// Ids 0…4 in every sample but sample 2, which holds `bad`.
    static func ids(bad: Float) -> Tensor {
        Tensor(shape: [4, 3], scalars: [0, 1, 2, 3, 4, 0, 1, bad, 2, 4, 4, 4])
    }

    static let targets = Tensor.zeros([4, 1])

    @Test func fitRefusesIdsOutsideTheVocabulary() throws {
        let model = Self.model()
        #expect(throws: DendriteError(.invalidData, "embedding: Embedding input 5.0 in sample 2 is not an integer id in 0..<5")) {
            try model.fit(Self.ids(bad: 5), Self.targets, epochs: 1, verbose: 0)
        }
        #expect(!model.isBuilt, "nothing computed before the check")
        #expect(throws: DendriteError(.invalidData, "embedding: Embedding input -1.0 in sample 2 is not an integer id in 0..<5")) {
            try model.trainOnBatch(Self.ids(bad: -1), Self.targets)
        }
        #expect(throws: DendriteError(.invalidData, "validation data: embedding: Embedding input 1.5 in sample 2 is not an integer id in 0..<5")) {
            try model.fit(Self.ids(bad: 1), Self.targets, epochs: 1, validationData: (Self.ids(bad: 1.5), Self.targets), verbose: 0)
        }
    }

    @Test func predictAndEvaluateRefuseNonIntegerIds() throws {
        let model = Self.model(input: true)
        #expect(throws: DendriteError(.invalidData, "embedding: Embedding input 2.5 in sample 2 is not an integer id in 0..<5")) {
            try model.predict(Self.ids(bad: 2.5))
        }
        #expect(throws: DendriteError(.invalidData, "embedding: Embedding input 7.0 in sample 2 is not an integer id in 0..<5")) {
            try model.evaluate(Self.ids(bad: 7), Self.targets)
        }
        #expect(try model.predict(Self.ids(bad: 3)).shape == [4, 1])
    }
}
