import Foundation
import Testing
@testable import Dendrite

@Suite struct ModelSavingTests {
    @Test func roundTripGivesBitIdenticalWeightsPredictionsAndConfiguration() throws {
        let directory = try SavingSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let model = try SavingSupport.compiledModel()
        try model.build(inputShape: [3])
        model.layers[1].trainable = false   // (on an unbuilt layer, with no weights yet, this would do nothing)
        model.preprocessing = .standard(try StandardScaler().fit(SavingSupport.x))
        model.classNames = ["negative", "positive"]
        try model.fit(SavingSupport.x, SavingSupport.y, epochs: 2, batchSize: 8, verbose: 0)
        let url = directory.appendingPathComponent("model")
        try model.save(to: url)

        let loaded = try Sequential.load(from: url)
        #expect(SavingSupport.bits(loaded.weights) == SavingSupport.bits(model.weights))
        #expect(try loaded.predict(SavingSupport.x).scalars.map(\.bitPattern) == model.predict(SavingSupport.x).scalars.map(\.bitPattern))
        #expect(loaded.layers.map(\.configuration) == model.layers.map(\.configuration))
        #expect(loaded.name == "classifier" && loaded.seed == 3 && loaded.inputShape == [3])
        #expect(loaded.layers.map(\.name) == ["input_layer", "dense", "dropout", "dense_1", "activation", "flatten", "dense_2"])
        #expect(loaded.layers[1].trainable == false && loaded.layers[3].trainable)
        #expect(loaded.preprocessing == model.preprocessing && loaded.classNames == ["negative", "positive"])
        #expect(try loaded.compiled?.objectives(for: loaded).first?.metrics == [.accuracy, .precision(threshold: 0.4)] && loaded.loss == .binaryCrossentropy)
        let adam = try #require(loaded.optimizer as? Adam)
        #expect(adam.learningRate == 0.01 && adam.beta1 == 0.9 && adam.beta2 == 0.99 && adam.epsilon == 1e-7)
        #expect(adam.clipping == GradientClipping(norm: 5))
        #expect(loaded.compiled?.optimizerState.iterations == 6)
    }

    @Test func trainingAfterLoadContinuesExactlyAsTheSavedModel() throws {
        let directory = try SavingSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let model = try SavingSupport.compiledModel()
        try model.fit(SavingSupport.x, SavingSupport.y, epochs: 2, batchSize: 8, verbose: 0)
        try model.save(to: directory.appendingPathComponent("model"))
        let loaded = try Sequential.load(from: directory.appendingPathComponent("model"))
        // Shuffling, dropout masks and Adam's moments all continue from the saved state.
        let original = try model.fit(SavingSupport.x, SavingSupport.y, epochs: 3, batchSize: 8, verbose: 0)
        let resumed = try loaded.fit(SavingSupport.x, SavingSupport.y, epochs: 3, batchSize: 8, verbose: 0)
        #expect(resumed["loss"] == original["loss"])
        #expect(SavingSupport.bits(loaded.weights) == SavingSupport.bits(model.weights))
    }

    @Test func configurationRecordsEverySettingWithKerasNames() throws {
        let directory = try SavingSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let model = try SavingSupport.compiledModel()
        try model.build(inputShape: [3])
        try model.save(to: directory)
        let json = try JSONDecoder().decode(JSONValue.self, from: Data(contentsOf: directory.appendingPathComponent("config.json")))
        guard case .object(let top) = json, case .object(let model)? = top["model"], case .object(let modelConfig)? = model["config"],
              case .array(let layers)? = modelConfig["layers"], layers.count > 1, case .object(let dense) = layers[1],
              case .object(let compile)? = top["compile"] else {
            Issue.record("unexpected config.json: \(json.jsonText)")
            return
        }
        // Keras 3's schema: {"module", "class_name", "config": {"name", "trainable", settings…}, "registered_name"}.
        #expect(top["format_version"] == .number(2) && top["seed"] == .number(3))
        #expect(model["class_name"] == "Sequential" && modelConfig["build_input_shape"] == [nil, .number(3)])
        #expect(dense["class_name"] == "Dense" && dense["module"] == "keras.layers")
        #expect(dense["config"] == [
            "name": "dense", "trainable": true,
            "units": .number(6), "activation": "leaky_relu", "use_bias": true,
            "kernel_initializer": ["module": "keras.initializers", "class_name": "HeUniform", "config": ["seed": nil], "registered_name": nil],
            "bias_initializer": ["module": "keras.initializers", "class_name": "Constant", "config": ["value": .number(0.1)], "registered_name": nil],
            "kernel_regularizer": ["module": "keras.regularizers", "class_name": "L2", "config": ["l2": .number(0.003)], "registered_name": nil],
            "bias_regularizer": nil, "input_shape": nil,
        ])
        #expect(compile["optimizer"] == [
            "name": "adam", "learning_rate": .number(0.01), "beta_1": .number(0.9), "beta_2": .number(0.99),
            "epsilon": .number(1e-7), "amsgrad": false, "weight_decay": .number(0), "clipnorm": .number(5), "global_clipnorm": nil,
            "clipvalue": nil,
        ])
        #expect(compile["loss"] == ["name": "binary_crossentropy", "from_logits": false, "label_smoothing": .number(0)])
        #expect(compile["metrics"] == ["accuracy", ["name": "precision", "threshold": .number(0.4)]])
        let weights = try SafeTensors(contentsOf: directory.appendingPathComponent("model.safetensors"))
        #expect(weights.names == ["dense.kernel", "dense.bias", "dense_1.kernel", "dense_2.kernel", "dense_2.bias"])
        #expect(weights["dense.kernel"]?.shape == [3, 6] && weights["dense_1.kernel"]?.shape == [6, 4])
    }

    @Test func everyOptimizerAndLossRoundTrips() throws {
        let optimizers: [any Optimizer] = [SGD(learningRate: 0.05, momentum: 0.8, nesterov: true).clipped(value: 0.5),
                                           AdamW(learningRate: 3e-4, weightDecay: 0.01), RMSprop(rho: 0.95, epsilon: 1e-6),
                                           AdaGrad(learningRate: 0.02, initialAccumulator: 0.2).clipped(globalNorm: 1)]
        let losses: [Loss] = [.mse, .mae, .huber(delta: 0.7), .binaryCrossentropy(fromLogits: true),
                              .categoricalCrossentropy, .sparseCategoricalCrossentropy(fromLogits: true)]
        for (optimizer, loss) in zip(optimizers + optimizers.prefix(2), losses) {
            let saved = try CompileConfiguration(optimizer: optimizer, loss: loss, metrics: [.f1Score(threshold: 0.3), .auc])
            let decoded = try JSONDecoder().decode(CompileConfiguration.self, from: JSONEncoder().encode(saved))
            let restored = try decoded.makeOptimizer()
            #expect(try CompileConfiguration.encode(restored) == CompileConfiguration.encode(optimizer))
            #expect(type(of: restored) == type(of: optimizer) && restored.clipping == optimizer.clipping)
            #expect(try decoded.makeLoss() == loss)
            #expect(try decoded.makeMetrics() == [.f1Score(threshold: 0.3), .auc])
        }
    }

    @Test func everyActivationAndInitializerRoundTrips() throws {
        let activations: [Activation] = [.linear, .step, .sigmoid, .tanh, .relu, .leakyRelu(slope: 0.3), .softmax,
                                         .elu(alpha: 0.7), .selu, .gelu(approximate: true), .gelu, .swish, .softplus, .hardSigmoid]
        let initializers: [Initializer] = [.zeros, .ones, .constant(-0.25), .glorotUniform, .glorotNormal, .heUniform, .heNormal,
                                           .lecunUniform, .lecunNormal, .randomUniform(low: -0.1, high: 0.3),
                                           .randomNormal(mean: 1, standardDeviation: 0.01), .orthogonal, .orthogonal(gain: 1.5)]
        let fail: (String) -> DendriteError = { DendriteError(.invalidFile, $0) }
        for activation in activations { #expect(try Activation(configuration: activation.configuration, problem: fail) == activation) }
        for initializer in initializers {
            #expect(try Initializer(configuration: initializer.configuration, problem: fail) == initializer)
        }
    }

    @Test func loadWeightsRejectsMissingAndMisshapenTensors() throws {
        let directory = try SavingSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let url = directory.appendingPathComponent("w.safetensors")
        let model = Sequential { Dense(2, inputShape: [3]) }
        try SafeTensors([("dense.kernel", Tensor.zeros([3, 2]))]).write(to: url)
        #expect(throws: DendriteError(.invalidFile, "\(url.path): weight 'dense.bias' is missing")) { try model.loadWeights(from: url) }
        try SafeTensors([("dense.kernel", Tensor.zeros([2, 3])), ("dense.bias", Tensor.zeros([2]))]).write(to: url)
        #expect(throws: DendriteError(.invalidFile, "\(url.path): tensor 'dense.kernel' has shape [2, 3], but the architecture needs [3, 2]")) {
            try model.loadWeights(from: url)
        }
    }
}
