import DendriteTestSupport
import Foundation
import Testing
@testable import Dendrite

/// `Attention` ("dot" and "concat"), `AdditiveAttention` and `MultiHeadAttention`'s attention scores
/// against Keras 3 (`Fixtures/keras_attention.json`, "score_layers" and "models", written by
/// `Scripts/fixtures/make_attention_layer_fixtures.py`): outputs, scores and gradients, finite
/// differences, configurations, two small models trained with Adam; and attention dropout, which no
/// fixture can pin down, by its statistics and by inference being dropout-free.
@Suite struct ScoreAttentionTests {
    struct File: Decodable {
        let scoreLayers: [LayerFixtureCases.Case]
        let models: [GraphFixtures.ModelCase]
        enum CodingKeys: String, CodingKey { case scoreLayers = "score_layers", models }
    }

    static let file = LayerFixtureCases.load("keras_attention", as: File.self)

    /// The fixture's Keras layers with the same settings in Dendrite.
    static func layer(_ name: String) throws -> any GraphLayer {
        switch name {
        case "attention_dot": return Attention()
        case "attention_dot_scale_causal_key_scores": return Attention(useScale: true, useCausalMask: true, returnAttentionScores: true)
        case "attention_concat_scale_key": return Attention(useScale: true, scoreMode: .concat)
        case "attention_concat_causal_scores": return Attention(scoreMode: .concat, useCausalMask: true, returnAttentionScores: true)
        case "additive_attention_default": return AdditiveAttention()
        case "additive_attention_no_scale_causal_key_scores":
            return AdditiveAttention(useScale: false, useCausalMask: true, returnAttentionScores: true)
        case "additive_attention_scores": return AdditiveAttention(returnAttentionScores: true)
        case "mha_cross_causal_scores":
            return MultiHeadAttention(numHeads: 2, keyDim: 3, useCausalMask: true, returnAttentionScores: true)
        case "mha_cross_key_value_dim_output_shape_scores":
            return MultiHeadAttention(numHeads: 2, keyDim: 2, valueDim: 3, outputShape: 4, returnAttentionScores: true)
        default: throw KerasFixtureError.unknown("layer case", name)
        }
    }

    /// The fixture script's models.
    static func model(_ name: String) throws -> Model {
        switch name {
        case "score_attention":
            let (query, value) = (Input(shape: [4, 3], name: "query"), Input(shape: [5, 3], name: "value"))
            let (q, v) = (try Dense(4, name: "query_dense")(query), try Dense(4, name: "value_dense")(value))
            let attended = [try Attention(useScale: true, useCausalMask: true, name: "dot")([q, v]),
                            try Attention(useScale: true, scoreMode: .concat, name: "concat")([q, v]),
                            try AdditiveAttention(name: "additive")([q, v])]
            let pooled = try GlobalAveragePooling1D(name: "pool")(try Concatenate(name: "joined")(attended))
            return try Model(inputs: [query, value], outputs: try Dense(2, name: "out")(pooled), name: name)
        case "attention_scores":
            let tokens = Input(shape: [4, 4], name: "tokens")
            let attention = MultiHeadAttention(numHeads: 2, keyDim: 2, useCausalMask: true, returnAttentionScores: true,
                                               name: "attention")
            let (attended, scores) = try attention.symbolicOutputs([tokens, tokens]).pair
            let joined = try Concatenate(name: "joined")([try GlobalAveragePooling1D(name: "pool")(attended),
                                                          try Flatten(name: "flat_scores")(scores)])
            return try Model(inputs: tokens, outputs: try Dense(2, name: "out")(joined), name: name)
        default: throw KerasFixtureError.unknown("model", name)
        }
    }

    @Test func fixtureFileLoads() throws {
        let file = try #require(Self.file, "Fixtures/keras_attention.json is missing or malformed")
        #expect(file.scoreLayers.count == 9 && file.models.count == 2)
        #expect(Set(file.scoreLayers.map(\.layer)) == ["Attention", "AdditiveAttention", "MultiHeadAttention"])
    }

    @Test(arguments: file?.scoreLayers.map(\.name) ?? [])
    func layerMatchesKeras(_ name: String) throws {
        let fixture = try #require(Self.file?.scoreLayers.first { $0.name == name })
        try LayerFixtureCases.expectMatchesKeras(try Self.layer(name), fixture)
    }

    @Test(arguments: file?.scoreLayers.map(\.name) ?? [])
    func gradientsMatchFiniteDifferences(_ name: String) throws {
        let fixture = try #require(Self.file?.scoreLayers.first { $0.name == name })
        try LayerFixtureCases.expectGradientsMatchFiniteDifferences(try Self.layer(name), fixture)
    }

    @Test(arguments: file?.scoreLayers.map(\.name) ?? [])
    func configurationMatchesKeras(_ name: String) throws {
        let fixture = try #require(Self.file?.scoreLayers.first { $0.name == name })
        try LayerFixtureCases.expectConfigurationMatchesKeras(try Self.layer(name), fixture)
    }

    /// Keras' own configuration of the layers without initializers loads into the same layer.
    @Test func kerasConfigurationLoads() throws {
        let fixtures = try #require(Self.file?.scoreLayers.filter { $0.layer != "MultiHeadAttention" })
        for fixture in fixtures {
            let envelope: JSONValue = ["class_name": .string(fixture.layer), "config": fixture.config]
            let loaded = try LayerRegistry.makeLayer(KerasModelSchema.layerConfiguration(envelope) { DendriteError(.invalidFile, $0) })
            let expected = try Self.layer(fixture.name)
            expected.name = loaded.name
            // Keras' call arguments are not in its configuration.
            var settings = expected.configuration.settings
            settings["use_causal_mask"] = .bool(false)
            settings["return_attention_scores"] = .bool(false)
            #expect(loaded.configuration.settings == settings, "\(fixture.name)")
        }
    }

    @Test(arguments: file?.models.map(\.name) ?? [])
    func modelTrainsLikeKerasAndRoundTrips(_ name: String) throws {
        let fixture = try #require(Self.file?.models.first { $0.name == name })
        try LayerFixtureCases.expectTrainsLikeKeras(try Self.model(name), fixture)
    }

    /// Queries `[4, 8, 3]` and keys `[4, 10, 3]`, and one-hot values (the identity per sample), so that the
    /// output of an attention layer is its weights after dropout, `[4, 8, 10]`.
    static let dropoutInputs = [ModelZoo.uniform([4, 8, 3], seed: 21),
                                Tensor.stack(Array(repeating: Tensor.identity(10), count: 4)),
                                ModelZoo.uniform([4, 10, 3], seed: 22)]

    /// Over `draws` training calls of `layer` (returning its output, the dropped weights, and its scores,
    /// the weights before dropout, of the same shape): each weight is dropped at `rate` (within 4
    /// standard deviations), kept ones are scaled by 1/(1 − rate), and the masks differ between calls;
    /// inference applies no dropout.
    static func expectDropout(rate: Float, draws: Int = 10, _ call: (Bool) -> (output: Tensor, scores: Tensor)) {
        var (dropped, total) = (0, 0)
        var masks = Set<[Bool]>()
        for _ in 0..<draws {
            let (output, scores) = call(true)
            for (kept, weight) in zip(output.scalars, scores.scalars) {
                if kept == 0 { dropped += 1 } else {
                    #expect(Swift.abs(kept - weight / (1 - rate)) <= 1e-5 * Swift.max(1, kept), "kept \(kept), weight \(weight)")
                }
            }
            total += output.count
            masks.insert(output.scalars.map { $0 == 0 })
        }
        let fraction = Double(dropped) / Double(total)
        let deviation = (Double(rate) * (1 - Double(rate)) / Double(total)).squareRoot()
        #expect(Swift.abs(fraction - Double(rate)) <= 4 * deviation, "dropped \(fraction) of the weights, rate \(rate)")
        #expect(masks.count == draws, "every call draws a new mask")
        let (output, scores) = call(false)
        expectClose(output, scores, relative: 1e-6, absolute: 1e-7, "inference keeps every weight")
    }

    @Test(arguments: [Float(0.3), 0.6])
    func attentionDropoutDropsWeightsAtItsRate(_ rate: Float) throws {
        for layer: any GraphLayer in [Attention(dropout: rate, returnAttentionScores: true),
                                      AdditiveAttention(dropout: rate, returnAttentionScores: true)] {
            var generator = RandomGenerator(seed: 5)
            try layer.build(inputShapes: Self.dropoutInputs.map { Array($0.shape.dropFirst()) }, generator: &generator)
            Self.expectDropout(rate: rate) { training in
                let outputs = layer.call(Self.dropoutInputs, training: training)
                return (outputs[0], outputs[1])
            }
        }
    }

    @Test func multiHeadAttentionDropoutDropsScoresAtItsRate() throws {
        // One head whose value and output projections are the identity: the output is the dropped scores.
        let layer = MultiHeadAttention(numHeads: 1, keyDim: 3, valueDim: 10, dropout: 0.4, outputShape: 10,
                                       returnAttentionScores: true, name: "mha")
        var generator = RandomGenerator(seed: 5)
        let inputs = Self.dropoutInputs
        try layer.build(inputShapes: inputs.map { Array($0.shape.dropFirst()) }, generator: &generator)
        for parameter in layer.parameters {
            if parameter.name.hasSuffix(".bias") { parameter.value = Tensor.zeros(parameter.value.shape) }
            if ["mha.value.kernel", "mha.attention_output.kernel"].contains(parameter.name) {
                parameter.value = Tensor.identity(10).reshaped(parameter.value.shape)
            }
        }
        #expect(layer.sublayers.map(\.name) == ["mha.dropout"])
        Self.expectDropout(rate: 0.4) { training in
            let outputs = layer.call(inputs, training: training)
            return (outputs[0], outputs[1].reshaped(outputs[0].shape))
        }
    }

    @Test func dropoutOfOneDropsEveryWeight() throws {
        let layer = Attention(dropout: 1)
        var generator = RandomGenerator(seed: 5)
        try layer.build(inputShapes: Self.dropoutInputs.map { Array($0.shape.dropFirst()) }, generator: &generator)
        #expect(layer.call(Self.dropoutInputs, training: true)[0].scalars.allSatisfy { $0 == 0 })
    }

    @Test func badSettingsAndShapesThrowNamingTheLayer() throws {
        let cases: [(any GraphLayer, [[Int]])] = [
            (Attention(name: "att"), [[3, 4]]),
            (Attention(name: "att"), [[3, 4], [5, 4], [5, 4], [5, 4]]),
            (Attention(name: "att"), [[3, 4], [5, 4], [5, 3]]),
            (Attention(name: "att"), [[3, 4], [5, 4], [6, 4]]),
            (Attention(name: "att"), [[3, 4, 2], [5, 4, 2]]),
            (Attention(dropout: 1.5, name: "att"), [[3, 4], [5, 4]]),
            (AdditiveAttention(dropout: -0.1, name: "att"), [[3, 4], [5, 4]]),
            (AdditiveAttention(name: "att"), [[3, 4], [5, 2]]),
        ]
        for (layer, shapes) in cases {
            let error = try #require(throws: DendriteError.self) { try layer.outputShapes(for: shapes) }
            #expect(error.message.hasPrefix("att: "), "\(error.message)")
        }
        // Query and key must share a feature size; the value may have its own.
        #expect(try AdditiveAttention(name: "att").outputShapes(for: [[3, 4], [5, 2], [5, 4]]) == [[3, 2]])
        let built = Attention(name: "att")
        var generator = RandomGenerator(seed: 0)
        try built.build(inputShapes: [[3, 4], [5, 4]], generator: &generator)
        #expect(throws: DendriteError.self) { try built.outputShapes(for: [[3, 5], [5, 5]]) }
        let error = try #require(throws: DendriteError.self) {
            try Attention(configuration: LayerConfiguration(type: "Attention", name: "att", settings: [
                "use_scale": false, "score_mode": "general", "dropout": .float(0)]))
        }
        #expect(error.message.contains("score_mode"))
    }
}

extension Array {
    /// The two elements of a two-element array (a layer's output and its attention scores).
    var pair: (Element, Element) {
        get throws {
            guard count == 2 else { throw DendriteError.argument("expected 2 outputs, got \(count)") }
            return (self[0], self[1])
        }
    }
}
