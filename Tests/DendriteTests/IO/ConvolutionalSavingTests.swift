import Foundation
import Testing
@testable import Dendrite

/// Saving and loading models built from the convolutional family: every setting, every weight
/// (BatchNormalization's moving statistics included) and every prediction survive the round trip.
@Suite struct ConvolutionalSavingTests {
    /// 12 images 8×8×1 and a class of three per image (fixed values).
    static let x = Tensor(shape: [12, 8, 8, 1], scalars: (0..<768).map { Float(($0 * 29 + $0 / 64) % 17) / 16 })
    static let y = Tensor((0..<12).map { Float($0 % 3) })

    /// All ten layers of the family, each with settings other than its defaults.
    static func model() -> Sequential {
        let model = Sequential(seed: 4, name: "every_conv_layer") {
            Input(shape: [8, 8, 1])
            ZeroPadding2D(((1, 0), (2, 1)))                                     // 9×11×1
            Conv2D(6, kernelSize: (3, 2), strides: (1, 2), padding: .same, activation: .leakyRelu(slope: 0.1),
                   kernelInitializer: .heNormal, biasInitializer: .constant(0.05), kernelRegularizer: .l2(1e-3))
            BatchNormalization(momentum: 0.9, epsilon: 1e-2, gammaInitializer: .constant(1.5))   // 9×6×6
            MaxPooling2D((2, 2), strides: (1, 1), padding: .same)               // 9×6×6
            AveragePooling2D(2)                                                 // 4×3×6
            Reshape([12, -1])                                                   // 12×6
            Conv1D(4, kernelSize: 3, dilation: 2, activation: .relu)            // 8×4
            MaxPooling1D(2)                                                     // 4×4
            Reshape([2, 2, 4])
            Conv2D(5, kernelSize: 2, padding: .same, dilation: 2, useBias: false)   // 2×2×5
            GlobalMaxPooling2D()                                                // 5
            Reshape([1, 1, 5])
            GlobalAveragePooling2D()                                            // 5
            Dense(3, activation: .softmax)
        }
        model.compile(optimizer: Adam(learningRate: 0.01), loss: .sparseCategoricalCrossentropy, metrics: [.accuracy])
        return model
    }

    @Test func everyConvolutionalLayerRoundTripsBitIdentically() throws {
        let directory = try SavingSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let model = Self.model()
        try model.fit(Self.x, Self.y, epochs: 2, batchSize: 4, verbose: 0)
        try model.save(to: directory)

        let loaded = try Sequential.load(from: directory)
        #expect(loaded.layers.map(\.typeName) == model.layers.map(\.typeName))
        #expect(loaded.layers.map(\.configuration) == model.layers.map(\.configuration))
        #expect(loaded.parameters.map(\.name) == model.parameters.map(\.name))
        #expect(SavingSupport.bits(loaded.weights) == SavingSupport.bits(model.weights))
        #expect(try loaded.predict(Self.x).scalars.map(\.bitPattern) == model.predict(Self.x).scalars.map(\.bitPattern))
        let padding = try #require(loaded.layers[1] as? ZeroPadding2D)
        #expect(padding.padding.0 == (1, 0) && padding.padding.1 == (2, 1))
        let conv = try #require(loaded.layers[2] as? Conv2D)
        #expect(conv.kernelSize == (3, 2) && conv.strides == (1, 2) && conv.padding == .same)
        #expect(conv.activation == .leakyRelu(slope: 0.1) && conv.biasInitializer == .constant(0.05))
        #expect(conv.kernelRegularizer == .l2(1e-3))
        let normalization = try #require(loaded.layers[3] as? BatchNormalization)
        #expect(normalization.momentum == 0.9 && normalization.epsilon == 1e-2)
        #expect(normalization.gammaInitializer == .constant(1.5))
        #expect(try #require(loaded.layers[4] as? MaxPooling2D).strides == (1, 1))
        #expect((loaded.layers[6] as? Reshape)?.targetShape == [12, -1])
        #expect((loaded.layers[7] as? Conv1D)?.dilation == 2)

        // Training continues from the saved optimizer state and moving statistics, weight for weight.
        let original = try model.fit(Self.x, Self.y, epochs: 1, batchSize: 4, verbose: 0)
        let resumed = try loaded.fit(Self.x, Self.y, epochs: 1, batchSize: 4, verbose: 0)
        #expect(resumed["loss"] == original["loss"])
        #expect(SavingSupport.bits(loaded.weights) == SavingSupport.bits(model.weights))
    }

    @Test func courseCNNRoundTripsWithKerasWeightNames() throws {
        let directory = try SavingSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        var generator = RandomGenerator(seed: 5)
        let x = Tensor.randomUniform([8, 28, 28, 1], low: 0, high: 1, using: &generator)
        let y = Tensor((0..<8).map { Float($0 % 10) })
        let model = CNNModels.course(seed: 1)
        model.compile(optimizer: Adam(), loss: .sparseCategoricalCrossentropy)
        _ = try model.trainOnBatch(x, y)
        try model.save(to: directory)

        let loaded = try Sequential.load(from: directory)
        #expect(SavingSupport.bits(loaded.weights) == SavingSupport.bits(model.weights))
        #expect(try loaded.predict(x).scalars.map(\.bitPattern) == model.predict(x).scalars.map(\.bitPattern))
        #expect(loaded.summaryText() == model.summaryText())
        let weights = try SafeTensors(contentsOf: directory.appendingPathComponent("model.safetensors"))
        #expect(weights.names == ["conv2d.kernel", "conv2d.bias", "dense.kernel", "dense.bias", "dense_1.kernel", "dense_1.bias"])
        #expect(weights["conv2d.kernel"]?.shape == [3, 3, 1, 32])
        #expect(weights["conv2d.bias"]?.shape == [32])
    }

    @Test func movingStatisticsAreSavedButNotTrainedByTheOptimizer() throws {
        let directory = try SavingSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let model = Self.model()
        try model.fit(Self.x, Self.y, epochs: 1, batchSize: 4, verbose: 0)
        let layer = try #require(model.layers[3] as? BatchNormalization)
        let movingMean = try #require(layer.movingMean?.value)
        #expect(movingMean.scalars.contains { $0 != 0 }, "the forward pass updated the moving mean")
        try model.save(to: directory)

        let weights = try SafeTensors(contentsOf: directory.appendingPathComponent("model.safetensors"))
        #expect(weights.names.filter { $0.hasPrefix("batch_normalization.") }
                == ["batch_normalization.gamma", "batch_normalization.beta", "batch_normalization.moving_mean",
                    "batch_normalization.moving_variance"])
        #expect(weights["batch_normalization.moving_mean"]?.scalars.map(\.bitPattern) == movingMean.scalars.map(\.bitPattern))
        let slots = try SafeTensors(contentsOf: directory.appendingPathComponent("optimizer.safetensors")).names
        #expect(slots.contains("batch_normalization.gamma.slot0"))
        #expect(!slots.contains { $0.hasPrefix("batch_normalization.moving_") }, "\(slots)")

        let loaded = try #require(try Sequential.load(from: directory).layers[3] as? BatchNormalization)
        #expect(loaded.movingMean?.value.scalars.map(\.bitPattern) == movingMean.scalars.map(\.bitPattern))
        #expect(loaded.movingVariance?.value.scalars.map(\.bitPattern)
                == layer.movingVariance?.value.scalars.map(\.bitPattern))
        #expect(loaded.trainable && loaded.movingMean?.trainable == false && loaded.movingVariance?.trainable == false)
    }

    @Test func configurationUsesKerasNames() throws {
        let model = Self.model()
        #expect(model.layers.map(\.name) == [
            "input_layer", "zero_padding2d", "conv2d", "batch_normalization", "max_pooling2d", "average_pooling2d",
            "reshape", "conv1d", "max_pooling1d", "reshape_1", "conv2d_1", "global_max_pooling2d", "reshape_2",
            "global_average_pooling2d", "dense",
        ])
        let settings = model.layers.map(\.configuration.settings)
        #expect(settings[2] == [
            "filters": .number(6), "kernel_size": [.number(3), .number(2)], "strides": [.number(1), .number(2)],
            "padding": "same", "dilation_rate": [.number(1), .number(1)],
            "activation": ["name": "leaky_relu", "slope": .number(0.1)], "use_bias": true,
            "kernel_initializer": Initializer.heNormal.configuration, "bias_initializer": Initializer.constant(0.05).configuration,
            "kernel_regularizer": ["module": "keras.regularizers", "class_name": "L2", "config": ["l2": .number(0.001)], "registered_name": nil],
            "bias_regularizer": nil, "input_shape": nil,
        ])
        #expect(settings[3] == [
            "axis": .number(-1), "momentum": .number(0.9), "epsilon": .number(0.01), "center": true, "scale": true,
            "beta_initializer": Initializer.zeros.configuration, "gamma_initializer": Initializer.constant(1.5).configuration,
            "moving_mean_initializer": Initializer.zeros.configuration, "moving_variance_initializer": Initializer.ones.configuration,
            "input_shape": nil,
        ])
        #expect(settings[1] == ["padding": [[.number(1), .number(0)], [.number(2), .number(1)]]])
        #expect(settings[4] == ["pool_size": [.number(2), .number(2)], "strides": [.number(1), .number(1)], "padding": "same"])
        #expect(settings[6] == ["target_shape": [.number(12), .number(-1)]])
        #expect(settings[8] == ["pool_size": [.number(2)], "strides": [.number(2)], "padding": "valid"])
        #expect(settings[11] == [:] && settings[13] == [:])
    }

    @Test func kerasShorthandsLoadAndBadSettingsAreNamed() throws {
        // Keras accepts one integer for every axis and writes null strides for pooling.
        let conv = try Conv2D(configuration: LayerConfiguration(type: "Conv2D", name: "c", settings: [
            "filters": .number(4), "kernel_size": .number(3), "strides": .number(1), "padding": "valid",
            "dilation_rate": .number(1), "activation": "relu", "use_bias": true, "kernel_initializer": "glorot_uniform", "bias_initializer": "zeros",
        ]))
        #expect(conv.kernelSize == (3, 3) && conv.strides == (1, 1) && conv.dilation == (1, 1))
        let pool = try MaxPooling2D(configuration: LayerConfiguration(type: "MaxPooling2D", name: "p", settings: [
            "pool_size": [.number(3), .number(3)], "strides": nil, "padding": "valid",
        ]))
        #expect(pool.strides == (3, 3))

        let padding = #expect(throws: DendriteError.self) {
            try Conv1D(configuration: LayerConfiguration(type: "Conv1D", name: "c1", settings: [
                "filters": .number(4), "kernel_size": [.number(3)], "strides": [.number(1)], "padding": "full",
                "dilation_rate": [.number(1)], "activation": "linear", "use_bias": true, "kernel_initializer": "glorot_uniform", "bias_initializer": "zeros",
            ]))
        }
        #expect(padding?.message == "layer 'c1' (Conv1D): setting 'padding' must be \"valid\", \"same\" or \"causal\", got \"full\"")
        let axis = #expect(throws: DendriteError.self) {
            try BatchNormalization(configuration: LayerConfiguration(type: "BatchNormalization", name: "bn", settings: [
                "axis": .number(-2), "momentum": .number(0.99), "epsilon": .number(0.001), "center": true, "scale": true,
            ]))
        }
        #expect(axis?.message == "layer 'bn' (BatchNormalization): setting 'axis' must be the channel axis (-1, the only one supported), got -2")
        // A positive axis (Keras 2 writes [3] for images) must be the last one once the shape is known.
        let first = try BatchNormalization(configuration: LayerConfiguration(
            type: "BatchNormalization", name: "bn", settings: BatchNormalization().configuration.settings.merging(["axis": [.number(1)]]) { $1 }))
        #expect(throws: DendriteError.shape("bn: BatchNormalization normalises the last axis only (-1 or 3 for samples of shape [4, 4, 2]), got axis 1")) {
            try first.outputShape(for: [4, 4, 2])
        }
        #expect(try first.outputShape(for: [5]) == [5])
        let zero = #expect(throws: DendriteError.self) {
            try ZeroPadding2D(configuration: LayerConfiguration(type: "ZeroPadding2D", name: "z",
                                                                settings: ["padding": [.number(1), .number(1)]]))
        }
        #expect(zero?.message == "layer 'z' (ZeroPadding2D): setting 'padding' must be [[top, bottom], [left, right]] of integers, got [1,1]")
    }
}
