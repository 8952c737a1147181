import Foundation
import Testing
@testable import Dendrite

@Suite struct ImageAugmentationTests {
    /// One 2 × 3 single-channel image: 1 2 3 / 4 5 6.
    let image = Tensor(shape: [1, 2, 3, 1], scalars: [1, 2, 3, 4, 5, 6])

    @Test func flipsAreExact() throws {
        #expect(try ImageTransform(flipHorizontally: true).apply(to: image).scalars == [3, 2, 1, 6, 5, 4])
        #expect(try ImageTransform(flipVertically: true).apply(to: image).scalars == [4, 5, 6, 1, 2, 3])
    }

    @Test func shiftsMoveByWholePixelsAndFill() throws {
        #expect(try ImageTransform(shiftColumns: 1).apply(to: image).scalars == [0, 1, 2, 0, 4, 5])
        #expect(try ImageTransform(shiftColumns: 1, fill: .nearest).apply(to: image).scalars == [1, 1, 2, 4, 4, 5])
        #expect(try ImageTransform(shiftRows: -1, fill: .constant(9)).apply(to: image).scalars == [4, 5, 6, 9, 9, 9])
    }

    @Test func rotationBy90DegreesIsTransposeThenVerticalFlip() throws {
        let size = 4
        let source = Tensor(shape: [1, size, size, 2], scalars: (0..<(size * size * 2)).map { Float($0 * $0 % 17) })
        let rotated = try ImageTransform(rotationDegrees: 90).apply(to: source)
        for row in 0..<size { for column in 0..<size { for channel in 0..<2 {
            // NumPy's rot90: out[r][c] = in[c][w − 1 − r].
            #expect(abs(rotated[0, row, column, channel] - source[0, column, size - 1 - row, channel]) < 1e-4)
        } } }
    }

    @Test func zoomInterpolatesBilinearly() throws {
        let ramp = Tensor(shape: [1, 5, 5, 1], scalars: (0..<25).map { Float($0 % 5) })
        let zoomed = try ImageTransform(zoom: 2).apply(to: ramp)
        #expect(zoomed[0, 2, 2, 0] == 2 && zoomed[0, 2, 3, 0] == 2.5 && zoomed[0, 0, 0, 0] == 1)
    }

    @Test func noiseHasTheRequestedStandardDeviation() throws {
        let noisy = try ImageAugmentation(noiseStandardDeviation: 0.5, seed: 5).apply(to: Tensor.zeros([1, 64, 64, 1]))
        let values = noisy.scalars, mean = values.reduce(0, +) / Float(values.count)
        let deviation = (values.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Float(values.count)).squareRoot()
        #expect(abs(mean) < 0.03 && abs(deviation - 0.5) < 0.02, "mean \(mean), σ \(deviation)")
    }

    @Test func sameSeedSameBatchOtherSeedOtherBatch() throws {
        let images = Tensor.randomUniform([4, 8, 8, 3], seed: 1)
        let settings = ImageAugmentation(horizontalFlip: true, rotationRange: 20, widthShiftRange: 0.1,
                                         heightShiftRange: 0.1, zoomRange: 0.2, noiseStandardDeviation: 0.01, seed: 3)
        #expect(try settings.apply(to: images) == settings.apply(to: images))
        var other = settings
        other.seed = 4
        #expect(try other.apply(to: images) != settings.apply(to: images))
        let error = try #require(throws: DendriteError.self) { try settings.apply(to: Tensor.zeros([4, 8])) }
        #expect(error.message == "ImageAugmentation: images of shape [4, 8]; expected [samples, height, width, channels]")
        #expect(try JSONDecoder().decode(ImageAugmentation.self, from: JSONEncoder().encode(settings)) == settings)
    }

    @Test func fitAugmentsTrainingBatchesOnlyAndDeterministically() throws {
        let x = Tensor.randomUniform([16, 4, 4, 1], seed: 2), y = Tensor((0..<16).map { Float($0 % 2) })
        func train(_ augmentation: ImageAugmentation?) throws -> (History, Sequential) {
            let model = Sequential(seed: 0) {
                Flatten()
                Dense(1, activation: .sigmoid)
            }
            model.compile(optimizer: SGD(learningRate: 0.5), loss: .binaryCrossentropy)
            let history = try model.fit(x, y, epochs: 3, batchSize: 8, validationData: (x, y), verbose: 0,
                                        augmentation: augmentation)
            return (history, model)
        }
        let augmentation = ImageAugmentation(horizontalFlip: true, widthShiftRange: 0.25, seed: 9)
        let (augmented, model) = try train(augmentation)
        #expect(try train(augmentation).0["loss"] == augmented["loss"])
        #expect(try train(nil).0["loss"] != augmented["loss"])
        #expect(try model.evaluate(x, y)["loss"] == augmented["val_loss"]?.last)
        let error = try #require(throws: DendriteError.self) {
            try Sequential { Dense(1) }.fitting(Tensor.zeros([4, 3]), Tensor.zeros([4]), augmentation)
        }
        #expect(error.message == "ImageAugmentation: images of shape [4, 3]; expected [samples, height, width, channels]")
    }
}

extension Sequential {
    fileprivate func fitting(_ x: Tensor, _ y: Tensor, _ augmentation: ImageAugmentation) throws {
        compile(optimizer: SGD(), loss: .meanSquaredError)
        try fit(x, y, verbose: 0, augmentation: augmentation)
    }
}
