import Foundation
import Testing
@testable import Dendrite

/// Saving and loading models built from the small layers, and the errors for settings and models
/// that cannot work: every saveable layer's settings, weights and predictions survive the round
/// trip; a Lambda layer refuses to be saved; bad settings throw errors naming the layer and value.
@Suite struct SmallLayerSavingTests {
    /// 10 sequences of 6 steps × 4 features, and a class of three for each (fixed values).
    static let x = Tensor(shape: [10, 6, 4], scalars: (0..<240).map { Float(($0 * 31 + $0 / 24) % 19) / 9 - 1 })
    static let y = Tensor((0..<10).map { Float($0 % 3) })

    /// Every saveable small layer, with settings other than its defaults.
    static func model() -> Sequential {
        let model = Sequential(seed: 6, name: "every_small_layer") {
            Input(shape: [6, 4])
            Identity()
            AveragePooling1D(3, strides: 1, padding: .same)                     // 6×4
            Permute([2, 1])                                                     // 4×6
            Reshape([4, 6, 1])
            UpSampling2D((1, 2))                                                // 4×12×1
            UpSampling2D((2, 1), interpolation: .bilinear)                      // 8×12×1
            Cropping2D(((1, 0), (0, 2)))                                        // 7×10×1
            PReLU(alphaInitializer: .constant(0.2), sharedAxes: [1, 2])         // alpha 1×1×1
            Reshape([7, 10])
            GlobalAveragePooling1D()                                            // 10
            Dense(5)
            ReLU(maxValue: 2, negativeSlope: 0.1, threshold: 0.1)
            RepeatVector(3)                                                     // 3×5
            LeakyReLU(negativeSlope: 0.2)
            ELU(alpha: 0.5)
            GlobalMaxPooling1D(keepdims: true)                                  // 1×5
            Reshape([5])
            Dense(3)
            Softmax()
        }
        model.compile(optimizer: Adam(learningRate: 0.01), loss: .sparseCategoricalCrossentropy)
        return model
    }

    @Test func everySmallLayerRoundTripsBitIdentically() throws {
        let directory = try SavingSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let model = Self.model()
        try model.fit(Self.x, Self.y, epochs: 2, batchSize: 5, verbose: 0)
        try model.save(to: directory)

        let loaded = try Sequential.load(from: directory)
        #expect(loaded.layers.map(\.typeName) == model.layers.map(\.typeName))
        #expect(loaded.layers.map(\.configuration) == model.layers.map(\.configuration))
        #expect(loaded.parameters.map(\.name) == model.parameters.map(\.name))
        #expect(SavingSupport.bits(loaded.weights) == SavingSupport.bits(model.weights))
        #expect(try loaded.predict(Self.x).scalars.map(\.bitPattern) == model.predict(Self.x).scalars.map(\.bitPattern))
        #expect(try #require(loaded.layers[6] as? UpSampling2D).interpolation == .bilinear)
        let cropping = try #require(loaded.layers[7] as? Cropping2D).cropping
        #expect(cropping.0 == (1, 0) && cropping.1 == (0, 2))
        let prelu = try #require(loaded.layers[8] as? PReLU)
        #expect(prelu.sharedAxes == [1, 2] && prelu.alphaInitializer == .constant(0.2))
        #expect(prelu.alpha?.value.shape == [1, 1, 1] && prelu.alpha?.value.scalars != [0.2], "alpha was trained")
        let relu = try #require(loaded.layers[12] as? ReLU)
        #expect(relu.maxValue == 2 && relu.negativeSlope == 0.1 && relu.threshold == 0.1)
        #expect((loaded.layers[16] as? GlobalMaxPooling1D)?.keepdims == true)

        let original = try model.fit(Self.x, Self.y, epochs: 1, batchSize: 5, verbose: 0)
        let resumed = try loaded.fit(Self.x, Self.y, epochs: 1, batchSize: 5, verbose: 0)
        #expect(resumed["loss"] == original["loss"])
        #expect(SavingSupport.bits(loaded.weights) == SavingSupport.bits(model.weights))
    }

    @Test func configurationUsesKerasNames() throws {
        let model = Self.model()
        #expect(model.layers.map(\.name) == [
            "input_layer", "identity", "average_pooling1d", "permute", "reshape", "up_sampling2d", "up_sampling2d_1",
            "cropping2d", "p_re_lu", "reshape_1", "global_average_pooling1d", "dense", "re_lu", "repeat_vector",
            "leaky_re_lu", "elu", "global_max_pooling1d", "reshape_2", "dense_1", "softmax",
        ])
        let settings = model.layers.map(\.configuration.settings)
        #expect(settings[1] == [:])
        #expect(settings[2] == ["pool_size": [.number(3)], "strides": [.number(1)], "padding": "same"])
        #expect(settings[3] == ["dims": [.number(2), .number(1)]])
        #expect(settings[6] == ["size": [.number(2), .number(1)], "interpolation": "bilinear"])
        #expect(settings[7] == ["cropping": [[.number(1), .number(0)], [.number(0), .number(2)]]])
        #expect(settings[8] == ["alpha_initializer": Initializer.constant(0.2).configuration, "alpha_regularizer": nil,
                                "alpha_constraint": nil, "shared_axes": [.number(1), .number(2)]])
        #expect(settings[10] == ["keepdims": false])
        #expect(settings[12] == ["max_value": .number(2), "negative_slope": .number(0.1), "threshold": .number(0.1)])
        #expect(settings[13] == ["n": .number(3)])
        #expect(settings[14] == ["negative_slope": .number(0.2)])
        #expect(settings[15] == ["alpha": .number(0.5)])
        #expect(settings[19] == ["axis": .number(-1)])
        #expect(ReLU().configuration.settings["max_value"] == .null)
    }

    /// A wrapper's inner layer is part of the model: a Lambda inside TimeDistributed is refused at
    /// save, and a Dropout inside it keeps its generator across a save.
    @Test func layersInsideWrappersAreSeenBySaving() throws {
        let directory = try SavingSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let wrapped = Sequential(seed: 1) {
            Input(shape: [3, 4])
            TimeDistributed(Lambda(name: "halving") { x in x * 0.5 })
        }
        try wrapped.build(inputShape: [3, 4])
        let error = #expect(throws: DendriteError.self) { try wrapped.save(to: directory.appendingPathComponent("lambda")) }
        #expect(error?.message.contains("layer 'halving' is a Lambda layer") == true, "\(error?.message ?? "")")

        let dropping = Sequential(seed: 2) {
            Input(shape: [3, 4])
            TimeDistributed(Dropout(0.5))
            Flatten()
            Dense(1)
        }
        dropping.compile(optimizer: SGD(learningRate: 0.1), loss: .meanSquaredError)
        let x = Tensor(shape: [4, 3, 4], scalars: (0..<48).map { Float($0 % 7) / 7 })
        let y = Tensor(shape: [4, 1], scalars: [0, 1, 0, 1])
        _ = try dropping.fit(x, y, epochs: 1, batchSize: 2, verbose: 0)
        try dropping.save(to: directory.appendingPathComponent("dropout"))
        let loaded = try Sequential.load(from: directory.appendingPathComponent("dropout"))
        _ = try dropping.fit(x, y, epochs: 1, batchSize: 2, shuffle: false, verbose: 0)
        _ = try loaded.fit(x, y, epochs: 1, batchSize: 2, shuffle: false, verbose: 0)
        #expect(dropping.weights.map(\.scalars) == loaded.weights.map(\.scalars), "the same dropout masks after the load")
    }

    @Test func savingAModelWithALambdaThrowsAClearError() throws {
        let directory = try SavingSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let target = directory.appendingPathComponent("model")
        let model = Sequential(seed: 1) {
            Input(shape: [4])
            Dense(3)
            Lambda(name: "doubling") { x in x * 2 }
            Lambda(outputShape: { shape in [1] + shape }) { x in x.expandingDimensions(at: 1) }
        }
        try model.build(inputShape: [4])
        #expect(model.layers.last?.isBuilt == true)
        let x = Tensor(shape: [2, 4], scalars: (0..<8).map { Float($0) / 4 })
        #expect(try model.predict(x).shape == [2, 1, 3])

        let error = #expect(throws: DendriteError.self) { try model.save(to: target) }
        #expect(error?.message.contains("layer 'doubling' is a Lambda layer; Lambda layers cannot be saved") == true,
                "\(error?.message ?? "")")
        #expect(!FileManager.default.fileExists(atPath: target.path), "nothing is written")

        let loading = #expect(throws: DendriteError.self) {
            try LayerRegistry.makeLayer(LayerConfiguration(type: "Lambda", name: "l", settings: ["function": "<Swift closure>"]))
        }
        #expect(loading?.message.contains("Lambda layers cannot be saved or loaded") == true, "\(loading?.message ?? "")")
    }

    @Test func lambdaInfersItsOutputShapeFromOneSample() throws {
        let flatten = Lambda { x in x.reshaped([x.shape[0], -1]) }
        #expect(try flatten.outputShape(for: [3, 4]) == [12])
        let dropsTheBatch = Lambda(name: "sum") { x in x.sum() }
        let error = #expect(throws: DendriteError.self) { try dropsTheBatch.outputShape(for: [3]) }
        #expect(error?.message.hasPrefix("sum: Lambda's function turned a batch of 1 sample of shape [3] into shape []") == true)
    }

    /// Each bad setting or input shape (a fresh layer on every read), and the start of the error it
    /// gives (layer name and value).
    static var badSettings: [(layer: any Layer, sample: [Int], message: String)] { [
        (RepeatVector(-2, name: "r"), [4], "r: RepeatVector n must be positive, got -2"),
        (RepeatVector(2, name: "r"), [4, 2], "r: RepeatVector expects samples of shape [features], got [4, 2]"),
        (Permute([1, 3], name: "p"), [2, 3], "p: Permute dims must be a permutation of 1…2"),
        (Permute([2, 1], name: "p"), [2, 3, 4], "p: Permute dims [2, 1] reorder 2 axes, but samples have shape [2, 3, 4]"),
        (ReLU(maxValue: -1, name: "relu"), [3], "relu: ReLU maxValue must be ≥ 0, got -1.0"),
        (ReLU(threshold: -0.5, name: "relu"), [3], "relu: ReLU threshold must be ≥ 0, got -0.5"),
        (LeakyReLU(negativeSlope: -0.1, name: "lr"), [3], "lr: LeakyReLU negativeSlope must be ≥ 0, got -0.1"),
        (PReLU(sharedAxes: [3], name: "pr"), [4, 2], "pr: PReLU shared axis 3 is out of range for samples of shape [4, 2]"),
        (Softmax(axis: 3, name: "s"), [4, 2], "s: Softmax axis 3 is out of range for inputs of rank 3"),
        (Softmax(axes: [1, -2], name: "s"), [4, 2], "s: Softmax axes [1, -2] name an axis twice"),
        (UpSampling2D((0, 2), name: "u"), [4, 4, 1], "u: UpSampling2D size must be positive, got (0, 2)"),
        (UpSampling2D(name: "u"), [4, 4], "u: UpSampling2D expects samples of shape [height, width, channels], got [4, 4]"),
        (Cropping2D(((1, -1), (0, 0)), name: "c"), [4, 4, 1], "c: Cropping2D widths [top, bottom, left, right] must be ≥ 0, got [1, -1, 0, 0]"),
        (Cropping2D(((2, 2), (0, 0)), name: "c"), [4, 5, 1], "c: Cropping2D widths [top, bottom, left, right] = [2, 2, 0, 0] leave nothing of 4×5 images"),
        (AveragePooling1D(0, name: "a"), [6, 2], "a: AveragePooling1D pool size 0, stride 0 and dilation 1 must be positive"),
        (AveragePooling1D(4, name: "a"), [3, 2], "a: AveragePooling1D pool of 4 (spanning 4) is longer than the input's 3 steps"),
        (GlobalAveragePooling1D(name: "g"), [3, 2, 1], "g: GlobalAveragePooling1D expects samples of shape [steps, channels], got [3, 2, 1]"),
        (GlobalMaxPooling1D(name: "g"), [3], "g: GlobalMaxPooling1D expects samples of shape [steps, channels], got [3]"),
    ] }

    @Test(arguments: badSettings.indices) func badSettingsThrowNamingTheLayerAndValue(_ index: Int) throws {
        let (layer, sample, message) = Self.badSettings[index]
        var generator = RandomGenerator(seed: 0)
        let error = #expect(throws: DendriteError.self) { try layer.build(inputShape: sample, generator: &generator) }
        #expect(error?.message.hasPrefix(message) == true, "\(error?.message ?? "no error")")
        // In a model the error surfaces from build, before anything is computed.
        let model = Sequential { layer }
        #expect(throws: DendriteError.self) { try model.build(inputShape: sample) }
    }

    @Test func kerasShorthandsLoad() throws {
        let cropping = try Cropping2D(configuration: LayerConfiguration(type: "Cropping2D", name: "c",
                                                                        settings: ["cropping": [.number(1), .number(2)]]))
        #expect(cropping.cropping.0 == (1, 1) && cropping.cropping.1 == (2, 2))
        let pooling = try AveragePooling1D(configuration: LayerConfiguration(type: "AveragePooling1D", name: "a", settings: [
            "pool_size": .number(3), "strides": nil, "padding": "valid",
        ]))
        #expect(pooling.poolSize == 3 && pooling.strides == 3)
        let prelu = try PReLU(configuration: LayerConfiguration(type: "PReLU", name: "p", settings: [
            "alpha_initializer": "zeros", "shared_axes": .number(1),
        ]))
        #expect(prelu.sharedAxes == [1])
        let constraint = #expect(throws: DendriteError.self) {
            try PReLU(configuration: LayerConfiguration(type: "PReLU", name: "p", settings: [
                "alpha_initializer": "zeros", "alpha_constraint": "non_neg",
            ]))
        }
        #expect(constraint?.message == "layer 'p' (PReLU): setting 'alpha_constraint' must be null (Dendrite has no weight constraints), got \"non_neg\"")
        let interpolation = #expect(throws: DendriteError.self) {
            try UpSampling2D(configuration: LayerConfiguration(type: "UpSampling2D", name: "u", settings: [
                "size": [.number(2), .number(2)], "interpolation": "bicubic",
            ]))
        }
        #expect(interpolation?.message == "layer 'u' (UpSampling2D): setting 'interpolation' must be \"nearest\" or \"bilinear\" (the methods Dendrite implements), got \"bicubic\"")
    }
}
