import DendriteTestSupport
import Foundation
import Testing
@testable import Dendrite

/// Replays `Fixtures/keras_optimizers.json` (Scripts/fixtures/make_optimizer_fixtures.py): from Keras'
/// initial weights and data, `fit` (batch size 4, no shuffling) with the optimizer rebuilt from
/// Keras' own `get_config()` must give Keras' per-epoch losses, final weights and predictions to
/// 1e-5 relative (1e-6 absolute near zero); in the freezing cases, the first layer is frozen for
/// the first phase and trained with a freshly compiled optimizer in the second, as in Keras.
@Suite struct OptimizerFixtureTests {
    struct Phase: Decodable {
        let frozenLayers: [Int]
        let epochs: Int

        enum CodingKeys: String, CodingKey {
            case frozenLayers = "frozen_layers", epochs
        }
    }

    struct Case: Decodable {
        let name: String
        let hiddenActivation: String
        let outputActivation: String
        let units: [Int]
        /// Keras' `get_config()`, with Dendrite's registry name (decoded without key conversion).
        let optimizer: JSONValue
        let loss: [String: String]
        let phases: [Phase]
        let x: KerasFixtures.Values
        let y: KerasFixtures.Values
        let initialWeights: [KerasFixtures.Values]
        let losses: [Float]
        let finalWeights: [KerasFixtures.Values]
        let predictions: KerasFixtures.Values

        enum CodingKeys: String, CodingKey {
            case name, units, optimizer, loss, phases, x, y, losses, predictions
            case hiddenActivation = "hidden_activation", outputActivation = "output_activation"
            case initialWeights = "initial_weights", finalWeights = "final_weights"
        }

        var optimizerConfiguration: OptimizerConfiguration { get throws { try OptimizerConfiguration(json: optimizer) } }
    }

    struct File: Decodable {
        let cases: [Case]
    }

    static func load() throws -> [Case] {
        guard let url = Bundle.module.url(forResource: "keras_optimizers", withExtension: "json", subdirectory: "Fixtures") else {
            throw KerasFixtureError.missingFile("keras_optimizers")
        }
        return try JSONDecoder().decode(File.self, from: Data(contentsOf: url)).cases
    }

    /// Empty if the file does not load; `fixtureCoversEveryOptimizerAndOption` then reports why.
    static let cases: [Case] = (try? load()) ?? []

    @Test(arguments: cases.map(\.name))
    func trainingMatchesKeras(_ name: String) throws {
        let fixture = try #require(Self.cases.first { $0.name == name })
        let hidden = try KerasFixtures.activation(named: fixture.hiddenActivation)
        let output = try KerasFixtures.activation(named: fixture.outputActivation)
        let model = Sequential {
            Dense(fixture.units[0], activation: hidden)
            Dense(fixture.units[1], activation: output)
        }
        try model.build(inputShape: Array(fixture.x.shape.dropFirst()))
        model.weights = fixture.initialWeights.map(\.tensor)
        let loss: Loss = switch fixture.loss["name"] {
        case "mean_squared_error": .meanSquaredError
        case "sparse_categorical_crossentropy": .sparseCategoricalCrossentropy
        default: throw KerasFixtureError.unknown("loss", fixture.loss["name"] ?? "nil")
        }

        var losses: [Float] = []
        for phase in fixture.phases {
            for (index, layer) in model.layers.enumerated() { layer.trainable = !phase.frozenLayers.contains(index) }
            model.compile(optimizer: try OptimizerRegistry.makeOptimizer(fixture.optimizerConfiguration), loss: loss)
            let history = try model.fit(fixture.x.tensor, fixture.y.tensor, epochs: phase.epochs, batchSize: 4, shuffle: false,
                                        verbose: 0)
            losses += try #require(history["loss"])
            for index in phase.frozenLayers {
                #expect(model.layers[index].parameters.allSatisfy { $0.gradient == nil }, "\(name): a frozen weight has a gradient")
            }
        }

        expectClose(Tensor(losses), Tensor(fixture.losses), "\(name) per-epoch loss")
        for (index, (weight, expected)) in zip(model.weights, fixture.finalWeights).enumerated() {
            expectClose(weight, expected.tensor, "\(name) final weight \(index) (\(model.parameters[index].name))")
        }
        expectClose(try model.predict(fixture.x.tensor), fixture.predictions.tensor, absolute: 1e-6, "\(name) predictions")
    }

    @Test func fixtureCoversEveryOptimizerAndOption() throws {
        let cases = try Self.load()
        #expect(Set(cases.map(\.name)).count == cases.count, "case names must be unique")
        let optimizers = try cases.map { try OptimizerRegistry.makeOptimizer($0.optimizerConfiguration) }
        #expect(Set(optimizers.map(\.name)) == ["sgd", "rmsprop", "adam", "adamw", "adagrad", "nadam", "adamax", "adadelta", "lion"])
        let decayed = Set(optimizers.filter { $0.weightDecay > 0 }.map { "\(type(of: $0))" })
        #expect(decayed == ["SGD", "RMSprop", "Adam", "AdaGrad", "Nadam", "Adamax", "Adadelta", "Lion"])
        let rmsprop = optimizers.compactMap { $0 as? RMSprop }
        #expect(rmsprop.contains { $0.momentum > 0 && $0.centered } && rmsprop.contains { $0.momentum > 0 && !$0.centered })
        #expect(rmsprop.contains { $0.momentum == 0 && $0.centered })
        #expect(optimizers.compactMap { $0 as? Adam }.filter(\.amsgrad).count >= 2)
        #expect(optimizers.contains { $0.clipping.globalNorm != nil } && optimizers.contains { $0.clipping.value != nil })
        #expect(cases.filter { $0.phases.count == 2 && $0.phases[0].frozenLayers == [0] }.count == 2)
    }
}
