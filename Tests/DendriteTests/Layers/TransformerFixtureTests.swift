import DendriteTestSupport
import Foundation
import Testing
@testable import Dendrite

/// KerasHub's `PositionEmbedding`, `SinePositionEncoding`, `TokenAndPositionEmbedding`,
/// `TransformerEncoder` and `TransformerDecoder` against KerasHub itself on Keras 3
/// (`Fixtures/keras_transformer.json`, written by `Scripts/fixtures/make_transformer_fixtures.py`):
/// outputs and gradients with KerasHub's weights set by KerasHub's names, finite differences,
/// configurations, four small models trained with Adam; and KerasHub's weight order, causality,
/// dropout only while training, and the inputs they refuse.
@Suite struct TransformerFixtureTests {
    static let file = LayerFixtureCases.load("keras_transformer")

    /// The fixture's KerasHub layers with the same settings in Dendrite.
    static func layer(_ name: String) throws -> any GraphLayer {
        switch name {
        case "position_embedding_longer_table": return PositionEmbedding(sequenceLength: 6)
        case "position_embedding_exact_table": return PositionEmbedding(sequenceLength: 4)
        case "sine_position_encoding_default": return SinePositionEncoding()
        case "sine_position_encoding_wavelength_100_odd_features": return SinePositionEncoding(maxWavelength: 100)
        case "token_and_position_embedding": return TokenAndPositionEmbedding(vocabularySize: 7, sequenceLength: 6, embeddingDim: 3)
        case "encoder_default": return TransformerEncoder(intermediateDim: 6, numHeads: 2)
        case "encoder_normalize_first_gelu_uneven_heads":
            return TransformerEncoder(intermediateDim: 5, numHeads: 2, activation: .gelu, layerNormEpsilon: 1e-3, normalizeFirst: true)
        case "decoder_only_causal", "decoder_cross_attention": return TransformerDecoder(intermediateDim: 6, numHeads: 2)
        case "decoder_cross_normalize_first_not_causal":
            return TransformerDecoder(intermediateDim: 5, numHeads: 2, normalizeFirst: true, useCausalMask: false)
        default: throw KerasFixtureError.unknown("layer case", name)
        }
    }

    static func head(_ x: SymbolicTensor) throws -> SymbolicTensor {
        try Dense(1, name: "out")(try GlobalAveragePooling1D(name: "pool")(x))
    }

    /// The fixture script's models.
    static func model(_ name: String) throws -> Model {
        switch name {
        case "positions":
            let features = Input(shape: [5, 4], name: "features")
            let projected = try Dense(4, name: "projection")(features)
            let learned = try Add(name: "add_learned")([projected, try PositionEmbedding(sequenceLength: 8, name: "learned")(projected)])
            let sine = try Add(name: "add_sine")([learned, try SinePositionEncoding(name: "sine")(learned)])
            return try Model(inputs: features, outputs: try head(sine), name: name)
        case "token_embedding":
            let ids = Input(shape: [5], name: "ids")
            let embedded = try TokenAndPositionEmbedding(vocabularySize: 7, sequenceLength: 6, embeddingDim: 3, name: "embedding")(ids)
            return try Model(inputs: ids, outputs: try head(embedded), name: name)
        case "encoder_block":
            let tokens = Input(shape: [4, 4], name: "tokens")
            return try Model(inputs: tokens, outputs: try head(try TransformerEncoder(intermediateDim: 8, numHeads: 2, name: "encoder")(tokens)),
                             name: name)
        case "decoder_block":
            let (target, source) = (Input(shape: [3, 4], name: "target"), Input(shape: [5, 4], name: "source"))
            let decoded = try TransformerDecoder(intermediateDim: 8, numHeads: 2, name: "decoder")([target, source])
            return try Model(inputs: [target, source], outputs: try head(decoded), name: name)
        default: throw KerasFixtureError.unknown("model", name)
        }
    }

    @Test func fixtureFileLoads() throws {
        let file = try #require(Self.file, "Fixtures/keras_transformer.json is missing or malformed")
        #expect(file.layers.count == 10 && file.models.count == 4)
        #expect(file.layers.contains { $0.layer == "TransformerDecoder" && $0.inputs.count == 2 })
    }

    @Test(arguments: file?.layers.map(\.name) ?? [])
    func layerMatchesKerasHub(_ name: String) throws {
        let fixture = try #require(Self.file?.layers.first { $0.name == name })
        try LayerFixtureCases.expectMatchesKeras(try Self.layer(name), fixture)
    }

    @Test(arguments: file?.layers.map(\.name) ?? [])
    func gradientsMatchFiniteDifferences(_ name: String) throws {
        let fixture = try #require(Self.file?.layers.first { $0.name == name })
        try LayerFixtureCases.expectGradientsMatchFiniteDifferences(try Self.layer(name), fixture)
    }

    @Test(arguments: file?.layers.map(\.name) ?? [])
    func configurationMatchesKerasHub(_ name: String) throws {
        let fixture = try #require(Self.file?.layers.first { $0.name == name })
        try LayerFixtureCases.expectConfigurationMatchesKeras(try Self.layer(name), fixture)
    }

    @Test(arguments: file?.models.map(\.name) ?? [])
    func modelTrainsLikeKerasHubAndRoundTrips(_ name: String) throws {
        let fixture = try #require(Self.file?.models.first { $0.name == name })
        try LayerFixtureCases.expectTrainsLikeKeras(try Self.model(name), fixture)
    }

    /// The weights come in KerasHub's order (that of `layer.weights` in KerasHub), by KerasHub's names.
    @Test func weightsFollowKerasHubsOrder() throws {
        func names(_ layer: any GraphLayer, _ shapes: [[Int]]) throws -> [String] {
            var generator = RandomGenerator(seed: 0)
            try layer.build(inputShapes: shapes, generator: &generator)
            return layer.parameters.map(\.name)
        }
        let attention = ["query.kernel", "query.bias", "key.kernel", "key.bias", "value.kernel", "value.bias",
                         "attention_output.kernel", "attention_output.bias"]
        let dense = ["kernel", "bias"], norm = ["gamma", "beta"]
        func prefixed(_ prefix: String, _ names: [String]) -> [String] { names.map { "\(prefix).\($0)" } }
        #expect(try names(TransformerEncoder(intermediateDim: 8, numHeads: 2, name: "transformer_encoder"), [[5, 4]])
                == prefixed("transformer_encoder.self_attention_layer", attention) + prefixed("transformer_encoder.self_attention_layer_norm", norm)
                + prefixed("transformer_encoder.feedforward_layer_norm", norm) + prefixed("transformer_encoder.feedforward_intermediate_dense", dense)
                + prefixed("transformer_encoder.feedforward_output_dense", dense))
        #expect(try names(TransformerDecoder(intermediateDim: 8, numHeads: 2, name: "transformer_decoder"), [[5, 4], [3, 6]])
                == prefixed("transformer_decoder.self_attention", attention) + prefixed("transformer_decoder.self_attention_layer_norm", norm)
                + prefixed("transformer_decoder.cross_attention", attention) + prefixed("transformer_decoder.cross_attention_layer_norm", norm)
                + prefixed("transformer_decoder.feedforward_intermediate_dense", dense) + prefixed("transformer_decoder.feedforward_output_dense", dense)
                + prefixed("transformer_decoder.feedforward_layer_norm", norm))
        #expect(try names(TokenAndPositionEmbedding(vocabularySize: 9, sequenceLength: 5, embeddingDim: 3, name: "embedding"), [[5]])
                == ["embedding.token_embedding.embeddings", "embedding.position_embedding.embeddings"])
    }

    @Test func renamingABlockRenamesItsSublayers() throws {
        let encoder = TransformerEncoder(intermediateDim: 8, numHeads: 2, dropout: 0.1)
        var generator = RandomGenerator(seed: 0)
        try encoder.build(inputShape: [5, 4], generator: &generator)
        encoder.name = "enc"
        #expect(encoder.sublayers.map(\.name) == ["enc.self_attention_layer", "enc.self_attention_layer_norm", "enc.self_attention_dropout",
                                                  "enc.feedforward_layer_norm", "enc.feedforward_intermediate_dense",
                                                  "enc.feedforward_output_dense", "enc.feedforward_dropout"])
        #expect((encoder.selfAttentionLayer?.sublayers.map(\.name)) == ["enc.self_attention_layer.dropout"])
    }

    /// A decoder step sees only itself and earlier steps: changing the last step leaves the others' outputs.
    @Test func decoderSelfAttentionIsCausal() throws {
        let decoder = TransformerDecoder(intermediateDim: 8, numHeads: 2)
        var generator = RandomGenerator(seed: 3)
        try decoder.build(inputShapes: [[5, 4]], generator: &generator)
        let sequence = ModelZoo.uniform([2, 5, 4], seed: 31)
        var changed = sequence.scalars
        for sample in 0..<2 { for feature in 0..<4 { changed[(sample * 5 + 4) * 4 + feature] += 3 } }
        let before = decoder([sequence])[0], after = decoder([Tensor(shape: [2, 5, 4], scalars: changed)])[0]
        #expect(before.slice(alongAxis: 1, 0..<4).scalars == after.slice(alongAxis: 1, 0..<4).scalars)
        #expect(before.slice(alongAxis: 1, 4..<5).scalars != after.slice(alongAxis: 1, 4..<5).scalars)
    }

    /// With dropout, training differs from inference, and inference equals the same block without dropout.
    @Test func blocksDropOnlyWhileTraining() throws {
        let pairs: [(any GraphLayer, any GraphLayer, [[Int]])] = [
            (TransformerEncoder(intermediateDim: 8, numHeads: 2, dropout: 0.3), TransformerEncoder(intermediateDim: 8, numHeads: 2), [[5, 4]]),
            (TransformerDecoder(intermediateDim: 8, numHeads: 2, dropout: 0.3), TransformerDecoder(intermediateDim: 8, numHeads: 2),
             [[5, 4], [3, 4]]),
        ]
        for (dropping, plain, shapes) in pairs {
            var generator = RandomGenerator(seed: 4)
            try dropping.build(inputShapes: shapes, generator: &generator)
            try plain.build(inputShapes: shapes, generator: &generator)
            for (target, source) in zip(plain.parameters, dropping.parameters) { target.value = source.value }
            let inputs = shapes.enumerated().map { ModelZoo.uniform([2] + $1, seed: UInt64(40 + $0)) }
            #expect(dropping.call(inputs, training: false)[0].scalars == plain.call(inputs, training: false)[0].scalars)
            #expect(dropping.call(inputs, training: true)[0].scalars != plain.call(inputs, training: true)[0].scalars)
        }
    }

    @Test func badSettingsAndInputsThrowNamingTheLayer() throws {
        let cases: [(any GraphLayer, [[Int]])] = [
            (PositionEmbedding(sequenceLength: 4, name: "bad"), [[5, 3]]),
            (PositionEmbedding(sequenceLength: 0, name: "bad"), [[3, 3]]),
            (PositionEmbedding(sequenceLength: 4, name: "bad"), [[3]]),
            (SinePositionEncoding(maxWavelength: 0, name: "bad"), [[3, 4]]),
            (TokenAndPositionEmbedding(vocabularySize: 5, sequenceLength: 4, embeddingDim: 2, name: "bad"), [[6]]),
            (TokenAndPositionEmbedding(vocabularySize: 5, sequenceLength: 4, embeddingDim: 2, name: "bad"), [[3, 2]]),
            (TransformerEncoder(intermediateDim: 8, numHeads: 5, name: "bad"), [[3, 4]]),
            (TransformerEncoder(intermediateDim: 0, numHeads: 2, name: "bad"), [[3, 4]]),
            (TransformerEncoder(intermediateDim: 8, numHeads: 2, dropout: 2, name: "bad"), [[3, 4]]),
            (TransformerEncoder(intermediateDim: 8, numHeads: 2, layerNormEpsilon: 0, name: "bad"), [[3, 4]]),
            (TransformerEncoder(intermediateDim: 8, numHeads: 2, name: "bad"), [[3, 4, 2]]),
            (TransformerDecoder(intermediateDim: 8, numHeads: 2, name: "bad"), [[3, 4], [5]]),
            (TransformerDecoder(intermediateDim: 8, numHeads: 2, name: "bad"), [[3, 4], [5, 4], [5, 4]]),
        ]
        for (layer, shapes) in cases {
            let error = try #require(throws: DendriteError.self, "\(layer.typeName) \(shapes)") { try layer.outputShapes(for: shapes) }
            #expect(error.message.hasPrefix("bad"), "\(error.message)")
        }
        // A sequence longer than the position table is refused when the model is defined, naming the limit.
        let error = try #require(throws: DendriteError.self) { try PositionEmbedding(sequenceLength: 4)(Input(shape: [6, 3])) }
        #expect(error.message.contains("covers 4 positions"), "\(error.message)")

        // The decoder keeps the number of inputs it was built with, as KerasHub does.
        let decoder = TransformerDecoder(intermediateDim: 8, numHeads: 2, name: "bad")
        var generator = RandomGenerator(seed: 0)
        try decoder.build(inputShapes: [[3, 4]], generator: &generator)
        #expect(throws: DendriteError.self) { try decoder.outputShapes(for: [[3, 4], [5, 4]]) }

        // Token ids outside the vocabulary are refused before any computing.
        let ids = Input(shape: [4])
        let model = try Model(inputs: ids, outputs: try TokenAndPositionEmbedding(vocabularySize: 5, sequenceLength: 4, embeddingDim: 2)(ids))
        #expect(throws: DendriteError.self) { try model.predict(Tensor(shape: [1, 4], scalars: [0, 1, 5, 2])) }

        var settings = TokenAndPositionEmbedding(vocabularySize: 5, sequenceLength: 4, embeddingDim: 2).configuration.settings
        settings["tie_weights"] = .bool(false)
        let untied = try #require(throws: DendriteError.self) {
            try LayerRegistry.makeLayer(LayerConfiguration(type: "TokenAndPositionEmbedding", name: "bad", settings: settings))
        }
        #expect(untied.message.contains("tie_weights"))
        // KerasHub's mask_zero makes the mask ids ≠ 0.
        settings["tie_weights"] = .bool(true)
        settings["mask_zero"] = .bool(true)
        let masking = try #require(try LayerRegistry.makeLayer(LayerConfiguration(type: "TokenAndPositionEmbedding", name: "m", settings: settings)) as? TokenAndPositionEmbedding)
        #expect(masking.maskZero)
        #expect(try masking(ids).mask?.shape == [4])
    }
}
