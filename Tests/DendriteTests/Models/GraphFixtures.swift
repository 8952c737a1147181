import Foundation
@testable import Dendrite

/// `Fixtures/keras_graph.json`, written by `Scripts/fixtures/make_graph_fixtures.py`: functional
/// models trained by Keras and merging layers' values and gradients. Decoded without key
/// conversion, since weight and history keys (`left_dense.kernel`, `label_loss`) are data.
enum GraphFixtures {
    struct File: Decodable {
        let models: [ModelCase]
        let mergeLayers: [MergeCase]
        enum CodingKeys: String, CodingKey { case models, mergeLayers = "merge_layers" }
    }

    struct OptimizerSettings: Decodable {
        let className: String
        let config: [String: Float]
        enum CodingKeys: String, CodingKey { case className = "class_name", config }
    }

    struct ModelCase: Decodable {
        let name: String
        let x: [KerasFixtures.Values]
        let y: [KerasFixtures.Values]
        let initialWeights: [String: KerasFixtures.Values]
        let epochs: Int
        let batchSize: Int
        let optimizer: OptimizerSettings
        let history: [String: [Float]]
        let finalWeights: [String: KerasFixtures.Values]
        let predictions: [KerasFixtures.Values]
        enum CodingKeys: String, CodingKey {
            case name, x, y, epochs, optimizer, history, predictions
            case initialWeights = "initial_weights", batchSize = "batch_size", finalWeights = "final_weights"
        }
    }

    struct MergeCase: Decodable {
        let layer: String
        let settings: [String: JSONValue]
        let inputs: [KerasFixtures.Values]
        let upstream: KerasFixtures.Values
        let output: KerasFixtures.Values
        let gradients: [KerasFixtures.Values]
    }

    static let file: File? = {
        guard let url = Bundle.module.url(forResource: "keras_graph", withExtension: "json", subdirectory: "Fixtures"),
              let data = try? Data(contentsOf: url) else { return nil }
        return try? JSONDecoder().decode(File.self, from: data)
    }()

    static func optimizer(_ settings: OptimizerSettings) -> any Dendrite.Optimizer {
        let rate = settings.config["learning_rate"] ?? 0.01
        switch settings.className {
        case "adam": return Adam(learningRate: rate)
        case "rmsprop": return RMSprop(learningRate: rate)
        default: return SGD(learningRate: rate, momentum: settings.config["momentum"] ?? 0)
        }
    }

    /// Weights keyed as Keras' paths (`hidden.kernel`), a subclassed model's prefix removed.
    static func weights(_ values: [String: KerasFixtures.Values], model: String) -> [String: Tensor] {
        Dictionary(uniqueKeysWithValues: values.map { key, value in
            (key.hasPrefix("\(model).") ? String(key.dropFirst(model.count + 1)) : key, value.tensor)
        })
    }
}

/// A subclassed model as in the fixture script: `out = W₃(relu(W₁x) + relu(W₂ relu(W₁x)))`.
final class ResidualRegressor: Model, @unchecked Sendable {
    let first = Dense(6, activation: .relu, name: "first")
    let second = Dense(6, activation: .relu, name: "second")
    let head = Dense(1, name: "head")

    init() { super.init(name: "residual_regressor") }
    required convenience init(configuration: LayerConfiguration) throws { self.init() }

    override var layers: [any GraphLayer] { [first, second, head] }

    override func build(inputShapes: [[Int]], generator: inout RandomGenerator) throws {
        try first.build(inputShape: inputShapes[0], generator: &generator)
        try second.build(inputShape: [6], generator: &generator)
        try head.build(inputShape: [6], generator: &generator)
    }

    override func call(_ inputs: [Tensor], training: Bool) -> [Tensor] {
        let hidden = first(inputs[0], training: training)
        return [head(hidden + second(hidden, training: training), training: training)]
    }
}

/// The fixture script's models, built with the functional API.
enum GraphZoo {
    static func model(_ name: String) throws -> Model {
        switch name {
        case "residual_mlp":
            let features = Input(shape: [4], name: "features")
            let hidden = try Dense(8, activation: .relu, name: "hidden")(features)
            let skip = try Dense(8, name: "skip")(hidden)
            let joined = try Add(name: "add")([hidden, skip])
            return try Model(inputs: features, outputs: try Dense(3, activation: .softmax, name: "out")(joined), name: "residual")
        case "two_inputs_concatenate":
            let left = Input(shape: [3], name: "left"), right = Input(shape: [2], name: "right")
            let a = try Dense(4, activation: .relu, name: "left_dense")(left)
            let b = try Dense(4, activation: .tanh, name: "right_dense")(right)
            let joined = try Concatenate(name: "concatenate")([a, b])
            return try Model(inputs: [left, right], outputs: [try Dense(1, activation: .sigmoid, name: "out")(joined)],
                             name: "two_inputs")
        case "siamese_shared_layer":
            let first = Input(shape: [4], name: "first"), second = Input(shape: [4], name: "second")
            let shared = Dense(5, activation: .tanh, name: "shared")
            let (a, b) = (try shared(first), try shared(second))
            let joined = try Concatenate(name: "concatenate")([try Subtract(name: "subtract")([a, b]),
                                                               try Multiply(name: "multiply")([a, b])])
            return try Model(inputs: [first, second], outputs: [try Dense(1, name: "out")(joined)], name: "siamese")
        case "two_outputs_loss_weights":
            let features = Input(shape: [4], name: "features")
            let trunk = try Dense(6, activation: .relu, name: "trunk")(features)
            return try Model(inputs: [features], outputs: [try Dense(1, name: "value")(trunk),
                                                           try Dense(3, activation: .softmax, name: "label")(trunk)],
                             name: "two_outputs")
        case "nested_model":
            let encoderInput = Input(shape: [4], name: "encoder_input")
            let encoder = try Model(inputs: encoderInput, outputs: try Dense(5, activation: .relu, name: "encoder_dense")(encoderInput),
                                    name: "encoder")
            let features = Input(shape: [4], name: "features")
            return try Model(inputs: features, outputs: try Dense(2, name: "head")(try encoder(features)), name: "outer")
        case "subclassed_model":
            return ResidualRegressor()
        case "frozen_regularized":
            let features = Input(shape: [4], name: "features")
            let frozen = Dense(5, activation: .relu, kernelRegularizer: .l2(0.1), name: "frozen")
            let outputs = try Dense(1, kernelRegularizer: .l2(0.05), name: "out")(try frozen(features))
            let model = try Model(inputs: features, outputs: outputs, name: "frozen_regularized")
            frozen.trainable = false
            return model
        default:
            throw KerasFixtureError.unknown("model", name)
        }
    }

    /// How the fixture script compiled each model.
    static func compile(_ model: Model, _ name: String, optimizer: any Optimizer) {
        switch name {
        case "residual_mlp": model.compile(optimizer: optimizer, loss: .categoricalCrossentropy)
        case "two_inputs_concatenate": model.compile(optimizer: optimizer, loss: .binaryCrossentropy)
        case "two_outputs_loss_weights":
            model.compile(optimizer: optimizer, loss: [.meanSquaredError, .sparseCategoricalCrossentropy],
                          metrics: [[], [.accuracy]], lossWeights: [0.5, 2])
        default: model.compile(optimizer: optimizer, loss: .meanSquaredError)
        }
    }
}
