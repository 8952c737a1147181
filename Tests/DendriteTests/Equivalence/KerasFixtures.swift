import Foundation
import Testing
@testable import Dendrite

/// The Keras reference files written by `Scripts/fixtures/make_keras_fixtures.py`, decoded once.
enum KerasFixtures {
    struct Values: Decodable, Sendable {
        let shape: [Int]
        let data: [Float]
        var tensor: Tensor { Tensor(shape: shape, scalars: data) }
    }

    /// A Keras loss as the script names it (`from_logits` and `delta` only where they apply).
    struct LossSettings: Decodable, Sendable {
        let name: String
        let fromLogits: Bool?
        let delta: Float?

        var loss: Loss {
            get throws {
                let logits = fromLogits ?? false
                switch name {
                case "mean_squared_error": return .meanSquaredError
                case "mean_absolute_error": return .meanAbsoluteError
                case "huber": return .huber(delta: delta ?? 1)
                case "binary_crossentropy": return .binaryCrossentropy(fromLogits: logits)
                case "categorical_crossentropy": return .categoricalCrossentropy(fromLogits: logits)
                case "sparse_categorical_crossentropy": return .sparseCategoricalCrossentropy(fromLogits: logits)
                default: throw KerasFixtureError.unknown("loss", name)
                }
            }
        }
    }

    struct Training: Decodable, Sendable {
        let cases: [TrainingCase]
    }

    struct TrainingCase: Decodable, Sendable {
        struct OptimizerSettings: Decodable, Sendable {
            let name: String
            let learningRate: Float
            let momentum: Float?
            let nesterov: Bool?
            let weightDecay: Float?
            let clipnorm: Float?
        }

        let name: String
        let hiddenActivation: String
        let outputActivation: String
        let units: [Int]
        let optimizer: OptimizerSettings
        let loss: LossSettings
        let kernelL2: Float?
        let x: Values
        let y: Values
        let initialWeights: [Values]
        let losses: [Float]
        let finalWeights: [Values]
        let predictions: Values
    }

    struct Functions: Decodable, Sendable {
        let activations: [ActivationCase]
        let losses: [LossCase]
    }

    struct ActivationCase: Decodable, Sendable {
        let name: String
        let input: Values
        let upstream: Values
        let output: Values
        let gradient: Values
    }

    struct LossCase: Decodable, Sendable {
        let name: String
        let loss: LossSettings
        let predictions: Values
        let targets: Values
        let value: Float
        let gradient: Values
    }

    static func load<Content: Decodable>(_ name: String, as type: Content.Type) throws -> Content {
        guard let url = Bundle.module.url(forResource: name, withExtension: "json", subdirectory: "Fixtures") else {
            throw KerasFixtureError.missingFile(name)
        }
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        return try decoder.decode(Content.self, from: Data(contentsOf: url))
    }

    /// Empty if a file does not load; the `fixtureFileLoads` tests then report why.
    static let training: [TrainingCase] = (try? load("keras_training", as: Training.self).cases) ?? []
    static let functions: Functions? = try? load("keras_functions", as: Functions.self)

    /// The activation named as in the fixtures: Keras' names, plus `gelu_approximate`.
    static func activation(named name: String) throws -> Activation {
        if name == "gelu_approximate" { return .gelu(approximate: true) }
        // The fixture's leaky_relu has negative_slope=0.01 (Dendrite's Swift default), not Keras' 0.2.
        if name == "leaky_relu" { return .leakyRelu }
        guard let activation = Activation(named: name) else { throw KerasFixtureError.unknown("activation", name) }
        return activation
    }
}

enum KerasFixtureError: Error, CustomStringConvertible {
    case missingFile(String)
    case unknown(String, String)

    var description: String {
        switch self {
        case .missingFile(let name):
            "Fixtures/\(name).json is not in the test bundle; run Scripts/fixtures/make_keras_fixtures.py"
        case .unknown(let kind, let name): "the fixture names \(kind) \(name), which Dendrite does not know"
        }
    }
}
