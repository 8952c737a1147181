import Foundation
import DendriteTestSupport
import Testing
@testable import Dendrite

/// The convolutional results the course promises: Keras' summary of the course CNN, training that
/// lowers the loss, a CNN on the digits reaching 97 % test accuracy (with augmentation too), and
/// clear errors for bad shapes.
@Suite struct CNNAcceptanceTests {
    @Test func courseCNNSummaryIsKeras() {
        let expected = """
            Model: "sequential"
            ┏━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━┳━━━━━━━━━━━━━━━━━━━━━━━━┳━━━━━━━━━━━━━━━┓
            ┃ Layer (type)                    ┃ Output Shape           ┃       Param # ┃
            ┡━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━╇━━━━━━━━━━━━━━━━━━━━━━━━╇━━━━━━━━━━━━━━━┩
            │ conv2d (Conv2D)                 │ (None, 26, 26, 32)     │           320 │
            ├─────────────────────────────────┼────────────────────────┼───────────────┤
            │ max_pooling2d (MaxPooling2D)    │ (None, 13, 13, 32)     │             0 │
            ├─────────────────────────────────┼────────────────────────┼───────────────┤
            │ flatten (Flatten)               │ (None, 5408)           │             0 │
            ├─────────────────────────────────┼────────────────────────┼───────────────┤
            │ dense (Dense)                   │ (None, 64)             │       346,176 │
            ├─────────────────────────────────┼────────────────────────┼───────────────┤
            │ dense_1 (Dense)                 │ (None, 10)             │           650 │
            └─────────────────────────────────┴────────────────────────┴───────────────┘
             Total params: 347,146 (1.32 MB)
             Trainable params: 347,146 (1.32 MB)
             Non-trainable params: 0 (0.00 B)
            """
        #expect(CNNModels.course().summaryText() == expected)
    }

    @Test func batchNormalizationStatisticsAreNonTrainableInSummary() {
        let text = CNNModels.normalised().summaryText()
        #expect(text.contains("Non-trainable params: 32 (128.00 B)"), "\(text)")
        #expect(text.contains("Total params: 1,438 (5.62 KB)"), "\(text)")
    }

    @Test func courseCNNLowersTheLossOnARandomBatch() throws {
        var generator = RandomGenerator(seed: 5)
        let x = Tensor.randomUniform([16, 28, 28, 1], low: 0, high: 1, using: &generator)
        let y = Tensor((0..<16).map { Float($0 % 10) })
        let model = CNNModels.course(seed: 1)
        model.compile(optimizer: Adam(), loss: .sparseCategoricalCrossentropy)
        let first = try model.trainOnBatch(x, y)
        var last = first
        for _ in 0..<8 { last = try model.trainOnBatch(x, y) }
        #expect(first > 2.0 && last < 0.7 * first, "loss \(first) → \(last)")
    }

    /// Issue protocol: digits as 8×8×1 images scaled to [0, 1], test fraction 0.2, seed 42. Reaches
    /// 0.978 (352 of 360). Smaller variants (8/16 filters, fewer epochs) land at 0.95–0.972, too near
    /// the bar; in debug builds most of the time is the GEMM micro-kernel compiled without optimisation.
    @Test func digitsCNNReaches97PercentTestAccuracy() throws {
        let accuracy = try DigitsCNN.plainAccuracy.get()
        #expect(accuracy >= 0.97, "test accuracy \(accuracy)")
    }

    /// The second half: the same CNN trained on randomly shifted and rotated digits (up to
    /// ±5°, ±0.4 pixel) does not do worse on the untouched test images. It trains for 12 epochs, as
    /// every epoch shows it new images; without augmentation the CNN stays at 0.978 from 8 to 16
    /// epochs, so the comparison is fair. Reaches 0.975, 0.983, 0.983 with augmentation seeds 7, 8, 9;
    /// after 8 epochs it would be 0.964–0.981, and ±10°, ±0.8 pixel gives 0.972–0.978 after 12.
    @Test func digitsCNNWithAugmentationIsNoWorse() throws {
        let augmentation = ImageAugmentation(rotationRange: 5, widthShiftRange: 0.05, heightShiftRange: 0.05, seed: 7)
        let augmented = try DigitsCNN.accuracy(augmentation: augmentation, epochs: 12)
        let plain = try DigitsCNN.plainAccuracy.get()
        #expect(augmented >= plain - 0.01 || augmented >= 0.97, "test accuracy \(augmented) with augmentation, \(plain) without")
    }

    @Test func imagesOfTheWrongRankAreRefusedNamingLayerAndShape() throws {
        let model = Sequential { Conv2D(4, kernelSize: 3, name: "features") }
        model.compile(optimizer: Adam(), loss: .meanSquaredError)
        let error = try #require(throws: DendriteError.self) {
            try model.fit(Tensor.zeros([2, 28, 28]), Tensor.zeros([2, 1]), verbose: 0)
        }
        #expect(error.kind == .shapeMismatch)
        #expect(error.message == "features: Conv2D expects samples of shape [height, width, channels], got [28, 28]")
    }

    @Test func kernelLargerThanThePaddedInputIsRefused() throws {
        let error = try #require(throws: DendriteError.self) {
            try Conv2D(8, kernelSize: 3, dilation: 2, name: "wide").outputShape(for: [4, 6, 1])
        }
        #expect(error.message
            == "wide: Conv2D kernel 3×3 (spanning 5×5) is larger than the input 4×6 with valid padding (sample shape [4, 6, 1])")
        #expect(try Conv2D(8, kernelSize: 3, padding: .same, dilation: 2).outputShape(for: [4, 6, 1]) == [4, 6, 8])
        #expect(throws: DendriteError.self) { try MaxPooling2D(3).outputShape(for: [2, 2, 1]) }
        #expect(throws: DendriteError.self) { try Conv1D(2, kernelSize: 5).outputShape(for: [4, 1]) }
        #expect(throws: DendriteError.self) { try Reshape([3, -1]).outputShape(for: [8]) }
    }

    @Test func frozenBatchNormalizationUsesAndKeepsItsMovingStatistics() throws {
        let layer = BatchNormalization()
        var generator = RandomGenerator(seed: 0)
        try layer.build(inputShape: [2], generator: &generator)
        layer.trainable = false
        let x = Tensor([[1, 2], [3, 6]])
        let y = layer(x, training: true)
        expectClose(y, x / (1 + 1e-3).squareRoot(), relative: 1e-6, "frozen output")
        #expect(layer.movingMean?.value == Tensor([0, 0]))
        layer.trainable = true
        #expect(layer.trainable && layer.movingMean?.trainable == false)
        _ = layer(x, training: true)
        expectClose(try #require(layer.movingMean?.value), Tensor([0.02, 0.04]), relative: 1e-5, "moving mean")
        expectClose(try #require(layer.movingVariance?.value), Tensor([0.99 + 0.01, 0.99 + 0.04]), relative: 1e-5, "moving variance")
    }
}

/// The digits CNN of the acceptance tests, its data split once for both of them.
enum DigitsCNN {
    static let split = Result { try Datasets.digits().split(testFraction: 0.2, seed: 42) }
    /// Trained once without augmentation; both digits tests compare against it.
    static let plainAccuracy = Result { try accuracy(augmentation: nil, epochs: 8) }

    static func accuracy(augmentation: ImageAugmentation?, epochs: Int) throws -> Float {
        let (train, test) = try split.get()
        let images = { (features: Tensor) in features.reshaped([-1, 8, 8, 1]) / 16 }
        let model = Sequential(seed: 0) {
            Conv2D(16, kernelSize: 3, padding: .same, activation: .relu, inputShape: [8, 8, 1])
            MaxPooling2D(2)
            Conv2D(32, kernelSize: 3, padding: .same, activation: .relu)
            Flatten()
            Dense(10, activation: .softmax)
        }
        model.compile(optimizer: Adam(learningRate: 3e-3), loss: .sparseCategoricalCrossentropy, metrics: [.accuracy])
        try model.fit(images(train.features), train.labels, epochs: epochs, batchSize: 32, verbose: 0, augmentation: augmentation)
        return try #require(try model.evaluate(images(test.features), test.labels)["accuracy"])
    }
}
