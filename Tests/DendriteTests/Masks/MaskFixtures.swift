import Testing
@testable import Dendrite

/// The cases of `Fixtures/keras_masks.json`, written by `Scripts/fixtures/make_mask_fixtures.py`.
enum MaskFixtures {
    typealias Values = KerasFixtures.Values

    struct File: Decodable, Sendable {
        let layers: [LayerCase]
        let models: [ModelCase]
        let stateful: [StatefulCase]
    }

    struct StatefulCase: Decodable, Sendable {
        let name: String
        let kind: String
        let batches: [Values]
        let weights: [Values]
        let outputs: [Values]
        let afterReset: Values
    }

    struct Settings: Decodable, Sendable {
        let units: Int?
        let returnSequences: Bool?
        let goBackwards: Bool?
        let maskValue: Float?
        let inputDim: Int?
        let outputDim: Int?
        let numHeads: Int?
        let keyDim: Int?
        let useCausalMask: Bool?
        let intermediateDim: Int?
        let dilation: Int?
        let strides: Int?
    }

    struct LayerCase: Decodable, Sendable {
        let name: String
        let kind: String
        let settings: Settings
        let inputs: [Values]
        let mask: Values?
        let masks: [Values?]?
        let weights: [Values]
        let output: Values
        let outputMask: Values?
        let upstream: Values
        let inputGradients: [Values]
        let weightGradients: [Values]
    }

    struct ModelCase: Decodable, Sendable {
        let name: String
        let x: Values
        let y: Values
        let loss: String
        let learningRate: Float
        let initialWeights: [Values]
        let losses: [Float]
        let finalWeights: [Values]
        let predictions: Values
    }

    static let file: File? = try? KerasFixtures.load("keras_masks", as: File.self)
    static func layerCase(_ name: String) throws -> LayerCase {
        try #require(file?.layers.first { $0.name == name }, "no fixture \(name)")
    }
    static func modelCase(_ name: String) throws -> ModelCase {
        try #require(file?.models.first { $0.name == name }, "no fixture \(name)")
    }
}
