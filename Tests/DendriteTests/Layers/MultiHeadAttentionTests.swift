import DendriteTestSupport
import Foundation
import Testing
@testable import Dendrite

/// `MultiHeadAttention` against Keras 3 (`Fixtures/keras_attention.json`, written by
/// `Scripts/fixtures/make_attention_layer_fixtures.py`): with Keras' weights set by name, its outputs and
/// the gradients with respect to the inputs and every weight (self- and cross-attention, a separate key,
/// causal, attention masks, no bias, other value and output sizes) to 1e-5 relative (1e-6 absolute), finite differences,
/// and a small attention model trained with Adam to Keras' losses, weights and predictions (the key
/// bias, whose gradient is zero in exact arithmetic, to 1e-4 absolute), which predicts bit-identically
/// after a save and load.
@Suite struct MultiHeadAttentionTests {
    struct LayerCase: Decodable {
        struct Settings: Decodable {
            let numHeads: Int
            let keyDim: Int
            let valueDim: Int?
            let useBias: Bool
            let outputShape: Int?
            enum CodingKeys: String, CodingKey {
                case numHeads = "num_heads", keyDim = "key_dim", valueDim = "value_dim", useBias = "use_bias"
                case outputShape = "output_shape"
            }
        }
        let name: String
        let settings: Settings
        let useCausalMask: Bool
        let attentionMask: KerasFixtures.Values?
        let inputs: [KerasFixtures.Values]
        let weights: [String: KerasFixtures.Values]
        let upstream: KerasFixtures.Values
        let output: KerasFixtures.Values
        let inputGradients: [KerasFixtures.Values]
        let weightGradients: [String: KerasFixtures.Values]
        enum CodingKeys: String, CodingKey {
            case name, settings, inputs, weights, upstream, output
            case useCausalMask = "use_causal_mask", attentionMask = "attention_mask", inputGradients = "input_gradients", weightGradients = "weight_gradients"
        }

        /// Self-attention cases hold one input, given as query and value; the attention mask comes last.
        func layerInputs(_ inputs: [Tensor]) -> [Tensor] {
            (inputs.count == 1 ? [inputs[0], inputs[0]] : inputs) + (attentionMask.map { [$0.tensor] } ?? [])
        }

        /// The layer with Keras' weights.
        func layer() throws -> MultiHeadAttention {
            let layer = MultiHeadAttention(numHeads: settings.numHeads, keyDim: settings.keyDim, valueDim: settings.valueDim,
                                           useBias: settings.useBias, outputShape: settings.outputShape,
                                           useCausalMask: useCausalMask, useAttentionMask: attentionMask != nil,
                                           name: "mha")
            var generator = RandomGenerator(seed: 0)
            try layer.build(inputShapes: layerInputs(inputs.map(\.tensor)).map { Array($0.shape.dropFirst()) },
                            generator: &generator)
            #expect(Set(layer.parameters.map(\.name)) == Set(weights.keys.map { "mha.\($0)" }), "\(name): weight names")
            for parameter in layer.parameters {
                parameter.value = try #require(weights[String(parameter.name.dropFirst(4))]).tensor
            }
            return layer
        }
    }

    struct File: Decodable {
        let layers: [LayerCase]
        let model: GraphFixtures.ModelCase
    }

    static let file: File? = {
        guard let url = Bundle.module.url(forResource: "keras_attention", withExtension: "json", subdirectory: "Fixtures"),
              let data = try? Data(contentsOf: url) else { return nil }
        return try? JSONDecoder().decode(File.self, from: data)
    }()

    @Test func fixtureFileLoads() throws {
        let file = try #require(Self.file, "Fixtures/keras_attention.json is missing or malformed")
        #expect(file.layers.count == 7 && file.layers.contains { $0.useCausalMask && $0.inputs.count == 2 })
        #expect(file.layers.contains { $0.useCausalMask && $0.attentionMask != nil })
    }

    @Test(arguments: file?.layers.map(\.name) ?? [])
    func layerMatchesKeras(_ name: String) throws {
        let fixture = try #require(Self.file?.layers.first { $0.name == name })
        let layer = try fixture.layer()
        let leaves = fixture.inputs.map { values -> Tensor in
            var leaf = values.tensor
            leaf.requiresGradient = true
            return leaf
        }
        let shapes = try layer.outputShapes(for: fixture.layerInputs(leaves).map { Array($0.shape.dropFirst()) })
        #expect(shapes == [Array(fixture.output.shape.dropFirst())])
        let output = GradientMode.enabled { layer.call(fixture.layerInputs(leaves), training: true)[0] }
        expectClose(output, fixture.output.tensor, "\(name) output")
        output.backward(gradient: fixture.upstream.tensor)
        for (index, (leaf, expected)) in zip(leaves, fixture.inputGradients).enumerated() {
            expectClose(try #require(leaf.gradient), expected.tensor, "\(name) input \(index) gradient")
        }
        for parameter in layer.parameters {
            let expected = try #require(fixture.weightGradients[String(parameter.name.dropFirst(4))])
            expectClose(try #require(parameter.gradient), expected.tensor, "\(name) \(parameter.name) gradient")
        }
    }

    @Test(arguments: file?.layers.map(\.name) ?? [])
    func gradientsMatchFiniteDifferences(_ name: String) throws {
        let fixture = try #require(Self.file?.layers.first { $0.name == name })
        let layer = try fixture.layer()
        expectGradientsMatchFiniteDifferences(fixture.inputs.map(\.tensor)) {
            layer.call(fixture.layerInputs($0), training: true)[0]
        }
    }

    /// The fixture script's model: self-attention, a residual Add, LayerNormalization, pooling and a classifier.
    static func attentionClassifier() throws -> Model {
        let tokens = Input(shape: [6, 8], name: "tokens")
        let attended = try MultiHeadAttention(numHeads: 2, keyDim: 4, name: "attention")([tokens, tokens])
        let residual = try Add(name: "residual")([tokens, attended])
        let normalized = try LayerNormalization(name: "norm")(residual)
        let pooled = try GlobalAveragePooling1D(name: "pool")(normalized)
        let outputs = try Dense(3, activation: .softmax, name: "out")(pooled)
        return try Model(inputs: tokens, outputs: outputs, name: "attention_classifier")
    }

    @Test func attentionModelTrainsLikeKerasAndRoundTrips() throws {
        let fixture = try #require(Self.file?.model)
        let model = try Self.attentionClassifier()
        let initial = GraphFixtures.weights(fixture.initialWeights, model: model.name)
        #expect(Set(initial.keys) == Set(model.parameters.map(\.name)), "weight names")
        try model.setWeights(model.parameters.map { try #require(initial[$0.name], "\($0.name)") })
        model.compile(optimizer: GraphFixtures.optimizer(fixture.optimizer), loss: .categoricalCrossentropy)

        let history = try model.fit(fixture.x.map(\.tensor), fixture.y.map(\.tensor), epochs: fixture.epochs,
                                    batchSize: fixture.batchSize, shuffle: false, verbose: 0)
        expectClose(Tensor(try #require(history["loss"])), Tensor(try #require(fixture.history["loss"])), "loss per epoch")
        let final = GraphFixtures.weights(fixture.finalWeights, model: model.name)
        for parameter in model.parameters {
            let expected = try #require(final[parameter.name])
            if parameter.name == "attention.key.bias" {
                // Its gradient is zero in exact arithmetic (q·b shifts a whole row of scores), so Adam,
                // which scales steps to the gradient's size, moves it by rounding noise in Keras and here alike.
                expectClose(parameter.value, expected, relative: 0, absolute: 1e-4, "final \(parameter.name)")
            } else {
                expectClose(parameter.value, expected, "final \(parameter.name)")
            }
        }
        let predictions = try model.predict(fixture.x.map(\.tensor))
        expectClose(predictions[0], fixture.predictions[0].tensor, "predictions")

        let directory = try SavingSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        try model.save(to: directory)
        let loaded = try Model.load(from: directory)
        #expect(loaded.configuration == model.configuration)
        let reloaded = try loaded.predict(fixture.x.map(\.tensor))
        #expect(SavingSupport.bits(reloaded) == SavingSupport.bits(predictions))
    }

    @Test func maskedKeyStepsDoNotReachTheOutputOfAModel() throws {
        let (tokens, memory, mask) = (Input(shape: [3, 4]), Input(shape: [5, 4]), Input(shape: [3, 5]))
        let attended = try MultiHeadAttention(numHeads: 2, keyDim: 3, useAttentionMask: true)([tokens, memory, mask])
        let model = try Model(inputs: [tokens, memory, mask], outputs: attended)
        let query = Tensor.randomUniform([2, 3, 4], low: -1, high: 1, seed: 1)
        let value = Tensor.randomUniform([2, 5, 4], low: -1, high: 1, seed: 2)
        // Every query step may attend to steps 0–2 only; steps 3 and 4 of the value are then irrelevant.
        let allowed = Tensor(shape: [2, 3, 5], scalars: (0..<30).map { $0 % 5 < 3 ? 1 : 0 })
        var changed = value.scalars
        for sample in 0..<2 { for step in 3..<5 { for feature in 0..<4 { changed[(sample * 5 + step) * 4 + feature] = 9 } } }
        let before = try model.predict([query, value, allowed])[0]
        let after = try model.predict([query, Tensor(shape: [2, 5, 4], scalars: changed), allowed])[0]
        #expect(before.scalars == after.scalars)
        let unmasked = try model.predict([query, Tensor(shape: [2, 5, 4], scalars: changed), Tensor.ones([2, 3, 5])])[0]
        #expect(unmasked.scalars != before.scalars)
    }

    @Test func maskSettingsSurviveConfiguration() throws {
        let layer = MultiHeadAttention(numHeads: 2, keyDim: 3, valueDim: 5, useBias: false, outputShape: 7,
                                       useCausalMask: true, useAttentionMask: true, name: "mha")
        let rebuilt = try LayerRegistry.makeLayer(layer.configuration)
        #expect(rebuilt.configuration == layer.configuration)
    }

    @Test func badSettingsAndShapesThrowNamingTheLayer() throws {
        let cases: [(MultiHeadAttention, [[Int]])] = [
            (MultiHeadAttention(numHeads: 0, keyDim: 4, name: "mha"), [[3, 4], [3, 4]]),
            (MultiHeadAttention(numHeads: 2, keyDim: 0, name: "mha"), [[3, 4], [3, 4]]),
            (MultiHeadAttention(numHeads: 2, keyDim: 4, outputShape: 0, name: "mha"), [[3, 4], [3, 4]]),
            (MultiHeadAttention(numHeads: 2, keyDim: 4, dropout: 1.5, name: "mha"), [[3, 4], [3, 4]]),
            (MultiHeadAttention(numHeads: 2, keyDim: 4, name: "mha"), [[3, 4]]),
            (MultiHeadAttention(numHeads: 2, keyDim: 4, name: "mha"), [[3, 4], [5, 4], [6, 4]]),
            (MultiHeadAttention(numHeads: 2, keyDim: 4, name: "mha"), [[3, 4, 2], [3, 4, 2]]),
            (MultiHeadAttention(numHeads: 2, keyDim: 4, useAttentionMask: true, name: "mha"), [[3, 4], [5, 4]]),
            (MultiHeadAttention(numHeads: 2, keyDim: 4, useAttentionMask: true, name: "mha"), [[3, 4], [5, 4], [5, 3]]),
        ]
        for (layer, shapes) in cases {
            let error = try #require(throws: DendriteError.self) { try layer.outputShapes(for: shapes) }
            #expect(error.message.hasPrefix("mha: "), "\(error.message)")
        }
        let built = MultiHeadAttention(numHeads: 2, keyDim: 4, name: "mha")
        var generator = RandomGenerator(seed: 0)
        try built.build(inputShapes: [[3, 4], [5, 6]], generator: &generator)
        #expect(throws: DendriteError.self) { try built.outputShapes(for: [[3, 4], [5, 7]]) }
        let tokens = Input(shape: [3, 4])
        #expect(throws: DendriteError.self) { try MultiHeadAttention(numHeads: -1, keyDim: 4)([tokens, tokens]) }
    }
}
