import Foundation
import DendriteTestSupport
import Testing
@testable import Dendrite

/// The small layers (core, activation, reshaping, 1-D pooling, layer normalisation) against Keras 3 with the same
/// settings (`Fixtures/small_layers.json`, written by `Scripts/fixtures/make_layer_fixtures.py`):
/// outputs and gradients of Σ upstream·output with respect to the input and the weights, to 1e-5
/// relative (1e-6 absolute); and Keras' own configuration of each case loads into the same layer.
@Suite struct SmallLayerFixtureTests {
    @Test(arguments: SmallLayerFixtures.file?.cases.map(\.name) ?? [])
    func layerMatchesKeras(_ name: String) throws {
        let fixture = try #require(SmallLayerFixtures.file?.cases.first { $0.name == name })
        let layer = try #require(SmallLayerFixtures.layers[name], "no Swift layer for \(name)")
        var generator = RandomGenerator(seed: 0)
        try layer.build(inputShape: Array(fixture.input.shape.dropFirst()), generator: &generator)
        #expect(layer.parameters.count == fixture.weights.count)
        for (parameter, weight) in zip(layer.parameters, fixture.weights) { parameter.value = weight.tensor }

        var input = fixture.input.tensor
        input.requiresGradient = true
        let output = GradientMode.enabled { layer(input, training: true) }
        #expect(try layer.outputShape(for: Array(fixture.input.shape.dropFirst())) == Array(fixture.output.shape.dropFirst()))
        expectClose(output, fixture.output.tensor, relative: 1e-5, absolute: 1e-6, "\(name) output")
        output.backward(gradient: fixture.upstream.tensor)
        expectClose(try #require(input.gradient), fixture.inputGradient.tensor, relative: 1e-5, absolute: 1e-6,
                    "\(name) input gradient")
        for (parameter, expected) in zip(layer.parameters, fixture.weightGradients) {
            expectClose(try #require(parameter.gradient), expected.tensor, relative: 1e-5, absolute: 1e-6,
                        "\(name) \(parameter.name) gradient")
        }
    }

    /// Keras' `get_config()` of each case, in its `config.json` envelope, rebuilds the layer with
    /// the same settings: Dendrite reads Keras' setting names and forms (`Cropping2D(1)` is written
    /// `[[1, 1], [1, 1]]`, a Softmax over two axes as a list). PReLU and LayerNormalization are left out:
    /// Keras writes their initializers as class objects (`{"class_name": "Zeros", …}`), which Dendrite's
    /// initializer settings do not read.
    @Test(arguments: SmallLayerFixtures.file?.cases.filter { !["PReLU", "LayerNormalization"].contains($0.layer) }
        .map(\.name) ?? [])
    func kerasConfigurationLoads(_ name: String) throws {
        let fixture = try #require(SmallLayerFixtures.file?.cases.first { $0.name == name })
        let expected = try #require(SmallLayerFixtures.layers[name])
        let envelope: JSONValue = ["class_name": .string(fixture.layer), "config": fixture.config]
        let loaded = try LayerRegistry.makeLayer(KerasModelSchema.layerConfiguration(envelope) { DendriteError(.invalidFile, $0) })
        #expect(loaded.typeName == fixture.layer)
        expected.name = loaded.name
        #expect(loaded.configuration == expected.configuration)
        // Every setting Dendrite writes is one Keras writes, under the same name.
        guard case .object(let keras) = fixture.config else { Issue.record("config is not an object"); return }
        #expect(Set(expected.configuration.settings.keys).isSubset(of: Set(keras.keys)),
                "\(expected.configuration.settings.keys.sorted()) vs Keras' \(keras.keys.sorted())")
    }
}

enum SmallLayerFixtures {
    struct Values: Decodable, Sendable {
        let shape: [Int]
        let data: [Float]
        var tensor: Tensor { Tensor(shape: shape, scalars: data) }
    }

    struct LayerCase: Decodable, Sendable {
        let name: String
        let layer: String
        let config: JSONValue
        let input: Values
        let upstream: Values
        let output: Values
        let inputGradient: Values
        let weights: [Values]
        let weightGradients: [Values]
    }

    struct File: Decodable, Sendable {
        let cases: [LayerCase]
    }

    static let file: File? = {
        guard let url = Bundle.module.url(forResource: "small_layers", withExtension: "json", subdirectory: "Fixtures"),
              let data = try? Data(contentsOf: url) else { return nil }
        return try? JSONDecoder().decode(File.self, from: data)
    }()

    /// The fixture's Keras layers with the same settings in Dendrite.
    static var layers: [String: any Layer] {
        [
            "identity": Identity(),
            "repeat_vector_3": RepeatVector(3),
            "permute_2_1": Permute([2, 1]),
            "permute_3_1_2": Permute([3, 1, 2]),
            "relu_default": ReLU(),
            "relu_negative_slope_0_2": ReLU(negativeSlope: 0.2),
            "relu_max_value_1_5": ReLU(maxValue: 1.5),
            "relu_threshold_1": ReLU(threshold: 1),
            "relu_max_6_slope_0_1_threshold_0_5": ReLU(maxValue: 6, negativeSlope: 0.1, threshold: 0.5),
            "leaky_relu_default": LeakyReLU(),
            "leaky_relu_0_1": LeakyReLU(negativeSlope: 0.1),
            "prelu_default": PReLU(),
            "prelu_shared_axes_1_2": PReLU(sharedAxes: [1, 2]),
            "elu_default": ELU(),
            "elu_alpha_0_5": ELU(alpha: 0.5),
            "softmax_default": Softmax(),
            "softmax_axis_1": Softmax(axis: 1),
            "softmax_axes_1_2": Softmax(axes: [1, 2]),
            "upsampling2d_default": UpSampling2D(),
            "upsampling2d_nearest_2x3": UpSampling2D((2, 3)),
            "upsampling2d_bilinear_2": UpSampling2D(2, interpolation: .bilinear),
            "upsampling2d_bilinear_3x2": UpSampling2D((3, 2), interpolation: .bilinear),
            "cropping2d_1": Cropping2D(1),
            "cropping2d_1_2": Cropping2D((1, 2)),
            "cropping2d_2_0_1_3": Cropping2D(((2, 0), (1, 3))),
            "average_pooling1d_2": AveragePooling1D(2),
            "average_pooling1d_3_s1_same": AveragePooling1D(3, strides: 1, padding: .same),
            "average_pooling1d_3_s2_same": AveragePooling1D(3, strides: 2, padding: .same),
            "average_pooling1d_3_s2_valid": AveragePooling1D(3, strides: 2),
            "global_average_pooling1d": GlobalAveragePooling1D(),
            "global_average_pooling1d_keepdims": GlobalAveragePooling1D(keepdims: true),
            "global_max_pooling1d": GlobalMaxPooling1D(),
            "global_max_pooling1d_keepdims": GlobalMaxPooling1D(keepdims: true),
            "layer_normalization_default": LayerNormalization(),
            "layer_normalization_axes_1_2": LayerNormalization(axis: [1, 2]),
            "layer_normalization_no_center_epsilon_1e_5": LayerNormalization(epsilon: 1e-5, center: false),
            "layer_normalization_no_scale": LayerNormalization(scale: false),
        ]
    }
}
