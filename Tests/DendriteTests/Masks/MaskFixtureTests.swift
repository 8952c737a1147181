import DendriteTestSupport
import Testing
@testable import Dendrite

/// Masked forward values and gradients against Keras 3 (torch backend), from the same weights: the
/// output, the mask the layer passes on, and the gradients of Σ upstream ⊙ output with respect to
/// the input and every weight, to 1e-5 relative (1e-6 absolute near zero).
@Suite struct MaskFixtureTests {
    static let singleInputCases = [
        "lstm_last", "lstm_last_backwards", "lstm_sequences", "lstm_sequences_backwards", "gru_last", "gru_sequences",
        "simple_rnn_last", "simple_rnn_sequences", "bidirectional_lstm_last", "bidirectional_lstm_sequences",
        "global_average_pooling_1d", "global_max_pooling_1d", "masking",
    ]

    static func makeLayer(_ fixture: MaskFixtures.LayerCase) throws -> any Layer {
        let settings = fixture.settings
        let (units, sequences, backwards) = (settings.units ?? 0, settings.returnSequences ?? false, settings.goBackwards ?? false)
        switch fixture.kind {
        case "lstm": return LSTM(units, returnSequences: sequences, goBackwards: backwards)
        case "gru": return GRU(units, returnSequences: sequences, goBackwards: backwards)
        case "simple_rnn": return SimpleRNN(units, returnSequences: sequences, goBackwards: backwards)
        case "bidirectional": return Bidirectional(LSTM(units, returnSequences: sequences))
        case "global_average_pooling_1d": return GlobalAveragePooling1D()
        case "global_max_pooling_1d": return GlobalMaxPooling1D()
        case "masking": return Masking(maskValue: try #require(settings.maskValue))
        default: throw KerasFixtureError.unknown("layer", fixture.kind)
        }
    }

    @Test(arguments: singleInputCases)
    func maskedLayerMatchesKeras(_ name: String) throws {
        let fixture = try MaskFixtures.layerCase(name)
        let layer = try Self.makeLayer(fixture)
        layer.name = fixture.kind
        var generator = RandomGenerator(seed: 0)
        var input = fixture.inputs[0].tensor
        try layer.build(inputShape: Array(input.shape.dropFirst()), generator: &generator)
        try #require(layer.parameters.map(\.value.shape) == fixture.weights.map(\.shape))
        for (parameter, weight) in zip(layer.parameters, fixture.weights) { parameter.value = weight.tensor }
        input.requiresGradient = true
        let mask = fixture.mask?.tensor
        let output = layer(input, mask: mask, training: false)
        var worst = expectClose(output, fixture.output.tensor, "\(name) output")
        let passed = mask != nil ? layer.outputMasks([input], masks: [mask])[0]
            : layer.outputMasks([input], masks: [nil])[0]
        #expect(passed?.scalars == fixture.outputMask?.data, "\(name): mask passed on")
        (output * fixture.upstream.tensor).sum().backward()
        let gradient = try #require(input.gradient)
        worst = max(worst, expectClose(gradient, fixture.inputGradients[0].tensor, "\(name) ∂input"))
        for (parameter, expected) in zip(layer.parameters, fixture.weightGradients) {
            let gradient = try #require(parameter.gradient, "\(parameter.name) got no gradient")
            worst = max(worst, expectClose(gradient, expected.tensor, "\(name) ∂\(parameter.name)"))
        }
        print("mask fixture \(name): largest relative deviation \(worst)")
    }

    @Test func embeddingMaskZeroMakesKerasMask() throws {
        let fixture = try MaskFixtures.layerCase("embedding_mask_zero")
        let layer = Embedding(try #require(fixture.settings.inputDim), try #require(fixture.settings.outputDim),
                              maskZero: true)
        var generator = RandomGenerator(seed: 0)
        let ids = fixture.inputs[0].tensor
        try layer.build(inputShape: Array(ids.shape.dropFirst()), generator: &generator)
        layer.parameters[0].value = fixture.weights[0].tensor
        expectClose(layer(ids), fixture.output.tensor, "embedding output")
        #expect(layer.outputMasks([ids], masks: [nil])[0]?.scalars == fixture.outputMask?.data)
    }

    /// `train_on_batch` with Adam on one batch, the mask made by `Embedding(maskZero: true)`: the
    /// loss at every step, the final weights and the predictions.
    @Test(arguments: ["embedding_lstm_dense", "embedding_gru_sequence_mse", "embedding_transformer_pooling"])
    func maskedTrainingMatchesKeras(_ name: String) throws {
        let fixture = try MaskFixtures.modelCase(name)
        let model = switch name {
        case "embedding_lstm_dense":
            Sequential { Embedding(6, 3, maskZero: true, inputShape: [6]); LSTM(4); Dense(1, activation: .sigmoid) }
        case "embedding_gru_sequence_mse":
            Sequential { Embedding(6, 3, maskZero: true, inputShape: [6]); GRU(4, returnSequences: true); Dense(2) }
        default:
            Sequential {
                Embedding(6, 4, maskZero: true, inputShape: [6])
                TransformerEncoder(intermediateDim: 8, numHeads: 2)
                GlobalAveragePooling1D()
                Dense(1)
            }
        }
        try model.build(inputShape: [6])
        try model.setWeights(fixture.initialWeights.map(\.tensor))
        let loss: Loss = fixture.loss == "binary_crossentropy" ? .binaryCrossentropy : .meanSquaredError
        model.compile(optimizer: Adam(learningRate: fixture.learningRate), loss: loss)
        for (step, expected) in fixture.losses.enumerated() {
            let value = try model.trainOnBatch(fixture.x.tensor, fixture.y.tensor)
            #expect(abs(value - expected) <= 1e-5 * abs(expected) + 1e-6, "\(name) step \(step): loss \(value), Keras \(expected)")
        }
        var worst: Float = 0
        for (index, (parameter, expected)) in zip(model.parameters, fixture.finalWeights).enumerated() {
            // The attention's key bias shifts every score of a query step equally, which the softmax
            // cancels: its gradient is rounding noise in both frameworks, which Adam scales up to
            // steps of the learning rate's size. It is checked loosely; everything else to 1e-5.
            if parameter.name.hasSuffix(".key.bias") {
                expectClose(parameter.value, expected.tensor, relative: 1e-2, absolute: 1e-3, "\(name) \(parameter.name)")
                continue
            }
            worst = max(worst, expectClose(parameter.value, expected.tensor, "\(name) weight \(index) \(parameter.name)"))
        }
        worst = max(worst, expectClose(try model.predict(fixture.x.tensor), fixture.predictions.tensor, "\(name) predictions"))
        print("mask training \(name): largest relative deviation \(worst)")
    }
}
