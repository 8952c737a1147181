import Foundation
import Testing
@testable import Dendrite

/// Sign descent, `w ← w − η·sign(g)`: an optimizer defined outside the library, as a user would.
struct SignSGD: Optimizer {
    var learningRate: Float = 0.01
    var weightDecay: Float = 0
    var clipping = GradientClipping()
    var name: String { "sign_sgd" }
    var settings: [String: JSONValue] { [:] }
    init(learningRate: Float) { self.learningRate = learningRate }
    init(configuration: OptimizerConfiguration) throws {}
    func validate() throws { try validateCommonSettings() }
    func makeState(for parameter: Tensor) -> [Tensor] { [] }
    func update(_ w: UnsafeMutableBufferPointer<Float>, gradient g: UnsafeBufferPointer<Float>,
                state: [UnsafeMutableBufferPointer<Float>], step: Int, learningRate lr: Float) {
        for i in w.indices { w[i] -= lr * (g[i] > 0 ? 1 : g[i] < 0 ? -1 : 0) }
    }
}

/// A user's optimizer that nobody registered.
struct UnregisteredSGD: Optimizer {
    var learningRate: Float = 0.01
    var weightDecay: Float = 0
    var clipping = GradientClipping()
    var name: String { "unregistered_sgd" }
    var settings: [String: JSONValue] { [:] }
    init() {}
    init(configuration: OptimizerConfiguration) throws {}
    func validate() throws {}
    func makeState(for parameter: Tensor) -> [Tensor] { [] }
    func update(_ w: UnsafeMutableBufferPointer<Float>, gradient g: UnsafeBufferPointer<Float>,
                state: [UnsafeMutableBufferPointer<Float>], step: Int, learningRate lr: Float) {
        for i in w.indices { w[i] -= lr * g[i] }
    }
}

@Suite struct OptimizerRegistryTests {
    /// Every built-in optimizer, each setting away from its default.
    static let nonDefault: [any Optimizer] = [
        SGD(learningRate: 0.05, momentum: 0.8, nesterov: true, weightDecay: 0.01).clipped(value: 0.5),
        RMSprop(learningRate: 0.002, rho: 0.8, momentum: 0.3, epsilon: 1e-6, centered: true, weightDecay: 0.02),
        Adam(learningRate: 0.003, beta1: 0.85, beta2: 0.99, epsilon: 1e-6, amsgrad: true),
        AdamW(learningRate: 3e-4, weightDecay: 0.01, beta1: 0.8, amsgrad: true).clipped(norm: 2),
        AdaGrad(learningRate: 0.02, initialAccumulator: 0.2, epsilon: 1e-6, weightDecay: 0.03).clipped(globalNorm: 1),
        Nadam(learningRate: 0.002, beta1: 0.85, beta2: 0.99, epsilon: 1e-6, weightDecay: 0.01),
        Adamax(learningRate: 0.004, beta1: 0.8, beta2: 0.99, epsilon: 1e-6, weightDecay: 0.02).clipped(norm: 3),
        Adadelta(learningRate: 0.5, rho: 0.9, epsilon: 1e-6, weightDecay: 0.01),
        Lion(learningRate: 3e-4, beta1: 0.95, beta2: 0.98, weightDecay: 0.1).clipped(value: 1),
    ]

    @Test func everyRegisteredOptimizerSurvivesConfigJSONAndTrainingContinuesExactly() throws {
        let builtIn = Set(OptimizerRegistry.names).subtracting(["sign_sgd"])
        #expect(Set(Self.nonDefault.map(\.name)) == builtIn)
        for optimizer in Self.nonDefault {
            let directory = try SavingSupport.temporaryDirectory()
            defer { try? FileManager.default.removeItem(at: directory) }
            let model = try SavingSupport.model()
            model.compile(optimizer: optimizer, loss: .binaryCrossentropy)
            try model.fit(SavingSupport.x, SavingSupport.y, epochs: 1, batchSize: 8, verbose: 0)
            try model.save(to: directory)

            let loaded = try Sequential.load(from: directory)
            let restored = try #require(loaded.optimizer)
            #expect(type(of: restored) == type(of: optimizer), "\(optimizer.name)")
            #expect(OptimizerConfiguration(restored) == OptimizerConfiguration(optimizer), "\(optimizer.name)")
            #expect(restored.clipping == optimizer.clipping && restored.weightDecay == optimizer.weightDecay)
            // The saved slots and step count carry on: one more epoch gives the same bits.
            try model.fit(SavingSupport.x, SavingSupport.y, epochs: 1, batchSize: 8, verbose: 0)
            try loaded.fit(SavingSupport.x, SavingSupport.y, epochs: 1, batchSize: 8, verbose: 0)
            #expect(SavingSupport.bits(loaded.weights) == SavingSupport.bits(model.weights), "\(optimizer.name)")
        }
    }

    /// The optimizer JSON that saved models hold from before the registry (each key Dendrite wrote
    /// then), with Keras' defaults for the settings added since.
    @Test func configurationsSavedBeforeTheRegistryStillLoad() throws {
        func load(_ text: String) throws -> any Optimizer {
            let json = try JSONDecoder().decode(JSONValue.self, from: Data(text.utf8))
            return try OptimizerRegistry.makeOptimizer(OptimizerConfiguration(json: json))
        }
        let common = #""clipnorm": null, "global_clipnorm": null, "clipvalue": 0.5"#
        let sgd = try #require(try load(#"{"name": "sgd", "learning_rate": 0.05, "momentum": 0.8, "nesterov": true, \#(common)}"#) as? SGD)
        #expect(sgd.learningRate == 0.05 && sgd.momentum == 0.8 && sgd.nesterov && sgd.weightDecay == 0 && sgd.clipping.value == 0.5)
        let rmsprop = try #require(try load(#"{"name": "rmsprop", "learning_rate": 0.001, "rho": 0.95, "epsilon": 1e-06, \#(common)}"#) as? RMSprop)
        #expect(rmsprop.rho == 0.95 && rmsprop.epsilon == 1e-6 && rmsprop.momentum == 0 && !rmsprop.centered)
        let adam = try #require(try load(#"{"name": "adamw", "learning_rate": 0.0003, "beta_1": 0.9, "beta_2": 0.999, "epsilon": 1e-07, "weight_decay": 0.01, \#(common)}"#) as? Adam)
        #expect(adam.weightDecay == 0.01 && adam.beta2 == 0.999 && !adam.amsgrad && adam.name == "adamw")
        let adagrad = try #require(try load(#"{"name": "adagrad", "learning_rate": 0.02, "initial_accumulator_value": 0.2, "epsilon": 1e-07, \#(common)}"#) as? AdaGrad)
        #expect(adagrad.initialAccumulator == 0.2 && adagrad.learningRate == 0.02)
        // A bare name takes every Keras default, AdamW's decay of 0.004 included.
        let adamW = try #require(try load(#""adamw""#) as? Adam)
        #expect(adamW.weightDecay == 0.004 && adamW.learningRate == 0.001)
    }

    @Test func badConfigurationsAreRefusedNamingTheSetting() throws {
        func error(_ settings: [String: JSONValue], name: String = "adam") -> String? {
            do {
                _ = try OptimizerRegistry.makeOptimizer(OptimizerConfiguration(name: name, settings: settings))
                return nil
            } catch let error as DendriteError { return error.message } catch { return "\(error)" }
        }
        #expect(error(["beta_1": "0.9"]) == "optimizer 'adam': setting 'beta_1' must be a number, got \"0.9\"")
        #expect(error(["amsgrad": .number(1)]) == "optimizer 'adam': setting 'amsgrad' must be true or false, got 1")
        #expect(error(["use_ema": true]) == "optimizer 'adam': setting 'use_ema' is not supported (Dendrite keeps no moving average of the weights)")
        #expect(error(["gradient_accumulation_steps": .number(4)])
                == "optimizer 'adam': setting 'gradient_accumulation_steps' is not supported (every batch is one update), got 4.0")
        #expect(error([:], name: "adamm")?.hasPrefix("unknown optimizer 'adamm' (registered: adadelta, adagrad, adam, adamax, adamw, lion, nadam, rmsprop, sgd") == true)
    }

    @Test func badHyperParametersThrowNamingTheSettingAndValue() {
        let cases: [(any Optimizer, String)] = [
            (SGD(weightDecay: -0.1), "sgd: weightDecay must be in 0.0...1.0, got -0.1"),
            (RMSprop(momentum: 1.5), "rmsprop: momentum must be in 0.0...1.0, got 1.5"),
            (Nadam(beta2: 1.2), "nadam: beta2 must be in 0.0...1.0, got 1.2"),
            (Adamax(epsilon: -1), "adamax: epsilon must be in 0.0...1.0, got -1.0"),
            (Adadelta(learningRate: .nan), "adadelta: learning rate must be a finite number ≥ 0, got nan"),
            (Lion(beta1: 0), "lion: beta1 must be in (0, 1], got 0.0"),
        ]
        for (optimizer, message) in cases {
            #expect(throws: DendriteError.argument(message)) { try optimizer.validate() }
        }
    }

    @Test func userDefinedOptimizerCompilesTrainsSavesAndLoads() throws {
        OptimizerRegistry.register(SignSGD.self, as: "sign_sgd")
        let directory = try SavingSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let model = Sequential(seed: 5) { Dense(3, activation: .tanh, inputShape: [3]); Dense(1, activation: .sigmoid) }
        model.compile(optimizer: SignSGD(learningRate: 0.0625), loss: .binaryCrossentropy)
        try model.build(inputShape: [3])
        let before = model.weights
        try model.trainOnBatch(SavingSupport.x, SavingSupport.y)
        // Sign descent moves every weight (all have a nonzero gradient here) by η, to the rounding.
        for (old, new) in zip(before, model.weights) {
            for (a, b) in zip(old.scalars, new.scalars) { #expect(((a - b).magnitude - 0.0625).magnitude <= 1e-7, "\(a) → \(b)") }
        }
        try model.fit(SavingSupport.x, SavingSupport.y, epochs: 2, batchSize: 8, verbose: 0)
        try model.save(to: directory)

        let loaded = try Sequential.load(from: directory)
        let restored = try #require(loaded.optimizer as? SignSGD)
        #expect(restored.learningRate == 0.0625)
        try model.fit(SavingSupport.x, SavingSupport.y, epochs: 1, batchSize: 8, verbose: 0)
        try loaded.fit(SavingSupport.x, SavingSupport.y, epochs: 1, batchSize: 8, verbose: 0)
        #expect(SavingSupport.bits(loaded.weights) == SavingSupport.bits(model.weights))
    }

    @Test func savingAnUnregisteredOptimizerThrowsNamingTheFix() throws {
        let directory = try SavingSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let model = Sequential { Dense(1, inputShape: [3]) }
        model.compile(optimizer: UnregisteredSGD(), loss: .mse)
        try model.build(inputShape: [3])
        #expect(throws: DendriteError.argument("save: the optimizer UnregisteredSGD ('unregistered_sgd') is not registered; call OptimizerRegistry.register(UnregisteredSGD.self, as: \"unregistered_sgd\") so that it can be loaded")) {
            try model.save(to: directory)
        }
    }
}
