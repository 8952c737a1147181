import Foundation
import Testing
@testable import Dendrite

/// Saving and loading models built from the sequence layers: every setting, every weight name
/// (wrapped layers included) and every prediction survive the round trip.
@Suite struct RecurrentSavingTests {
    /// 16 sequences of 7 ids below 20, and a binary target per sequence (fixed values).
    static let x = Tensor(shape: [16, 7], scalars: (0..<112).map { Float(($0 * 13 + $0 / 7) % 20) })
    static let y = Tensor(shape: [16, 1], scalars: (0..<16).map { Float($0 % 3 == 0 ? 1 : 0) })

    /// Every sequence layer, each recurrent cell in more than one configuration.
    static func model() -> Sequential {
        let model = Sequential(seed: 11, name: "sequences") {
            Embedding(20, 6, inputShape: [7])
            Bidirectional(LSTM(5, returnSequences: true))
            Bidirectional(GRU(3, returnSequences: true, resetAfter: false), mergeMode: .sum)
            GRU(4, returnSequences: true)
            SimpleRNN(3, activation: .relu, returnSequences: true, goBackwards: true)
            TimeDistributed(Dense(2, activation: .tanh))
            LSTM(3, unitForgetBias: false, recurrentInitializer: .orthogonal(gain: 0.8))
            Dense(1, activation: .sigmoid)
        }
        model.compile(optimizer: Adam(learningRate: 0.01), loss: .binaryCrossentropy, metrics: [.accuracy])
        return model
    }

    @Test func roundTripGivesBitIdenticalWeightsPredictionsAndConfiguration() throws {
        let directory = try SavingSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let model = Self.model()
        try model.fit(Self.x, Self.y, epochs: 2, batchSize: 8, verbose: 0)
        try model.save(to: directory)

        let loaded = try Sequential.load(from: directory)
        #expect(loaded.parameters.map(\.name) == model.parameters.map(\.name))
        #expect(SavingSupport.bits(loaded.weights) == SavingSupport.bits(model.weights))
        #expect(try loaded.predict(Self.x).scalars.map(\.bitPattern) == model.predict(Self.x).scalars.map(\.bitPattern))
        #expect(loaded.layers.map(\.configuration) == model.layers.map(\.configuration))
        #expect(loaded.layers.map(\.name) == ["embedding", "bidirectional", "bidirectional_1", "gru", "simple_rnn",
                                              "time_distributed", "lstm", "dense"])
        let gru = try #require(loaded.layers[2] as? Bidirectional)
        #expect(gru.mergeMode == .sum && (gru.backwardLayer as? GRU)?.goBackwards == true)
        #expect((gru.forwardLayer as? GRU)?.resetAfter == false && (loaded.layers[3] as? GRU)?.resetAfter == true)
        #expect((loaded.layers[6] as? LSTM)?.recurrentInitializer == .orthogonal(gain: 0.8))

        // Training continues from the saved optimizer state, weight for weight.
        let original = try model.fit(Self.x, Self.y, epochs: 1, batchSize: 8, verbose: 0)
        let resumed = try loaded.fit(Self.x, Self.y, epochs: 1, batchSize: 8, verbose: 0)
        #expect(resumed["loss"] == original["loss"])
        #expect(SavingSupport.bits(loaded.weights) == SavingSupport.bits(model.weights))
    }

    @Test func weightsAreNamedByLayerAndWrappedLayer() throws {
        let directory = try SavingSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let model = Self.model()
        try model.build(inputShape: [7])
        try model.save(to: directory)
        let weights = try SafeTensors(contentsOf: directory.appendingPathComponent("model.safetensors"))
        let cell = ["kernel", "recurrent_kernel", "bias"]
        let expected = ["embedding.embeddings"]
            + ["bidirectional.forward_lstm", "bidirectional.backward_lstm", "bidirectional_1.forward_gru",
               "bidirectional_1.backward_gru", "gru", "simple_rnn"].flatMap { layer in cell.map { "\(layer).\($0)" } }
            + ["time_distributed.dense.kernel", "time_distributed.dense.bias"]
            + cell.map { "lstm.\($0)" } + ["dense.kernel", "dense.bias"]
        #expect(weights.names == expected)
        #expect(weights["embedding.embeddings"]?.shape == [20, 6])
        #expect(weights["bidirectional.backward_lstm.recurrent_kernel"]?.shape == [5, 20])
        #expect(weights["bidirectional_1.forward_gru.bias"]?.shape == [9])
        #expect(weights["gru.bias"]?.shape == [2, 12])
        #expect(weights["time_distributed.dense.kernel"]?.shape == [3, 2])
    }

    @Test func configurationUsesKerasNamesAndNestsWrappedLayers() throws {
        let settings = Self.model().layers.map(\.configuration.settings)
        #expect(settings[0] == [
            "input_dim": .number(20), "output_dim": .number(6), "input_shape": [.number(7)], "embeddings_regularizer": nil,
            "mask_zero": false,
            "embeddings_initializer": ["module": "keras.initializers", "class_name": "RandomUniform", "registered_name": nil,
                                       "config": ["minval": .number(-0.05), "maxval": .number(0.05), "seed": nil]],
        ])
        #expect(settings[1]["merge_mode"] == "concat")
        #expect(settings[1]["layer"] == [
            "module": "keras.layers", "class_name": "LSTM", "registered_name": nil,
            "config": [
                "name": "forward_lstm", "trainable": true,
                "units": .number(5), "activation": "tanh", "recurrent_activation": "sigmoid", "use_bias": true,
                "unit_forget_bias": true, "return_sequences": true, "return_state": false, "go_backwards": false,
                "kernel_initializer": Initializer.glorotUniform.configuration,
                "recurrent_initializer": Initializer.orthogonal.configuration,
                "bias_initializer": Initializer.zeros.configuration, "input_shape": nil,
                "zero_output_for_mask": true, "dropout": .number(0), "recurrent_dropout": .number(0), "stateful": false,
                "kernel_regularizer": nil, "recurrent_regularizer": nil, "bias_regularizer": nil,
            ],
        ])
        guard case .object(let backward)? = settings[1]["backward_layer"], case .object(let backwardSettings)? = backward["config"] else {
            Issue.record("Bidirectional does not write its backward layer: \(settings[1])")
            return
        }
        #expect(backwardSettings["name"] == "backward_lstm" && backwardSettings["go_backwards"] == true)
        #expect(settings[3]["reset_after"] == true && settings[3]["recurrent_activation"] == "sigmoid")
        #expect(settings[4]["activation"] == "relu" && settings[4]["go_backwards"] == true && settings[4]["reset_after"] == nil)
        guard case .object(let wrapped)? = settings[5]["layer"] else {
            Issue.record("TimeDistributed does not nest its layer: \(settings[5])")
            return
        }
        guard case .object(let wrappedSettings)? = wrapped["config"] else {
            Issue.record("TimeDistributed does not nest its layer in Keras' envelope: \(wrapped)")
            return
        }
        #expect(wrapped["class_name"] == "Dense" && wrappedSettings["name"] == "dense")
    }

    @Test func malformedWrappedLayersAreRefusedNamingTheSetting() throws {
        var configuration = Bidirectional(LSTM(2), name: "encoder").configuration
        configuration.settings["layer"] = Dense(2, name: "head").configuration.json
        #expect(throws: DendriteError(.invalidFile, "layer 'encoder' (Bidirectional): setting 'layer' must be a recurrent layer (SimpleRNN, LSTM or GRU), got Dense")) {
            try LayerRegistry.makeLayer(configuration)
        }
        configuration.settings["merge_mode"] = "max"
        #expect(throws: DendriteError(.invalidFile, "layer 'encoder' (Bidirectional): setting 'merge_mode' must be \"concat\", \"sum\", \"mul\" or \"ave\", got \"max\"")) {
            try LayerRegistry.makeLayer(configuration)
        }
        configuration = TimeDistributed(Dense(2), name: "steps").configuration
        configuration.settings["layer"] = "Dense"
        #expect(throws: DendriteError(.invalidFile, "layer 'steps' (TimeDistributed): setting 'layer' must be a layer configuration {\"class_name\": …, \"config\": {\"name\": …, …}}, got \"Dense\"")) {
            try LayerRegistry.makeLayer(configuration)
        }
    }
}
