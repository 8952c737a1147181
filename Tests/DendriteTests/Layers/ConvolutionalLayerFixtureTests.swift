import Foundation
import DendriteTestSupport
import Testing
@testable import Dendrite

/// Dendrite's Conv2D, Conv1D and BatchNormalization layers against Keras 3 layers with the same
/// weights (`Fixtures/conv_layers.json`, written by `Scripts/fixtures/make_conv_fixtures.py`):
/// outputs, gradients of Σ upstream·output, and BatchNormalization's moving statistics, to 1e-4.
@Suite struct ConvolutionalLayerFixtureTests {
    @Test(arguments: ConvolutionalLayerFixtures.file?.layers.map(\.name) ?? [])
    func layerMatchesKeras(_ name: String) throws {
        let fixture = try #require(ConvolutionalLayerFixtures.file?.layers.first { $0.name == name })
        let layer = try #require(ConvolutionalLayerFixtures.layers[name], "no Swift layer for \(name)")
        var generator = RandomGenerator(seed: 0)
        try layer.build(inputShape: Array(fixture.input.shape.dropFirst()), generator: &generator)
        #expect(layer.parameters.map { $0.name.split(separator: ".").last.map(String.init) } == fixture.weightNames)
        for (parameter, weight) in zip(layer.parameters, fixture.weights) { parameter.value = weight.tensor }

        var input = fixture.input.tensor
        input.requiresGradient = true
        let training = !name.hasSuffix("inference")
        let output = GradientMode.enabled { layer(input, training: training) }
        expectNear(output, fixture.output.tensor, "\(name) output")
        output.backward(gradient: fixture.upstream.tensor)
        expectNear(try #require(input.gradient), fixture.inputGradient.tensor, "\(name) input gradient")
        for (parameter, expected) in zip(layer.parameters, fixture.weightGradients) {
            if let expected {
                expectNear(try #require(parameter.gradient, "\(parameter.name) has no gradient"), expected.tensor,
                           "\(name) \(parameter.name) gradient")
            } else {
                #expect(parameter.gradient == nil, "\(parameter.name) is layer state but received a gradient")
                #expect(!parameter.trainable)
            }
        }
        for (parameter, after) in zip(layer.parameters, fixture.weightsAfter) where parameter.isLayerState {
            expectNear(parameter.value, after.tensor, "\(name) \(parameter.name) after the call")
        }
    }

    @Test func kerasParameterCountsOfBothModels() throws {
        let summaries = try #require(ConvolutionalLayerFixtures.file?.summaries)
        for (key, model) in [("course", CNNModels.course()), ("normalised", CNNModels.normalised())] {
            let expected = try #require(summaries[key])
            try model.build(inputShape: try #require(model.expectedInputShape))
            // Keras does not list the InputLayer among a model's layers.
            let layers = model.layers.filter { $0.typeName != "InputLayer" }
            #expect(layers.map(\.typeName) == expected.layers.map(\.type), "\(key)")
            #expect(layers.map(\.parameterCount) == expected.layers.map(\.params), "\(key)")
            var shape = try #require(model.inputShape)
            for (layer, reference) in zip(layers, expected.layers) {
                shape = try layer.outputShapes(for: [shape])[0]
                #expect(shape == reference.outputShape, "\(key): \(layer.name)")
            }
            let trainable = model.parameters.filter(\.trainable).reduce(0) { $0 + $1.value.count }
            let total = model.parameters.reduce(0) { $0 + $1.value.count }
            #expect((total, trainable, total - trainable) == (expected.total, expected.trainable, expected.nonTrainable))
        }
    }
}

/// The tolerance for the convolutional family: 1e-4 relative.
private func expectNear(_ actual: Tensor, _ expected: Tensor, _ what: String,
                        sourceLocation: SourceLocation = #_sourceLocation) {
    let worst = expectClose(actual, expected, relative: 1e-4, absolute: 1e-5, what, sourceLocation: sourceLocation)
    if ProcessInfo.processInfo.environment["DENDRITE_REPORT_DEVIATIONS"] != nil { print("deviation \(what): \(worst)") }
}

enum ConvolutionalLayerFixtures {
    struct Values: Decodable, Sendable {
        let shape: [Int]
        let data: [Float]
        var tensor: Tensor { Tensor(shape: shape, scalars: data) }
    }

    struct LayerCase: Decodable, Sendable {
        let name: String
        let input: Values
        let weights: [Values]
        let weightNames: [String]
        let upstream: Values
        let output: Values
        let inputGradient: Values
        let weightGradients: [Values?]
        let weightsAfter: [Values]
    }

    struct Summary: Decodable, Sendable {
        struct Row: Decodable, Sendable {
            let type: String
            let outputShape: [Int]
            let params: Int
        }

        let layers: [Row]
        let total: Int
        let trainable: Int
        let nonTrainable: Int
    }

    struct File: Decodable, Sendable {
        let layers: [LayerCase]
        let summaries: [String: Summary]
    }

    static let file: File? = {
        guard let url = Bundle.module.url(forResource: "conv_layers", withExtension: "json", subdirectory: "Fixtures"),
              let data = try? Data(contentsOf: url) else { return nil }
        return try? JSONDecoder().decode(File.self, from: data)
    }()

    /// The Keras layers of the fixture file, rebuilt with Dendrite's settings.
    static var layers: [String: any Layer] {
        [
            "conv2d_relu_same_s2": Conv2D(4, kernelSize: 3, strides: 2, padding: .same, activation: .relu, name: "conv2d"),
            "conv2d_valid_dilation2_no_bias": Conv2D(3, kernelSize: 3, dilation: 2, useBias: false, name: "conv2d_1"),
            "conv1d_tanh_same": Conv1D(4, kernelSize: 3, padding: .same, activation: .tanh, name: "conv1d"),
            "batchnorm_training": BatchNormalization(name: "bn"),
            "batchnorm_inference": BatchNormalization(name: "bn"),
            "batchnorm_training_momentum09_no_center": BatchNormalization(momentum: 0.9, epsilon: 1e-2, center: false,
                                                                          name: "bn"),
        ]
    }
}

/// The CNNs the tests share.
enum CNNModels {
    /// The course CNN (the Keras MNIST example): 320, 0, 0, 346,176 and 650 parameters.
    static func course(seed: UInt64 = 0) -> Sequential {
        Sequential(seed: seed) {
            Conv2D(32, kernelSize: (3, 3), activation: .relu, inputShape: [28, 28, 1])
            MaxPooling2D((2, 2))
            Flatten()
            Dense(64, activation: .relu)
            Dense(10, activation: .softmax)
        }
    }

    /// Every other layer of this family, in the model of `make_conv_fixtures.py`'s `normalised`.
    static func normalised() -> Sequential {
        Sequential {
            Input(shape: [8, 8, 1])
            ZeroPadding2D(1)
            Conv2D(16, kernelSize: 3, padding: .same, useBias: false)
            BatchNormalization()
            ActivationLayer(.relu)
            AveragePooling2D((2, 2))
            Conv2D(8, kernelSize: 3, strides: 2, padding: .same, activation: .relu)
            GlobalMaxPooling2D()
            Reshape([4, 2])
            Conv1D(4, kernelSize: 2)
            MaxPooling1D()
            Flatten()
            Dense(10, activation: .softmax)
        }
    }
}
